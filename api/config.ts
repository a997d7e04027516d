/**
 * The protected API's settings, from the environment, parsed once at start-up by a zod schema
 * (`apiEnvSchema`). Defaults point at devorg and the portal on their `npm start` ports; a real Okta org
 * needs only `API_ISSUER`.
 */
import { z } from 'zod';

export interface ApiConfig {
  /** The authorization server whose access tokens are accepted (its JWKS is `${issuer}/v1/keys`). */
  issuer: string;
  /** Expected `aud` of access tokens (Okta's default custom authorization server uses `api://default`). */
  audience: string;
  /** Scopes every call needs (all of them), checked against the token's `scp`. */
  requiredScopes: string[];
  /** The one browser origin allowed to call the API (CORS). */
  portalOrigin: string;
  /**
   * The group `/api/admin` requires: its name must be in the access token's `groups` claim (an
   * authorization server claim of type RESOURCE with a groups filter; devorg: `claims` in its config).
   */
  adminGroup: string;
  host: string;
  port: number;
}

export const API_DEFAULTS = {
  API_ISSUER: 'http://localhost:7070/oauth2/default',
  API_AUDIENCE: 'api://default',
  // A stand-in for a custom scope such as `messages:read`: devorg grants only the standard scopes, and the
  // messages name the caller, which is what `profile` consents to.
  API_REQUIRED_SCOPES: 'profile',
  API_PORTAL_ORIGIN: 'http://localhost:8080',
  API_ADMIN_GROUP: 'Admins',
  API_HOST: '127.0.0.1',
  API_PORT: '8000',
} as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export class ApiConfigError extends Error {
  override name = 'ApiConfigError';
}

/** An environment variable as read: trimmed, its default when unset or blank. */
const setting = (name: keyof typeof API_DEFAULTS) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || API_DEFAULTS[name]);

/**
 * The API's environment, checked at once: every problem is named in one `ApiConfigError`. Messages
 * name the variable, since that is what an operator sets.
 */
const apiEnvSchema = z
  .object({
    API_ISSUER: setting('API_ISSUER')
      .transform((issuer) => issuer.replace(/\/+$/, ''))
      .superRefine((issuer, ctx) => {
        const url = parseHttpUrl(issuer);
        if (!url) {
          ctx.addIssue({
            code: 'custom',
            message: `API_ISSUER "${issuer}" is not an absolute http(s) URL, e.g. https://{yourOktaDomain}/oauth2/default`,
          });
        } else if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
          ctx.addIssue({
            code: 'custom',
            message: `API_ISSUER "${issuer}" uses http; only https is accepted, except for localhost (devorg)`,
          });
        }
      }),
    API_AUDIENCE: setting('API_AUDIENCE'),
    API_REQUIRED_SCOPES: setting('API_REQUIRED_SCOPES').transform((scopes) => scopes.split(/[\s,]+/).filter(Boolean)),
    API_PORTAL_ORIGIN: setting('API_PORTAL_ORIGIN')
      .transform((origin) => origin.replace(/\/+$/, ''))
      .refine((origin) => parseHttpUrl(origin)?.origin === origin, {
        error: (iss) =>
          `API_PORTAL_ORIGIN "${String(iss.input)}" must be an origin (scheme, host and port only), e.g. http://localhost:8080`,
      }),
    API_ADMIN_GROUP: setting('API_ADMIN_GROUP'),
    API_HOST: setting('API_HOST'),
    API_PORT: setting('API_PORT').transform((raw, ctx) => {
      const port = Number(raw);
      if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
      ctx.addIssue({ code: 'custom', message: `API_PORT must be a port number, got "${raw}"` });
      return z.NEVER;
    }),
    API_ALLOW_REMOTE: z.string().optional(),
  })
  // Like devorg: a development API listens on loopback unless told otherwise. Judged whatever else is wrong.
  .check(
    z.refine((env) => LOOPBACK.has(env.API_HOST) || env.API_ALLOW_REMOTE === '1', {
      error: (iss) =>
        `API_HOST "${(iss.input as { API_HOST: string }).API_HOST}" is not loopback; set API_ALLOW_REMOTE=1 to expose the API`,
      when: ({ value }) => typeof (value as { API_HOST?: unknown }).API_HOST === 'string',
    }),
  );

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) throw new ApiConfigError(`API configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const { API_ISSUER, API_AUDIENCE, API_REQUIRED_SCOPES, API_PORTAL_ORIGIN, API_ADMIN_GROUP, API_HOST, API_PORT } = parsed.data;
  return {
    issuer: API_ISSUER,
    audience: API_AUDIENCE,
    requiredScopes: API_REQUIRED_SCOPES,
    portalOrigin: API_PORTAL_ORIGIN,
    adminGroup: API_ADMIN_GROUP,
    host: API_HOST,
    port: API_PORT,
  };
}

/** Plain http is only ever allowed for a local issuer; jwt-verifier needs to be told so explicitly. */
export function isLocalHttp(issuer: string): boolean {
  const url = parseHttpUrl(issuer);
  return url?.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
