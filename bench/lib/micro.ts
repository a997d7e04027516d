/**
 * Component costs behind one sign-in, measured in the bench process: what a password check, a token
 * signature and one SQLite commit cost on this machine. They explain the throughput figures and size
 * the suggested devorg optimisations (e.g. `PRAGMA synchronous = NORMAL`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { generateKeyPair, SignJWT } from 'jose';
import { hashPassword, verifyPassword } from '../../devorg/crypto/password';
import { summarize, type Summary } from './stats';

async function timeMany(n: number, fn: () => Promise<unknown>): Promise<Summary> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return summarize(t);
}

export interface MicroCosts {
  scryptTest: Summary;
  scryptProd: Summary;
  rs256: Summary;
  commitFull: Summary;
  commitNormal: Summary;
  readByKey: Summary;
}

export async function microCosts(dataParent: string, testCost: number, prodCost: number): Promise<MicroCosts> {
  const hTest = await hashPassword('Bench-Passw0rd-42', testCost);
  const hProd = await hashPassword('Bench-Passw0rd-42', prodCost);
  const scryptTest = await timeMany(50, () => verifyPassword('Bench-Passw0rd-42', hTest));
  const scryptProd = await timeMany(8, () => verifyPassword('Bench-Passw0rd-42', hProd));
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const rs256 = await timeMany(100, () => new SignJWT({ sub: 'x', scp: ['openid'] }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey));

  // One-row UPDATE commits on the same disk devorg's data dir is on, as devorg opens its file
  // (WAL; libsql's default synchronous=FULL), then with synchronous=NORMAL.
  const dir = mkdtempSync(join(dataParent, 'commit-'));
  const db = createClient({ url: `file:${join(dir, 'c.sqlite')}` });
  try {
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, k TEXT UNIQUE)');
    await db.batch(
      Array.from({ length: 1000 }, (_, i) => ({ sql: 'INSERT INTO t (id, v, k) VALUES (?, ?, ?)', args: [i, 'x', `key${i}`] })),
      'write',
    );
    let i = 0;
    const commitFull = await timeMany(200, () => db.execute({ sql: 'UPDATE t SET v = ? WHERE id = ?', args: [String(i), i++ % 1000] }));
    await db.execute('PRAGMA synchronous = NORMAL');
    const commitNormal = await timeMany(200, () => db.execute({ sql: 'UPDATE t SET v = ? WHERE id = ?', args: [String(i), i++ % 1000] }));
    const readByKey = await timeMany(500, () => db.execute({ sql: 'SELECT * FROM t WHERE k = ?', args: [`key${i++ % 1000}`] }));
    return { scryptTest, scryptProd, rs256, commitFull, commitNormal, readByKey };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
