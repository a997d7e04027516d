import { resolveConfig } from '../src/config';
import { checkDiscovery } from '../src/org-diagnostics';

/**
 * The portal configured for a real org: its settings and discovery document checked here, at start-up, with
 * the same rules and words as the sign-in page (src/config.ts, src/org-diagnostics.ts), so a wrong or
 * unreachable issuer shows in the terminal too. Only reported: everything still starts, and the page says
 * the same once the org is fixed or reachable.
 */
export async function orgProblems(settings: { issuer?: string; clientId?: string }, portalUrl: string): Promise<string[]> {
  const resolved = resolveConfig({ VITE_OKTA_ISSUER: settings.issuer, VITE_OKTA_CLIENT_ID: settings.clientId }, portalUrl);
  if (!resolved.ok) return resolved.problems;
  const problem = await checkDiscovery(resolved.config, portalUrl, (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(5000) }),
  );
  return problem ? [`${problem.title}. ${problem.detail}`] : [];
}
