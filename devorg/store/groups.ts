/**
 * Groups and their members. Group names are unique in any case (the `name_key` index), so concurrent
 * creations of one name produce one group. The built-in Everyone group has every user as a member
 * without a stored row per user: its member list is the users table, and nobody can change it.
 * A membership change and the group's `lastMembershipUpdated` move together, in one batch.
 */
import { key, type Db, type Statement } from './db';
import { conditionSql, type GroupCondition } from './search';
import { USER_JSON, type UserRecord } from './user-rows';

export type GroupType = 'OKTA_GROUP' | 'BUILT_IN';

export interface GroupProfile {
  name: string;
  description: string | null;
}

export interface GroupRecord {
  id: string;
  type: GroupType;
  profile: GroupProfile;
  createdAt: number;
  lastUpdatedAt: number;
  lastMembershipUpdatedAt: number;
}

export interface GroupQuery {
  /** Okta's `q`: a prefix of the group's name, in any case. */
  q?: string;
  /** A checked `search`/`filter` expression. */
  where?: GroupCondition;
  limit: number;
  /** Sort position of the last group on the previous page. */
  afterPosition?: { createdAt: number; id: string };
}

/** A page of users (a group's members), in the users list's order and cursor. */
export interface MemberQuery {
  limit: number;
  afterPosition?: { createdAt: number; id: string };
}

export class DuplicateGroupNameError extends Error {
  override name = 'DuplicateGroupNameError';
}

/** The built-in group every user belongs to, created by migration 7. */
export const EVERYONE_GROUP_ID = '00gdevorgEveryone001';

const GROUP_JSON = (a = '') => `json_object(
  'id', ${a}id, 'type', ${a}type, 'profile', json(${a}profile), 'createdAt', ${a}created_at,
  'lastUpdatedAt', ${a}last_updated_at, 'lastMembershipUpdatedAt', ${a}last_membership_updated_at)`;

function duplicateNameOr(err: unknown, name: string): unknown {
  return /UNIQUE constraint failed: user_groups\.name_key/.test(String((err as Error).message)) ? new DuplicateGroupNameError(name) : err;
}

const profileJson = (p: GroupProfile) => JSON.stringify({ name: p.name, description: p.description });

/** Removes a user from every group (part of deleting the user: `users.ts` runs it in the same batch). */
export function groupMembershipsOfUserDeletion(userId: string): Statement {
  return { sql: 'DELETE FROM group_members WHERE user_id = ?', args: [userId] };
}

/** `… > (?, ?)` on the sort position, or nothing. */
function after(column: string, position: { createdAt: number; id: string } | undefined, args: (string | number)[]): string[] {
  if (!position) return [];
  args.push(position.createdAt, position.id);
  return [`(${column}created_at, ${column}id) > (?, ?)`];
}

export function groupsRepository(db: Db) {
  /** Adds or removes a membership; when it changed anything, the group's `lastMembershipUpdated` moves to `now`. */
  async function changeMembership(change: Statement, groupId: string, now: number): Promise<boolean> {
    const [result] = await db.writeBatch([
      change,
      // `changes()` is the row count of the statement just before, in the same transaction.
      { sql: 'UPDATE user_groups SET last_membership_updated_at = ? WHERE id = ? AND changes() > 0', args: [now, groupId] },
    ]);
    return (result?.rowsAffected ?? 0) > 0;
  }

  return {
    async createGroup(group: GroupRecord): Promise<void> {
      try {
        await db.execute({
          sql: `INSERT INTO user_groups (id, type, name_key, profile, created_at, last_updated_at, last_membership_updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)`,
          args: [
            group.id,
            group.type,
            key(group.profile.name),
            profileJson(group.profile),
            group.createdAt,
            group.lastUpdatedAt,
            group.lastMembershipUpdatedAt,
          ],
        });
      } catch (err) {
        throw duplicateNameOr(err, group.profile.name);
      }
    },

    async groupById(id: string): Promise<GroupRecord | undefined> {
      return db.json<GroupRecord>(`SELECT ${GROUP_JSON()} FROM user_groups WHERE id = ?`, [id]);
    },

    async listGroups(query: GroupQuery): Promise<GroupRecord[]> {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (query.q) {
        where.push(`substr(name_key, 1, ?) = ?`);
        const prefix = key(query.q);
        args.push(prefix.length, prefix);
      }
      if (query.where) {
        const condition = conditionSql('groups', query.where);
        where.push(condition.sql);
        args.push(...condition.args);
      }
      where.push(...after('', query.afterPosition, args));
      args.push(query.limit);
      return db.jsonAll<GroupRecord>(
        `SELECT ${GROUP_JSON()} FROM user_groups ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, id LIMIT ?`,
        args,
      );
    },

    /** Saves the profile and `lastUpdated` of an OKTA_GROUP (built-in groups are never written). */
    async updateGroup(group: GroupRecord): Promise<void> {
      try {
        await db.execute({
          sql: `UPDATE user_groups SET name_key = ?, profile = ?, last_updated_at = ? WHERE id = ? AND type = 'OKTA_GROUP'`,
          args: [key(group.profile.name), profileJson(group.profile), group.lastUpdatedAt, group.id],
        });
      } catch (err) {
        throw duplicateNameOr(err, group.profile.name);
      }
    },

    /** Deletes an OKTA_GROUP and its memberships, atomically. */
    async deleteGroup(id: string): Promise<void> {
      await db.writeBatch([
        {
          sql: "DELETE FROM group_members WHERE group_id = ? AND EXISTS (SELECT 1 FROM user_groups WHERE id = ? AND type = 'OKTA_GROUP')",
          args: [id, id],
        },
        { sql: "DELETE FROM user_groups WHERE id = ? AND type = 'OKTA_GROUP'", args: [id] },
      ]);
    },

    /** Adds a user to an OKTA_GROUP; false when they already were a member. */
    async addGroupMember(groupId: string, userId: string, now: number): Promise<boolean> {
      return changeMembership(
        {
          sql: `INSERT INTO group_members (group_id, user_id, created_at)
                SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM user_groups WHERE id = ? AND type = 'OKTA_GROUP')
                  AND EXISTS (SELECT 1 FROM users WHERE id = ?)
                ON CONFLICT (group_id, user_id) DO NOTHING`,
          args: [groupId, userId, now, groupId, userId],
        },
        groupId,
        now,
      );
    },

    /** Removes a user from a group; false when they were not a member. */
    async removeGroupMember(groupId: string, userId: string, now: number): Promise<boolean> {
      return changeMembership(
        { sql: 'DELETE FROM group_members WHERE group_id = ? AND user_id = ?', args: [groupId, userId] },
        groupId,
        now,
      );
    },

    /** A page of the group's members (every user, for the built-in Everyone group), in the users list's order. */
    async listGroupMembers(group: GroupRecord, query: MemberQuery): Promise<UserRecord[]> {
      const args: (string | number)[] = [];
      if (group.type === 'BUILT_IN') {
        const where = after('', query.afterPosition, args);
        args.push(query.limit);
        return db.jsonAll<UserRecord>(
          `SELECT ${USER_JSON()} FROM users ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, id LIMIT ?`,
          args,
        );
      }
      args.push(group.id);
      const where = ['m.group_id = ?', ...after('u.', query.afterPosition, args)];
      args.push(query.limit);
      return db.jsonAll<UserRecord>(
        `SELECT ${USER_JSON('u.')} FROM group_members m JOIN users u ON u.id = m.user_id
         WHERE ${where.join(' AND ')} ORDER BY u.created_at, u.id LIMIT ?`,
        args,
      );
    },

    /** Every group the user is in, Everyone included, oldest first. */
    async groupsOfUser(userId: string): Promise<GroupRecord[]> {
      return db.jsonAll<GroupRecord>(
        `SELECT ${GROUP_JSON('g.')} FROM user_groups g
         WHERE g.type = 'BUILT_IN' OR g.id IN (SELECT group_id FROM group_members WHERE user_id = ?)
         ORDER BY g.created_at, g.id`,
        [userId],
      );
    },
  };
}

export type GroupsRepository = ReturnType<typeof groupsRepository>;
