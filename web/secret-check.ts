/**
 * At start-up, whether the org accepts the app's client secret. ExpressOIDC only reads the org's discovery
 * document when it starts, so a wrong secret would otherwise first show at a user's callback. Introspecting
 * a token that is no token costs nothing and authenticates the client exactly as the token endpoint does
 * (RFC 7662 §2.1; Okta: 200 `{"active": false}` for a good secret, 401 `invalid_client` for a wrong one).
 * The result is only logged: the app runs either way, and a sign-in shows the refusal on its page.
 */
export type SecretVerdict = { kind: 'accepted' } | { kind: 'refused' } | { kind: 'unknown'; reason: string };

/** RFC 6749 §2.3.1: each part form-urlencoded, then Basic (what openid-client sends at the token endpoint). */
function basic(clientId: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

export async function checkClientSecret(issuer: string, clientId: string, secret: string, timeoutMs = 10_000): Promise<SecretVerdict> {
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`, { signal });
    if (!discovery.ok) return { kind: 'unknown', reason: `discovery answered ${discovery.status}` };
    const { introspection_endpoint: endpoint } = (await discovery.json()) as { introspection_endpoint?: unknown };
    if (typeof endpoint !== 'string') return { kind: 'unknown', reason: 'the org advertises no introspection endpoint' };
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token: 'not-a-token', token_type_hint: 'access_token' }),
      signal,
    });
    if (res.ok) return { kind: 'accepted' };
    const body = (await res.json().catch(() => ({}))) as { error?: unknown };
    if (res.status === 401 && body.error === 'invalid_client') return { kind: 'refused' };
    return { kind: 'unknown', reason: `introspection answered ${res.status}${typeof body.error === 'string' ? ` ${body.error}` : ''}` };
  } catch (err) {
    return { kind: 'unknown', reason: err instanceof Error ? err.message : String(err) };
  }
}
