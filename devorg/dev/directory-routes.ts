/**
 * `/dev/api/groups` and `/dev/api/apps`: what the dev console shows of the org's directory besides
 * users (devorg's own endpoints; the Okta APIs are `/api/v1/groups` and `/api/v1/apps`).
 *
 * - `GET /dev/api/groups`: `[{ id, name, description, type, members }]`, oldest first (Everyone first);
 *   `members` counts stored members (Everyone has every user: `null`).
 * - `GET /dev/api/apps`: `[{ clientId, label, type, tokenEndpointAuthMethod, grantTypes, redirectUris,
 *   assignment, assigned }]`; no secret, not even its digest.
 * Access is the dev API's (mounted behind `devAccess`).
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import { EVERYONE_GROUP_ID } from '../store';

/** The console shows at most this many groups; the API pages through any number. */
const MAX_GROUPS = 500;
const MAX_ASSIGNED = 1000;

export function devDirectoryRoutes(ctx: OrgContext): Hono {
  const app = new Hono();

  app.get('/groups', async (c) => {
    const listed = await ctx.store.listGroups({ limit: MAX_GROUPS });
    const groups = [...listed.filter((g) => g.id === EVERYONE_GROUP_ID), ...listed.filter((g) => g.id !== EVERYONE_GROUP_ID)];
    return c.json(
      await Promise.all(
        groups.map(async (g) => ({
          id: g.id,
          name: g.profile.name,
          description: g.profile.description ?? null,
          type: g.type,
          members: g.id === EVERYONE_GROUP_ID ? null : (await ctx.store.listGroupMembers(g, { limit: MAX_GROUPS })).length,
        })),
      ),
    );
  });

  app.get('/apps', async (c) =>
    c.json(
      await Promise.all(
        ctx.config.apps.map(async (a) => ({
          clientId: a.clientId,
          label: a.label,
          type: a.type,
          tokenEndpointAuthMethod: a.tokenEndpointAuthMethod,
          grantTypes: a.grantTypes,
          redirectUris: a.redirectUris,
          assignment: a.assignment,
          assigned: (await ctx.store.appAssignments(a.clientId, { limit: MAX_ASSIGNED })).length,
        })),
      ),
    ),
  );
  return app;
}
