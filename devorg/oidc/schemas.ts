/**
 * The forms and query strings of the OpenID Connect endpoints, parsed with `parseOr(…, 'oauth')`:
 * the first problem becomes `invalid_request` (or the OAuth error a check names: `invalid_scope`)
 * with Okta's description. An absent or empty parameter is "The 'x' parameter is required."; other
 * descriptions are Okta's and given here. A form's values are strings already (`readForm`); a schema
 * says which parameters an endpoint takes, which it needs and what they must look like. The client
 * is authenticated before its form is parsed (a wrong client is `invalid_client` whatever else is
 * wrong), and an endpoint's checks run in the order of its schema's keys.
 */
import { z } from 'zod';
import type { OidcAppConfig } from '../config';

/** A parameter that must be given and non-empty: "The 'x' parameter is required." otherwise. */
const required = z.string().min(1);

/** A PKCE verifier: RFC 7636's 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** A PKCE challenge: a base64url SHA-256 digest. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const CHALLENGE_INVALID = 'PKCE code challenge is required and must be a base64url SHA-256 digest.';
const VERIFIER_MISSING = 'PKCE code verifier is required when the code challenge is present.';
const REDIRECT_NOT_REGISTERED =
  "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://developer.okta.com/docs/guides/sign-into-spa-redirect/main/#create-an-okta-app-integration";

/** One schema per registered app, built once: the app's redirect URIs and scopes are part of it. */
function perClient<T>(build: (client: OidcAppConfig) => T): (client: OidcAppConfig) => T {
  const built = new WeakMap<OidcAppConfig, T>();
  return (client) => {
    let schema = built.get(client);
    if (schema === undefined) built.set(client, (schema = build(client)));
    return schema;
  };
}

/**
 * `scope`: space-separated, deduplicated, at least one, each configured for the app; otherwise
 * `invalid_scope` naming the unsupported ones. Shared by interact and the refresh-token grant.
 */
export const scopesOf = perClient((client) =>
  z
    .string()
    .optional()
    .transform((scope, ctx) => {
      const scopes = [...new Set((scope ?? '').split(' ').filter(Boolean))];
      const invalidScope = (message: string) => {
        ctx.addIssue({ code: 'custom', message, params: { oauthError: 'invalid_scope' } });
        return z.NEVER;
      };
      if (!scopes.length) {
        return invalidScope("The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
      }
      const unknown = scopes.filter((s) => !client.scopes.includes(s));
      if (unknown.length) {
        return invalidScope(
          `One or more scopes are not configured for the authorization server resource. Unsupported scopes: ${unknown.join(', ')}`,
        );
      }
      return scopes;
    }),
);

const MAX_AGE_INVALID = "The authentication request has an invalid 'max_age' parameter.";

/** `max_age` (OIDC Core §3.1.2.1): whole seconds; an org session authenticated longer ago doesn't count. */
const maxAgeParam = z
  .string()
  .regex(/^\d{1,9}$/, MAX_AGE_INVALID)
  .transform(Number)
  .optional();

/**
 * `POST /v1/interact`, in Okta's order: a Login redirect URI of the app (compared as exact strings:
 * no prefix, wildcard or normalisation) → the scopes → S256 PKCE → `state`. An empty `nonce` is none.
 */
export const interactForm = perClient((client) =>
  z.object({
    redirect_uri: z.string({ error: REDIRECT_NOT_REGISTERED }).refine((uri) => client.redirectUris.includes(uri), REDIRECT_NOT_REGISTERED),
    scope: scopesOf(client),
    code_challenge_method: z.literal('S256', { error: "PKCE code challenge method must be 'S256'." }),
    code_challenge: z.string({ error: CHALLENGE_INVALID }).regex(CHALLENGE, CHALLENGE_INVALID),
    state: required,
    nonce: z
      .string()
      .optional()
      .transform((nonce) => nonce || undefined),
    max_age: maxAgeParam,
  }),
);

/** `POST /v1/token`: which grant; the grant then parses its own parameters. */
export const tokenForm = z.object({ grant_type: required });

/**
 * `grant_type=interaction_code`: the code, a well-formed verifier (checked before the code is spent)
 * and the redirect URI, which the grant compares with the transaction's.
 */
export const interactionCodeForm = z.object({
  interaction_code: required,
  code_verifier: z.string({ error: VERIFIER_MISSING }).min(1, VERIFIER_MISSING).regex(VERIFIER, 'PKCE verification failed.'),
  redirect_uri: z.string().optional(),
});

/** `grant_type=refresh_token`: the token, and optionally narrower scopes (checked once the token is known: `scopesOf`). */
export const refreshTokenForm = z.object({ refresh_token: required, scope: z.string().optional() });

/** `grant_type=client_credentials`: the scopes (checked against the app's by `scopesOf`). */
export const clientCredentialsForm = z.object({ scope: z.string().optional() });

/** `POST /v1/revoke` (RFC 7009): the token; `token_type_hint` is only a hint (§2.1). */
export const revokeForm = z.object({ token: required, token_type_hint: z.string().optional() });

/** `POST /v1/introspect` (RFC 7662). */
export const introspectForm = z.object({ token: required, token_type_hint: z.string().optional() });

/** `GET /v1/logout`: every parameter optional; which combination names the client is the endpoint's rule. */
export const logoutQuery = z.object({
  id_token_hint: z.string().optional(),
  client_id: z.string().optional(),
  post_logout_redirect_uri: z.string().optional(),
  state: z.string().optional(),
});

// ---- /v1/authorize ------------------------------------------------------------------------------

/** The response modes `/v1/authorize` answers in (discovery's `response_modes_supported`). */
export const RESPONSE_MODES = ['query', 'fragment', 'form_post', 'okta_post_message'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];

/**
 * The `prompt` values served: no other screen (consent, account choice) exists in this org.
 * `enroll_authenticator` is a request of its own (`enrollAuthenticatorQuery`, enroll-authenticator.ts).
 */
export const PROMPT_VALUES = ['none', 'login'] as const;

const STATE_INVALID = "The authentication request has an invalid 'state' parameter.";
const PROMPT_INVALID = "The authentication request has an invalid 'prompt' parameter. Supported values: none, login, enroll_authenticator.";
const CHALLENGE_METHOD_INVALID = "PKCE code challenge method must be 'S256'.";
const PUBLIC_CLIENT_NEEDS_PKCE = "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.";
const METHOD_WITHOUT_CHALLENGE = "The 'code_challenge' parameter is required when 'code_challenge_method' is given.";

/** OIDC's `display` values (auth-js's popup sign-in sends `popup`). */
const DISPLAY_VALUES = ['page', 'popup', 'touch', 'wap'] as const;

/**
 * `GET /v1/authorize`, once its client, redirect URI, response mode and response type are known good
 * (those decide where an error may be sent, so `authorize.ts` checks them first). In Okta's order:
 * the scopes → `state` (Okta requires one) → the nonce → PKCE (S256 only; a public client must send a
 * challenge) → `prompt` → `max_age` → `login_hint`. `publicClient` is whether the app authenticates at
 * the token endpoint with nothing (`none`), the case where the challenge is all that binds the code.
 */
export const authorizeQuery = (client: OidcAppConfig, publicClient: boolean) =>
  z
    .object({
      scope: scopesOf(client),
      state: z.string({ error: STATE_INVALID }).min(1, STATE_INVALID).max(2048, STATE_INVALID),
      nonce: z
        .string()
        .max(2048, "The authentication request has an invalid 'nonce' parameter.")
        .optional()
        .transform((nonce) => nonce || undefined),
      code_challenge_method: z.literal('S256', { error: CHALLENGE_METHOD_INVALID }).optional(),
      code_challenge: z.string({ error: CHALLENGE_INVALID }).regex(CHALLENGE, CHALLENGE_INVALID).optional(),
      prompt: z.enum(PROMPT_VALUES, { error: PROMPT_INVALID }).optional(),
      max_age: maxAgeParam,
      login_hint: z.string().max(1024, "The 'login_hint' parameter is too long.").optional(),
      // A hint only (OIDC Core §3.1.2.1): one sign-in page whatever it says; a value outside the spec's is ignored.
      display: z
        .string()
        .optional()
        .transform((d) => (d && (DISPLAY_VALUES as readonly string[]).includes(d) ? d : undefined)),
    })
    .superRefine((q, ctx) => {
      if (q.code_challenge_method && !q.code_challenge) ctx.addIssue({ code: 'custom', message: METHOD_WITHOUT_CHALLENGE });
      else if (publicClient && !q.code_challenge) ctx.addIssue({ code: 'custom', message: PUBLIC_CLIENT_NEEDS_PKCE });
    });

/** `grant_type=authorization_code` (RFC 6749 §4.1.3): the code, the redirect URI of the request, and the PKCE verifier when one is owed. */
export const authorizationCodeForm = z.object({
  code: required,
  redirect_uri: z.string().optional(),
  code_verifier: z.string().regex(VERIFIER, 'PKCE verification failed.').optional(),
});
