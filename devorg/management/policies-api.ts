/**
 * `/api/v1/policies`: the org's authenticator enrollment policies (`MFA_ENROLL`), its authentication
 * policy (`ACCESS_POLICY`) and its profile enrollment policies (`PROFILE_ENROLLMENT`: registration, the
 * form's attributes, email verification, the registration inline hook) in Okta's shapes, read-only (the Node SDK's `policyApi`). They are the
 * config's `policies`, seen as Okta models them:
 * - each rule with `enrollment` is an authenticator enrollment policy of its own, for its groups, by
 *   its priority; the config's `policies.enrollment` is the Default Policy (Everyone, last);
 * - the rules with `signOn` are rules of one authentication policy, by priority, with a group
 *   condition; `policies.signOn` is its Catch-all Rule. Each rule's `verificationMethod` is Okta's
 *   `ASSURANCE` ("Password + another factor" is `2FA`, the password alone `1FA`), or, where the passkey
 *   alone will do (`passwordless`), an `AUTH_METHOD_CHAIN`: the passkey, or the password (then another
 *   factor). A rule requiring user verification says so on the possession factors (`userVerification`).
 * A rule naming a group the org doesn't have (yet) matches nobody, as a deleted group would on Okta.
 * Changing a policy through the API is refused by name: the config is where they live.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { isAvailable, passwordlessKeys, PASSWORD, wireOf } from '../authenticators';
import { AUTHENTICATOR_KEYS, type AuthenticatorKey } from '../authenticators/types';
import type { OrgConfig, PolicyRuleConfig } from '../config';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import type { GroupRecord } from '../store/groups';
import { parseOr } from '../validation';

const POLICY_TYPES = ['MFA_ENROLL', 'ACCESS_POLICY', 'OKTA_SIGN_ON', 'PASSWORD', 'PROFILE_ENROLLMENT', 'IDP_DISCOVERY'] as const;
const SERVED = new Set(['MFA_ENROLL', 'ACCESS_POLICY', 'PROFILE_ENROLLMENT']);

const listQuery = z.object({
  type: z.enum(POLICY_TYPES, { error: `type: must be one of ${POLICY_TYPES.join(', ')}` }),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
});

/** A stable Okta-style id for a policy or rule, derived from what it is (the config has no ids). */
function stableId(prefix: string, name: string): string {
  const digits = createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, '').slice(0, 17);
  return prefix + digits.padEnd(17, '0');
}

type SignOn = NonNullable<PolicyRuleConfig['signOn']> & Partial<OrgConfig['policies']['signOn']>;

/** An authenticator as a chain names it (`{ key, method }`), with the rule's possession constraints. */
function method(key: AuthenticatorKey, signOn: SignOn) {
  const uv = signOn.userVerification === 'required' && key !== PASSWORD ? { userVerification: 'REQUIRED' } : {};
  return { key, method: wireOf(key).methods[0]?.type ?? key, ...uv };
}

/** A sign-on rule's `actions.appSignOn.verificationMethod`, in Okta's shape. */
export function verificationMethod(signOn: SignOn): Record<string, unknown> {
  const reauthenticateIn = 'PT0S';
  if (signOn.passwordless) {
    const alone = passwordlessKeys();
    const others = AUTHENTICATOR_KEYS.filter((k) => isAvailable(k) && k !== PASSWORD);
    return {
      type: 'AUTH_METHOD_CHAIN',
      reauthenticateIn,
      chains: [
        ...alone.map((k) => ({ authenticationMethods: [{ ...method(k, signOn), phishingResistant: 'REQUIRED' }], reauthenticateIn })),
        {
          authenticationMethods: [method(PASSWORD, signOn)],
          ...(signOn.secondFactor ? { next: [{ authenticationMethods: others.map((k) => method(k, signOn)), reauthenticateIn }] } : {}),
          reauthenticateIn,
        },
      ],
    };
  }
  const constraints = signOn.userVerification === 'required' ? [{ possession: { required: false, userVerification: 'REQUIRED' } }] : [];
  return { type: 'ASSURANCE', factorMode: signOn.secondFactor ? '2FA' : '1FA', reauthenticateIn, constraints };
}

interface Policy {
  id: string;
  type: 'MFA_ENROLL' | 'ACCESS_POLICY' | 'PROFILE_ENROLLMENT';
  json: Record<string, unknown>;
  rules: Record<string, unknown>[];
}

export function policiesApi(ctx: OrgContext): Hono {
  const api = new Hono();
  const base = `${ctx.config.publicOrigin}/api/v1/policies`;

  const groupIds = async (): Promise<Map<string, string>> => {
    const groups: GroupRecord[] = await ctx.store.listGroups({ limit: 10_000 });
    return new Map(groups.map((g) => [g.profile.name, g.id]));
  };
  const people = (names: readonly string[], ids: Map<string, string>) => ({
    people: { groups: { include: names.flatMap((n) => (ids.has(n) ? [ids.get(n)!] : [])) } },
  });
  const authenticators = (enrollment: { required: AuthenticatorKey[]; optional: AuthenticatorKey[] }) => [
    ...enrollment.required.map((key) => ({ key, enroll: { self: 'REQUIRED' } })),
    ...enrollment.optional.map((key) => ({ key, enroll: { self: 'OPTIONAL' } })),
  ];

  async function policies(): Promise<Policy[]> {
    const ids = await groupIds();
    const everyone = [...ids.entries()].find(([name]) => name === 'Everyone')?.[1];
    const since = new Date(Math.min(...(await ctx.store.signingKeys()).map((k) => k.createdAt))).toISOString();
    const meta = (id: string) => ({
      created: since,
      lastUpdated: since,
      _links: { self: { href: `${base}/${id}` }, rules: { href: `${base}/${id}/rules` } },
    });
    const { rules, enrollment, signOn } = ctx.config.policies;
    const byPriority = [...rules].sort((a, b) => a.priority - b.priority);

    const enrollmentPolicies: Policy[] = byPriority
      .filter((r): r is PolicyRuleConfig & { enrollment: NonNullable<PolicyRuleConfig['enrollment']> } => r.enrollment !== undefined)
      .map((rule, i) => {
        const id = stableId('00p', `MFA_ENROLL:${rule.name}`);
        return {
          id,
          type: 'MFA_ENROLL',
          json: {
            id,
            type: 'MFA_ENROLL',
            name: rule.name,
            status: 'ACTIVE',
            priority: i + 1,
            system: false,
            conditions: people(rule.groups, ids),
            settings: { type: 'AUTHENTICATORS', authenticators: authenticators(rule.enrollment) },
            ...meta(id),
          },
          rules: [],
        };
      });
    const defaultEnrollmentId = stableId('00p', 'MFA_ENROLL:Default Policy');
    enrollmentPolicies.push({
      id: defaultEnrollmentId,
      type: 'MFA_ENROLL',
      json: {
        id: defaultEnrollmentId,
        type: 'MFA_ENROLL',
        name: 'Default Policy',
        description: 'The default policy applies in all situations if no other policy applies.',
        status: 'ACTIVE',
        priority: enrollmentPolicies.length + 1,
        system: true,
        conditions: { people: { groups: { include: everyone ? [everyone] : [] } } },
        settings: { type: 'AUTHENTICATORS', authenticators: authenticators(enrollment) },
        ...meta(defaultEnrollmentId),
      },
      rules: [],
    });
    for (const p of enrollmentPolicies) {
      const ruleId = stableId('0pr', `${p.id}:rule`);
      p.rules = [
        {
          id: ruleId,
          type: 'MFA_ENROLL',
          name: 'Default Rule',
          status: 'ACTIVE',
          priority: 1,
          system: true,
          conditions: { people: { users: { exclude: [] } }, network: { connection: 'ANYWHERE' } },
          actions: { enroll: { self: 'LOGIN' } },
          created: since,
          lastUpdated: since,
          _links: { self: { href: `${base}/${p.id}/rules/${ruleId}` } },
        },
      ];
    }

    const accessId = stableId('rst', 'ACCESS_POLICY:Default Policy');
    const accessRule = (id: string, name: string, priority: number, system: boolean, conditions: unknown, rule: SignOn) => ({
      id,
      type: 'ACCESS_POLICY',
      name,
      status: 'ACTIVE',
      priority,
      system,
      conditions,
      actions: { appSignOn: { access: rule.access ?? 'ALLOW', verificationMethod: verificationMethod(rule) } },
      created: since,
      lastUpdated: since,
      _links: { self: { href: `${base}/${accessId}/rules/${id}` } },
    });
    const signOnRules = byPriority.filter((r): r is PolicyRuleConfig & { signOn: SignOn } => r.signOn !== undefined);
    const access: Policy = {
      id: accessId,
      type: 'ACCESS_POLICY',
      json: {
        id: accessId,
        type: 'ACCESS_POLICY',
        name: 'Default Policy',
        description: 'The default app sign-on policy',
        status: 'ACTIVE',
        priority: 1,
        system: true,
        conditions: null,
        ...meta(accessId),
      },
      rules: [
        ...signOnRules.map((rule, i) =>
          accessRule(stableId('rul', `${accessId}:${rule.name}`), rule.name, i + 1, false, people(rule.groups, ids), rule.signOn),
        ),
        accessRule(stableId('rul', `${accessId}:Catch-all Rule`), 'Catch-all Rule', 99, true, null, signOn),
      ],
    };
    return [...enrollmentPolicies, access, ...profileEnrollmentPolicies(since, meta)];
  }

  /**
   * The profile enrollment policies: the org's Default Policy (`policies.registration`, the form's
   * attributes, the email verification, the registration inline hook) and one for each app with a
   * registration activation or inline hook of its own (Okta maps a profile enrollment policy to apps). One rule each,
   * whose `actions.profileEnrollment` says it all.
   */
  function profileEnrollmentPolicies(since: string, meta: (id: string) => Record<string, unknown>): Policy[] {
    const { policies: org } = ctx.config;
    const policy = (name: string, system: boolean, priority: number, activation: string | undefined, hook: string | undefined): Policy => {
      const id = stableId('rst', `PROFILE_ENROLLMENT:${name}`);
      const ruleId = stableId('rul', `${id}:rule`);
      return {
        id,
        type: 'PROFILE_ENROLLMENT',
        json: { id, type: 'PROFILE_ENROLLMENT', name, status: 'ACTIVE', priority, system, conditions: null, ...meta(id) },
        rules: [
          {
            id: ruleId,
            type: 'PROFILE_ENROLLMENT',
            name: 'Catch-all rule',
            status: 'ACTIVE',
            priority: 99,
            system: true,
            conditions: null,
            actions: {
              profileEnrollment: {
                access: 'ALLOW',
                activationRequirements: { emailVerification: activation === 'email' },
                preRegistrationInlineHooks: hook === undefined ? [] : [{ inlineHookId: hook }],
                profileAttributes: org.profileAttributes.map((a) => ({ name: a.name, label: a.label, required: a.required })),
                targetGroupIds: [],
                unknownUserAction: org.registration ? 'REGISTER' : 'DENY',
                enrollAuthenticatorTypes: [],
              },
            },
            created: since,
            lastUpdated: since,
            _links: { self: { href: `${base}/${id}/rules/${ruleId}` } },
          },
        ],
      };
    };
    const own = ctx.config.apps.filter((a) => a.registrationActivation !== undefined || a.registrationInlineHook !== undefined);
    return [
      ...own.map((app, i) =>
        policy(
          app.label,
          false,
          i + 1,
          app.registrationActivation ?? org.registrationActivation,
          app.registrationInlineHook === undefined ? org.registrationInlineHook : (app.registrationInlineHook ?? undefined),
        ),
      ),
      policy('Default Policy', true, own.length + 1, org.registrationActivation, org.registrationInlineHook),
    ];
  }

  const find = async (id: string): Promise<Policy> => {
    const policy = (await policies()).find((p) => p.id === id);
    if (!policy) throw API_ERRORS.notFound(id, 'Policy');
    return policy;
  };

  api.get('/', async (c) => {
    const { type, status } = parseOr(listQuery, c.req.query(), 'api');
    if (!SERVED.has(type)) {
      throw new ApiError(400, 'E0000001', 'Api validation failed: type', [
        `devorg serves the MFA_ENROLL, ACCESS_POLICY and PROFILE_ENROLLMENT policies; ${type} policies are not supported yet`,
      ]);
    }
    const list = status === 'INACTIVE' ? [] : (await policies()).filter((p) => p.type === type);
    return c.json(list.map((p) => p.json));
  });
  api.get('/:id', async (c) => c.json((await find(c.req.param('id'))).json));
  api.get('/:id/rules', async (c) => c.json((await find(c.req.param('id'))).rules));
  api.get('/:id/rules/:ruleId', async (c) => {
    const rule = (await find(c.req.param('id'))).rules.find((r) => r.id === c.req.param('ruleId'));
    if (!rule) throw API_ERRORS.notFound(c.req.param('ruleId'), 'PolicyRule');
    return c.json(rule);
  });

  const configured = () => {
    throw new ApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method', [
      "devorg's policies are configured in the org config (policies, policies.rules); they cannot be changed through the API",
    ]);
  };
  for (const path of ['/', '/:id', '/:id/rules', '/:id/rules/:ruleId', '/:id/lifecycle/:action', '/:id/rules/:ruleId/lifecycle/:action']) {
    api.post(path, configured);
    api.put(path, configured);
    api.delete(path, configured);
  }
  return api;
}
