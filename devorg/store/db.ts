/**
 * The one on-disk SQLite file every repository shares, through @libsql/client: opening it (pragmas,
 * pending migrations) and the row helpers the repositories map rows with.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet, type Row, type Transaction } from '@libsql/client';
import { MIGRATIONS } from './migrations';

/** A statement with its arguments, built by the repository that owns the table (and run alone or in a batch). */
export interface Statement {
  sql: string;
  args: InArgs;
}

/** The lookup key of a login, email address or outbox recipient: trimmed, lower-case. */
export const key = (s: string) => s.trim().toLowerCase();

export function str(row: Row, col: string | number): string {
  const v = row[col];
  // TEXT/INTEGER come back as primitives; a BLOB (none in these tables) as an ArrayBuffer.
  return v instanceof ArrayBuffer ? Buffer.from(v).toString('utf8') : String(v);
}
export function num(row: Row, col: string): number {
  return Number(row[col]);
}

/*
 * Rows are read as ONE column holding a JSON object (`json_object(...)`), shaped like the record, and
 * parsed once. @libsql/client asks libsql for every result column's metadata twice per statement and
 * copies each value with `Object.defineProperty`; for a 14-column `SELECT *` that was most of a
 * lookup's cost (bench/results.md). JSON text columns are embedded with `json(...)`, so they arrive
 * parsed in the same pass. Each repository keeps its `…_JSON` fragments next to its table's SQL; `a`
 * is the table alias (with its dot) when the query joins.
 */

/*
 * @libsql/client's file driver prepares every statement afresh (`db.prepare(sql)` per execute): SQLite
 * parses and plans the SQL each time, which was ~8 % of devorg's main thread under sign-in load
 * (bench/profile.ts). libsql's statements are reusable (each run or read resets and rebinds them), so
 * each connection keeps its prepared statements by SQL text. The SQL devorg runs is a fixed set plus a
 * few shapes with a variable number of placeholders; the cache is bounded all the same. SQLite
 * re-prepares a cached statement itself when the schema changes.
 *
 * The driver also calls `raw(true)` on every statement and takes the exception it throws as "this
 * statement returns no rows" (an INSERT or UPDATE): building that native exception each time was
 * another ~2 %. A cached write statement throws the exception it first threw instead. It also sets
 * `safeIntegers(true)` and `raw(true)` again and asks for the result columns twice (`columns()`, a
 * native call building an array of objects) on every execute: a cached statement makes those native
 * calls only when the setting changes, and reads its columns once (devorg changes the schema only in
 * the migrations at open, so a prepared statement's result columns never change under it).
 */
interface LibsqlStatement {
  raw: (raw?: boolean) => LibsqlStatement;
  safeIntegers: (toggle?: boolean) => LibsqlStatement;
  columns: () => unknown[];
}
interface LibsqlDatabase {
  prepare: (this: LibsqlDatabase, sql: string) => LibsqlStatement;
  exec: (this: LibsqlDatabase, sql: string) => void;
}

/*
 * Per-connection settings. @libsql/client keeps a pool of connections and opens another whenever a
 * call arrives while every open one is borrowed (two requests interleaving around an `await` is
 * enough), so settings made through `client.execute` reach only the connection that ran them. Each
 * connection gets them when it first prepares a statement: without them a second connection's
 * commits fsync the WAL (synchronous = FULL) and a locked database fails at once instead of waiting.
 */
const CONNECTION_PRAGMAS = [
  // In WAL mode NORMAL survives a process crash (only an OS crash or power loss can drop the last
  // commits), and it cuts a commit from ~4 ms of fsync to ~0.1 ms (bench/results.md).
  'PRAGMA synchronous = NORMAL',
  'PRAGMA busy_timeout = 5000',
];
const STATEMENT_CACHE_SIZE = 256;
const statementCaches = new WeakMap<LibsqlDatabase, Map<string, LibsqlStatement>>();
function cachePreparedStatements(): void {
  // `libsql` is the driver @libsql/client loads, resolved from there (it is not a direct dependency).
  const requireFromClient = createRequire(createRequire(import.meta.url).resolve('@libsql/client'));
  const Database = requireFromClient('libsql') as { prototype: LibsqlDatabase & { devorgCachedPrepare?: true } };
  const proto = Database.prototype;
  if (proto.devorgCachedPrepare) return;
  const prepare = proto.prepare;
  proto.prepare = function cachedPrepare(this: LibsqlDatabase, sql: string): LibsqlStatement {
    let cache = statementCaches.get(this);
    if (!cache) {
      for (const pragma of CONNECTION_PRAGMAS) this.exec(pragma);
      statementCaches.set(this, (cache = new Map()));
    }
    const hit = cache.get(sql);
    if (hit) return hit;
    const stmt = prepare.call(this, sql);
    memoizeSettings(stmt);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
    cache.set(sql, stmt);
    return stmt;
  };
  proto.devorgCachedPrepare = true;
}

/** See above: the statement's settings and columns, kept on the JS side; native calls only on a change. */
function memoizeSettings(stmt: LibsqlStatement): void {
  const raw = stmt.raw.bind(stmt);
  const safeIntegers = stmt.safeIntegers.bind(stmt);
  const columns = stmt.columns.bind(stmt);
  try {
    raw(true);
  } catch (err) {
    stmt.raw = () => {
      throw err;
    };
    return memoizeSafeIntegers();
  }
  let rawMode = true;
  stmt.raw = (on = true) => {
    if (on !== rawMode) {
      raw(on);
      rawMode = on;
    }
    return stmt;
  };
  let cols: unknown[] | undefined;
  stmt.columns = () => (cols ??= columns());
  memoizeSafeIntegers();

  function memoizeSafeIntegers(): void {
    let safe: boolean | undefined;
    stmt.safeIntegers = (on = true) => {
      if (on !== safe) {
        safeIntegers(on);
        safe = on;
      }
      return stmt;
    };
  }
}

export class Db {
  private constructor(
    private readonly client: Client,
    readonly file: string,
  ) {}

  /** Opens (creating if needed) the SQLite file and applies pending migrations. */
  static async open(file: string, migrations: readonly (readonly string[])[] = MIGRATIONS): Promise<Db> {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    cachePreparedStatements();
    const client = createClient({ url: `file:${path}` });
    // The journal mode is a property of the file; the connection settings come with each connection (above).
    await client.execute('PRAGMA journal_mode = WAL');
    const db = new Db(client, path);
    await db.migrate(migrations);
    return db;
  }

  private async migrate(migrations: readonly (readonly string[])[]): Promise<void> {
    const rs = await this.client.execute('PRAGMA user_version');
    const current = Number(rs.rows[0]?.[0] ?? 0);
    for (let v = current; v < migrations.length; v++) {
      const steps = migrations[v] ?? [];
      await this.client.batch([...steps, `PRAGMA user_version = ${v + 1}`], 'write');
    }
  }

  close(): void {
    this.client.close();
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.client.execute(stmt);
  }

  /** Runs the statements in one write transaction: all of them or none. */
  writeBatch(statements: InStatement[]): Promise<ResultSet[]> {
    return this.client.batch(statements, 'write');
  }

  /** A read transaction: several reads that see one state of the file (a snapshot's tables). */
  readTransaction(): Promise<Transaction> {
    return this.client.transaction('read');
  }

  /** An interactive write transaction, for a write that depends on what an earlier one changed. */
  writeTransaction(): Promise<Transaction> {
    return this.client.transaction('write');
  }

  async one(sql: string, args: InArgs = []): Promise<Row | undefined> {
    const rs = await this.client.execute({ sql, args });
    return rs.rows[0];
  }

  async run(sql: string, args: InArgs = []): Promise<number> {
    const rs = await this.client.execute({ sql, args });
    return rs.rowsAffected;
  }

  /** The first row's single JSON column, parsed (see the `json_object` note above). */
  async json<T>(sql: string, args: InArgs = []): Promise<T | undefined> {
    const rs = await this.client.execute({ sql, args });
    const row = rs.rows[0];
    return row ? (JSON.parse(str(row, 0)) as T) : undefined;
  }

  async jsonAll<T>(sql: string, args: InArgs = []): Promise<T[]> {
    const rs = await this.client.execute({ sql, args });
    return rs.rows.map((row) => JSON.parse(str(row, 0)) as T);
  }
}
