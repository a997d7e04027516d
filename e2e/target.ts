/**
 * Which org the e2e suite runs against: devorg (the default) or an Okta org given by settings.
 *
 * One switch: set `E2E_OKTA_ISSUER`, `E2E_OKTA_CLIENT_ID` and `E2E_OKTA_API_TOKEN` (an SSWS token for
 * creating and deleting throwaway users) and the suite targets that org instead of starting devorg.
 * What the org lets tests do is declared, not guessed: devorg offers everything; a real org offers
 * what `E2E_CAPABILITIES` lists. A test whose need is unmet is skipped with the reason.
 */

/** Things a test may need that not every org offers. */
export const CAPABILITIES = {
  outbox: 'read the codes the org emails and texts (devorg outbox API)',
  clock: "move the org's clock (devorg dev API)",
  faults: 'inject errors, delays and dropped connections into the org (devorg dev API)',
  personas: 'users with their factors set up in the org config (e2e/devorg.e2e.json personas)',
  testSessions: "sign a user in without the widget (devorg's test sign-in, dev API)",
  registration: 'self-service registration (a profile enrollment policy with sign-up on)',
  mfa: 'MFA policies as devorg configures them (password + email required, TOTP/phone/security question optional)',
  myAccount:
    "the MyAccount API: the portal's app granted okta.myAccount.profile.read, profile.manage, sessions.manage, authenticators.manage and password.manage (the scopes .env.e2e asks for)",
  policyGroups:
    'policy rules by group as e2e/devorg.e2e.json configures them (group "password-only": the password alone, nothing to enroll)',
} as const;

export type Capability = keyof typeof CAPABILITIES;

export interface E2ETarget {
  kind: 'devorg' | 'org';
  /** For logs and skip reasons. */
  label: string;
  portalUrl: string;
  issuer: string;
  /** Org base URL: the issuer up to `/oauth2`. */
  orgUrl: string;
  clientId: string;
  apiToken: string;
  capabilities: ReadonlySet<Capability>;
}

type Env = Record<string, string | undefined>;

export class TargetConfigError extends Error {
  override name = 'TargetConfigError';
}

const DEVORG = {
  portalUrl: 'http://localhost:18080',
  issuer: 'http://localhost:17070/oauth2/default',
  clientId: '0oadevorgportal00001',
  apiToken: '00devorg-e2e-api-token',
} as const;

export function resolveTarget(env: Env): E2ETarget {
  const issuer = env.E2E_OKTA_ISSUER?.trim();
  if (!issuer) {
    return {
      kind: 'devorg',
      label: 'devorg',
      ...DEVORG,
      orgUrl: orgUrlOf(DEVORG.issuer),
      capabilities: new Set(Object.keys(CAPABILITIES) as Capability[]),
    };
  }
  const missing = ['E2E_OKTA_CLIENT_ID', 'E2E_OKTA_API_TOKEN'].filter((k) => !env[k]?.trim());
  if (missing.length) {
    throw new TargetConfigError(`E2E_OKTA_ISSUER is set, so the suite targets that org; it also needs ${missing.join(' and ')}.`);
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new TargetConfigError(`E2E_OKTA_ISSUER "${issuer}" is not a URL (expected https://{yourOktaDomain}/oauth2/default).`);
  }
  if (!url.pathname.includes('/oauth2')) {
    throw new TargetConfigError(
      `E2E_OKTA_ISSUER "${issuer}" should name an authorization server: https://{yourOktaDomain}/oauth2/default.`,
    );
  }
  const capabilities = new Set<Capability>();
  for (const raw of (env.E2E_CAPABILITIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(raw in CAPABILITIES)) {
      throw new TargetConfigError(`E2E_CAPABILITIES: unknown "${raw}"; known: ${Object.keys(CAPABILITIES).join(', ')}.`);
    }
    capabilities.add(raw as Capability);
  }
  const normalised = issuer.replace(/\/+$/, '');
  return {
    kind: 'org',
    label: url.host,
    // The Okta CLI registers http://localhost:8080/login/callback for SPA apps.
    portalUrl: env.E2E_PORTAL_URL?.replace(/\/+$/, '') ?? 'http://localhost:8080',
    issuer: normalised,
    orgUrl: orgUrlOf(normalised),
    clientId: env.E2E_OKTA_CLIENT_ID!.trim(),
    apiToken: env.E2E_OKTA_API_TOKEN!.trim(),
    capabilities,
  };
}

function orgUrlOf(issuer: string): string {
  return issuer.split('/oauth2')[0] ?? issuer;
}

/** Why a test can't run on this target, or undefined when it can. */
export function unmetNeeds(target: E2ETarget, needs: readonly Capability[]): string | undefined {
  const unmet = needs.filter((n) => !target.capabilities.has(n));
  if (!unmet.length) return undefined;
  return `${target.label} does not offer: ${unmet.map((n) => `${n} (${CAPABILITIES[n]})`).join('; ')}`;
}
