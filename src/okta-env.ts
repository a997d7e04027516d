/**
 * Build-time helpers for vite.config.ts: where the portal's org settings come from.
 * Pure (no DOM, no file system) so the precedence rules can be unit-tested.
 */

/** The local Okta org the portal talks to when nothing else is configured. */
export const DEVORG_DEFAULTS = {
  VITE_OKTA_ISSUER: 'http://localhost:7070/oauth2/default',
  VITE_OKTA_CLIENT_ID: '0oadevorgportal00001',
  VITE_DEVORG_URL: 'http://localhost:7070',
  /** The sample protected API (api/), which `npm start` runs next to devorg. */
  VITE_API_URL: 'http://localhost:8000',
  /**
   * The portal's scopes plus the MyAccount ones its account page uses; devorg's portal app may ask for them.
   * On a real org the app must be granted them first, so there the default stays without them (config.ts).
   */
  VITE_OKTA_SCOPES:
    'openid profile email offline_access okta.myAccount.profile.read okta.myAccount.profile.manage okta.myAccount.sessions.manage okta.myAccount.authenticators.manage okta.myAccount.password.read okta.myAccount.password.manage',
} as const;

export type PortalEnvName = keyof typeof DEVORG_DEFAULTS;

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/**
 * Parses the Okta CLI's `.okta.env`: shell lines like `export OKTA_OAUTH2_ISSUER="https://…"`.
 * Only the subset the CLI writes is understood (optional `export`, quoted or bare values, `#` comments);
 * anything else is skipped rather than guessed at.
 */
export function parseOktaEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const [, name, raw = ''] = match;
    if (!name) continue;
    const value = unquote(raw);
    if (value !== undefined) vars[name] = value;
  }
  return vars;
}

function unquote(raw: string): string | undefined {
  const quote = raw[0];
  if (quote === '"' || quote === "'") {
    const end = raw.indexOf(quote, 1);
    return end === -1 ? undefined : raw.slice(1, end);
  }
  // A bare value ends at whitespace; a shell would treat what follows as a comment or another word.
  return raw.split(/\s/, 1)[0] ?? '';
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * The values to inject because the env (process env + .env files) does not set them.
 * Precedence, per variable: process env / .env files first, then `.okta.env`, then devorg's defaults.
 * The devorg layer only applies when no issuer is configured anywhere, so a real org's issuer is never
 * paired with devorg's client id.
 */
export function resolvePortalEnv(
  env: Record<string, string | undefined>,
  oktaEnv?: Record<string, string>,
): Partial<Record<PortalEnvName, string>> {
  const fromOktaEnv: Partial<Record<PortalEnvName, string>> = {
    VITE_OKTA_ISSUER: oktaEnv?.OKTA_OAUTH2_ISSUER,
    VITE_OKTA_CLIENT_ID: oktaEnv?.OKTA_OAUTH2_CLIENT_ID,
  };
  const issuerConfigured = nonEmpty(env.VITE_OKTA_ISSUER) || nonEmpty(fromOktaEnv.VITE_OKTA_ISSUER);
  const layers = issuerConfigured ? [fromOktaEnv] : [fromOktaEnv, DEVORG_DEFAULTS];

  const fill: Partial<Record<PortalEnvName, string>> = {};
  for (const name of Object.keys(DEVORG_DEFAULTS) as PortalEnvName[]) {
    if (nonEmpty(env[name])) continue;
    const value = layers.map((layer) => layer[name]).find(nonEmpty);
    if (value !== undefined) fill[name] = value;
  }
  return fill;
}
