/**
 * The web app's settings, from the environment, checked once at start-up: every problem is named in one
 * `WebConfigError`, by the variable an operator sets. The defaults are the local devorg's web app on the
 * ports `npm start` uses; only the client secret has none (`npm start` passes the local app's).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export interface WebConfig {
  /** The authorization server (`https://{yourOktaDomain}/oauth2/default`, or the org URL for the org server). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Scheme, host and port the browser uses for this app, no path: the redirect URIs derive from it. */
  appBaseUrl: string;
  /** Signs the session cookie: `WEB_SESSION_SECRET`, or random per process (sessions live in memory anyway). */
  sessionSecret: string;
  host: string;
  port: number;
}

/** The local devorg's web app, as devorg/config.ts registers it. */
export const WEB_DEFAULTS = {
  WEB_OKTA_ISSUER: 'http://localhost:7070/oauth2/default',
  WEB_OKTA_CLIENT_ID: '0oadevorgwebapp00001',
  WEB_HOST: '127.0.0.1',
  WEB_PORT: '3000',
} as const;

export class WebConfigError extends Error {
  override name = 'WebConfigError';
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Plain http is accepted for a local org only (devorg); the middleware is then told so (`testing.disableHttpsCheck`). */
export function isLocalHttp(url: string): boolean {
  const parsed = parseHttpUrl(url);
  return parsed?.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
}

const trimmed = z
  .string()
  .optional()
  .transform((v) => v?.trim() || undefined);

const webEnvSchema = z
  .object({
    WEB_OKTA_ISSUER: trimmed
      .transform((v) => (v ?? WEB_DEFAULTS.WEB_OKTA_ISSUER).replace(/\/+$/, ''))
      .superRefine((issuer, ctx) => {
        const url = parseHttpUrl(issuer);
        if (!url) ctx.addIssue({ code: 'custom', message: `WEB_OKTA_ISSUER "${issuer}" is not an absolute http(s) URL` });
        else if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
          ctx.addIssue({
            code: 'custom',
            message: `WEB_OKTA_ISSUER "${issuer}" uses http; only https is accepted, except for localhost (devorg)`,
          });
      }),
    WEB_OKTA_CLIENT_ID: trimmed.transform((v) => v ?? WEB_DEFAULTS.WEB_OKTA_CLIENT_ID),
    WEB_OKTA_CLIENT_SECRET: trimmed.refine((v) => v !== undefined, {
      error:
        'WEB_OKTA_CLIENT_SECRET is not set: give the client secret of the app (npm start passes the local devorg app’s; a real org shows it under the app’s General tab › Client Credentials)',
    }),
    WEB_SESSION_SECRET: trimmed.refine((v) => v === undefined || v.length >= 32, {
      error: 'WEB_SESSION_SECRET must be at least 32 characters (or leave it unset for a random one per process)',
    }),
    WEB_HOST: trimmed.transform((v) => v ?? WEB_DEFAULTS.WEB_HOST),
    WEB_PORT: trimmed.transform((raw, ctx) => {
      const port = Number(raw ?? WEB_DEFAULTS.WEB_PORT);
      if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
      ctx.addIssue({ code: 'custom', message: `WEB_PORT must be a port number, got "${raw}"` });
      return z.NEVER;
    }),
    WEB_ALLOW_REMOTE: z.string().optional(),
  })
  .check(
    z.refine((env) => LOOPBACK.has(env.WEB_HOST) || env.WEB_ALLOW_REMOTE === '1', {
      error: (iss) =>
        `WEB_HOST "${(iss.input as { WEB_HOST: string }).WEB_HOST}" is not loopback; set WEB_ALLOW_REMOTE=1 to expose the app`,
      when: ({ value }) => typeof (value as { WEB_HOST?: unknown }).WEB_HOST === 'string',
    }),
  );

export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const parsed = webEnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  // The base URL is judged once the port is known: by default it is http://localhost:<port>.
  const port = parsed.success ? parsed.data.WEB_PORT : Number(WEB_DEFAULTS.WEB_PORT);
  const appBaseUrl = env.WEB_APP_BASE_URL?.trim() || `http://localhost:${port}`;
  const base = parseHttpUrl(appBaseUrl);
  if (!base || base.origin !== appBaseUrl) {
    problems.push(
      `WEB_APP_BASE_URL "${appBaseUrl}" must be an origin (scheme, host and port, no path or trailing slash), e.g. http://localhost:3000`,
    );
  }
  if (!parsed.success || problems.length) throw new WebConfigError(`configuration: ${problems.join('; ')}`);
  const { WEB_OKTA_ISSUER, WEB_OKTA_CLIENT_ID, WEB_OKTA_CLIENT_SECRET, WEB_SESSION_SECRET, WEB_HOST } = parsed.data;
  return {
    issuer: WEB_OKTA_ISSUER,
    clientId: WEB_OKTA_CLIENT_ID,
    clientSecret: WEB_OKTA_CLIENT_SECRET ?? '',
    appBaseUrl,
    sessionSecret: WEB_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    host: WEB_HOST,
    port,
  };
}
