/** What the API answers: a few messages for the caller, built from the verified access-token claims only. */
import type { AccessTokenClaims } from './verifier';

export interface Message {
  id: string;
  text: string;
  /** ISO 8601. */
  date: string;
}

export function messagesFor(claims: AccessTokenClaims, now: Date): Message[] {
  const expires = new Date(claims.exp * 1000).toISOString();
  const scopes = Array.isArray(claims.scp) ? claims.scp.join(', ') : 'none';
  return [
    { id: 'welcome', text: `Hello, ${claims.sub}! This message comes from the protected API.`, date: now.toISOString() },
    {
      id: 'verified',
      text: `Your access token was verified with @okta/jwt-verifier against ${claims.iss} for the audience ${String(claims.aud)}.`,
      date: now.toISOString(),
    },
    { id: 'scopes', text: `It grants these scopes: ${scopes}. It expires at ${expires}.`, date: now.toISOString() },
  ];
}
