/**
 * The management API's Group object, as Okta sends it for an Okta group or the built-in Everyone
 * group: `objectClass` `okta:user_group`, the profile, and the links to its logo, members and apps.
 */
import type { GroupRecord } from '../store';

export interface GroupJson {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: ['okta:user_group'];
  type: GroupRecord['type'];
  profile: { name: string; description: string | null };
  _links: {
    logo: { name: 'medium' | 'large'; href: string; type: 'image/png' }[];
    users: { href: string };
    apps: { href: string };
  };
}

/** Every href is under the org URL (`publicOrigin`), the logos included, as on Okta. */
export function groupJson(group: GroupRecord, publicOrigin: string): GroupJson {
  const self = `${publicOrigin}/api/v1/groups/${group.id}`;
  const logo = (size: 'medium' | 'large') => ({
    name: size,
    href: `${publicOrigin}/img/logos/groups/okta-${size}.png`,
    type: 'image/png' as const,
  });
  return {
    id: group.id,
    created: new Date(group.createdAt).toISOString(),
    lastUpdated: new Date(group.lastUpdatedAt).toISOString(),
    lastMembershipUpdated: new Date(group.lastMembershipUpdatedAt).toISOString(),
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: { name: group.profile.name, description: group.profile.description },
    _links: { logo: [logo('medium'), logo('large')], users: { href: `${self}/users` }, apps: { href: `${self}/apps` } },
  };
}
