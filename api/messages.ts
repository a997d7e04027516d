/**
 * What the API answers: a few messages for the caller, built from the verified access-token claims only.
 * They are shown to the signed-in user as they are, so they are written for people: no library names,
 * no raw dates (the portal shows each message's `date` in the user's locale).
 */
import type { AccessTokenClaims } from './verifier';

export interface Message {
  id: string;
  text: string;
  /** ISO 8601. */
  date: string;
}

/** What a scope lets the portal do, in words; a scope not listed here is named as it is. */
const SCOPE_WORDS: Readonly<Record<string, string>> = {
  openid: 'confirm who you are',
  profile: 'see your name and profile',
  email: 'see your email address',
  offline_access: 'keep you signed in',
};

const list = new Intl.ListFormat('en', { type: 'conjunction' });

export function messagesFor(claims: AccessTokenClaims, now: Date): Message[] {
  const scopes = Array.isArray(claims.scp) ? claims.scp.filter((s): s is string => typeof s === 'string') : [];
  const date = now.toISOString();
  return [
    { id: 'welcome', text: `Hello, ${claims.sub}! This message comes from a service only signed-in users can reach.`, date },
    { id: 'verified', text: `It checked that your sign-in comes from ${issuerHost(claims.iss)} before answering.`, date },
    {
      id: 'scopes',
      text:
        scopes.length > 0
          ? `You allowed this portal to ${list.format(scopes.map((s) => SCOPE_WORDS[s] ?? `use “${s}”`))}.`
          : 'You allowed this portal nothing beyond signing in.',
      date,
    },
  ];
}

function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
