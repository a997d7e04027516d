/**
 * devorg's storage: one on-disk SQLite file through @libsql/client. All SQL lives in this folder, one
 * repository module per table or aggregate (users.ts, enrollments.ts, transactions.ts, tokens.ts,
 * sessions.ts, outbox.ts, signing-keys.ts, apps.ts, maintenance.ts, groups.ts, snapshot.ts) over the shared connection in db.ts.
 *
 * Rows are mapped to plain records there so nothing else knows column names. Multi-row writes run in a
 * transaction; single-row state changes that must not race (using an interaction code, advancing an IDX
 * transaction) are conditional UPDATEs whose affected-row count says who won.
 *
 * Callers see one `Store` (`ctx.store.userById(...)`): the object `Store.open` assembles from the repositories.
 */
import { appsRepository, type AppsRepository } from './apps';
import { Db } from './db';
import { LOG_MIGRATIONS } from './migrations';
import { enrollmentsRepository, type EnrollmentsRepository } from './enrollments';
import { groupsRepository, type GroupsRepository } from './groups';
import { activationTokensRepository, type ActivationTokensRepository } from './activation-tokens';
import { eventHooksRepository, type EventHooksRepository } from './event-hooks';
import { inlineHooksRepository, type InlineHooksRepository } from './inline-hooks';
import { logEventsRepository, type LogEventsRepository } from './log-events';
import { maintenanceRepository, type MaintenanceRepository } from './maintenance';
import { outboxRepository, type OutboxRepository } from './outbox';
import { sessionsRepository, type SessionsRepository } from './sessions';
import { signingKeysRepository, type SigningKeysRepository } from './signing-keys';
import { snapshotRepository, type SnapshotRepository } from './snapshot';
import { tokensRepository, type TokensRepository } from './tokens';
import { transactionsRepository, type TransactionsRepository } from './transactions';
import { usersRepository, type UsersRepository } from './users';

export type { AppAssignment } from './apps';
export type { EnrollmentRecord, WebauthnCredentialRecord } from './enrollments';
export type { ActivationTokenRecord } from './activation-tokens';
export { DuplicateGroupNameError, EVERYONE_GROUP_ID, type GroupProfile, type GroupQuery, type GroupRecord, type GroupType } from './groups';
export type { DeliveryRecord, EventHookChannel, EventHookRecord, EventHookStatus, EventHookVerification } from './event-hooks';
export type { InlineHookRecord, InlineHookStatus, InlineHookType } from './inline-hooks';
export type { LogPosition, LogQuery, StoredLogEvent } from './log-events';
export type { OutboxKind, OutboxMessage } from './outbox';
export type { SessionRecord } from './sessions';
export type { NewTokenRow, TokenRow } from './tokens';
export type { TransactionRow } from './transactions';
export { SNAPSHOT_TABLES, type ColumnKind, type SnapshotRows, type SnapshotTable } from './snapshot';
export type { GroupCondition, GroupField, SearchCondition, SearchField, SearchOperator, UserCondition, UserField } from './search';
export { DuplicateLoginError, type UserProfile, type UserQuery, type UserRecord, type UserStatus } from './users';

/** The open file itself; everything else on a `Store` is a repository's method. */
interface StoreFile {
  readonly file: string;
  close(): void;
}

/** The open store: every repository's methods side by side. */
export type Store = StoreFile &
  SigningKeysRepository &
  UsersRepository &
  EnrollmentsRepository &
  OutboxRepository &
  TransactionsRepository &
  TokensRepository &
  SessionsRepository &
  AppsRepository &
  MaintenanceRepository &
  GroupsRepository &
  ActivationTokensRepository &
  LogEventsRepository &
  EventHooksRepository &
  InlineHooksRepository &
  SnapshotRepository;

/** `devorg.sqlite` → `devorg.log.sqlite`. */
export function logFileOf(file: string): string {
  return file.replace(/(\.sqlite)?$/, '.log.sqlite');
}

export const Store = {
  /** Opens (creating if needed) the SQLite file and applies pending migrations. */
  async open(file: string): Promise<Store> {
    const db = await Db.open(file);
    // The System Log and event hooks live in a file of their own beside it (LOG_MIGRATIONS says why).
    const logDb = await Db.open(logFileOf(db.file), LOG_MIGRATIONS);
    const logEvents = logEventsRepository(logDb);
    const eventHooks = eventHooksRepository(logDb);
    const maintenance = maintenanceRepository(db);
    // Method names are unique across repositories (a shared one would reach callers from the later spread only).
    return {
      file: db.file,
      close: () => {
        db.close();
        logDb.close();
      },
      ...signingKeysRepository(db),
      ...usersRepository(db),
      ...enrollmentsRepository(db),
      ...outboxRepository(db),
      ...transactionsRepository(db),
      ...tokensRepository(db),
      ...sessionsRepository(db),
      ...appsRepository(db),
      ...maintenance,
      ...groupsRepository(db),
      ...activationTokensRepository(db),
      ...snapshotRepository(db),
      ...logEvents,
      ...eventHooks,
      ...inlineHooksRepository(logDb),
      // A reset empties both files.
      async reset() {
        await maintenance.reset();
        await logEvents.clearLogEvents();
        await eventHooks.clearDeliveries();
      },
    };
  },
};
