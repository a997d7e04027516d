/**
 * The transactions repository answers repeated reads from memory (transactions.ts says why): every
 * way a row changes or goes must be what the next read returns, as a read of the file would.
 */
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { useTempFiles } from '../testing/temp-dir';
import { Store } from '.';

const tempFile = useTempFiles();

const NOW = Date.UTC(2026, 10, 25, 12);

interface Data {
  step: string;
  verified: string[];
}

function newTx(n: number, expiresAt = NOW + 600_000) {
  return { id: `ftx${n}`, interactionHandle: `ih${n}`, stateHandle: `02sh${n}`, data: { step: 'identify', verified: [] }, expiresAt };
}

async function withStore(run: (store: Store, file: string) => Promise<void>): Promise<void> {
  const file = tempFile();
  const store = await Store.open(file);
  try {
    await run(store, file);
  } finally {
    store.close();
  }
}

/** The row as the file holds it, read by a connection of its own (no cache in between). */
async function fileRow(file: string, id: string): Promise<{ version: number; data: Data; expiresAt: number } | undefined> {
  const client = createClient({ url: `file:${file}` });
  try {
    const rs = await client.execute({ sql: 'SELECT version, data, expires_at FROM transactions WHERE id = ?', args: [id] });
    const row = rs.rows[0];
    return row && { version: Number(row.version), data: JSON.parse(row.data as string) as Data, expiresAt: Number(row.expires_at) };
  } finally {
    client.close();
  }
}

describe('transactions read back from memory', () => {
  it('finds a new transaction by its id and either handle, as stored', async () => {
    await withStore(async (store, file) => {
      await store.createTransaction(newTx(1));
      for (const handle of [{ id: 'ftx1' }, { interactionHandle: 'ih1' }, { stateHandle: '02sh1' }]) {
        expect(await store.transactionBy<Data>(handle)).toEqual({ ...newTx(1), version: 0 });
      }
      expect(await fileRow(file, 'ftx1')).toEqual({ version: 0, data: newTx(1).data, expiresAt: newTx(1).expiresAt });
      // A handle of one transaction never finds another.
      expect(await store.transactionBy({ stateHandle: 'ih1' })).toBeUndefined();
    });
  });

  it('returns a copy: changing what a read returned changes nothing stored', async () => {
    await withStore(async (store) => {
      await store.createTransaction(newTx(1));
      const first = await store.transactionBy<Data>({ stateHandle: '02sh1' });
      first?.data.verified.push('okta_password');
      expect((await store.transactionBy<Data>({ stateHandle: '02sh1' }))?.data.verified).toEqual([]);
    });
  });

  it('sees each advance, and a lost compare-and-set leaves the winner in place', async () => {
    await withStore(async (store, file) => {
      await store.createTransaction(newTx(1));
      expect(await store.advanceTransaction('ftx1', 0, { step: 'challenge', verified: [] }, NOW + 900_000)).toBe(true);
      expect(await store.transactionBy<Data>({ stateHandle: '02sh1' })).toMatchObject({
        version: 1,
        data: { step: 'challenge' },
        expiresAt: NOW + 900_000,
      });
      // A double submit that read version 0 loses, and reads find the winner's state.
      expect(await store.advanceTransaction('ftx1', 0, { step: 'other', verified: [] }, NOW + 1)).toBe(false);
      expect(await store.transactionBy<Data>({ interactionHandle: 'ih1' })).toMatchObject({ version: 1, data: { step: 'challenge' } });
      expect(await fileRow(file, 'ftx1')).toMatchObject({ version: 1, data: { step: 'challenge' } });
    });
  });

  it('sees an advance that records an interaction code in the same commit', async () => {
    await withStore(async (store) => {
      await store.createTransaction(newTx(1));
      const code = { codeHash: 'hash1', grant: { userId: '00u1' }, expiresAt: NOW + 60_000 };
      expect(await store.advanceTransaction('ftx1', 0, { step: 'success', verified: ['okta_password'] }, NOW + 900_000, code)).toBe(true);
      expect(await store.transactionBy<Data>({ id: 'ftx1' })).toMatchObject({ version: 1, data: { step: 'success' } });
      expect(await store.interactionCodeOwner('hash1')).toEqual({ transactionId: 'ftx1', userId: '00u1' });
    });
  });

  it("sees the dev clock's expiry of a transaction", async () => {
    await withStore(async (store) => {
      await store.createTransaction(newTx(1));
      await store.transactionBy({ interactionHandle: 'ih1' });
      expect(await store.expireTransaction('ih1', NOW + 5)).toBe(true);
      expect((await store.transactionBy({ stateHandle: '02sh1' }))?.expiresAt).toBe(NOW + 5);
    });
  });

  it('forgets what the purge deletes, and only that', async () => {
    await withStore(async (store) => {
      await store.createTransaction(newTx(1, NOW - 2 * 3600_000));
      await store.createTransaction(newTx(2, NOW - 60_000));
      await store.createTransaction(newTx(3));
      await store.purgeExpired(NOW);
      expect(await store.transactionBy({ id: 'ftx1' })).toBeUndefined();
      // Expired within the hour: kept, so a late introspect still says "session expired".
      expect((await store.transactionBy({ id: 'ftx2' }))?.expiresAt).toBe(NOW - 60_000);
      expect(await store.transactionBy({ stateHandle: '02sh3' })).toMatchObject({ version: 0 });
    });
  });

  it('forgets every transaction on a reset and on a snapshot restore', async () => {
    await withStore(async (store) => {
      await store.createTransaction(newTx(1));
      await store.reset();
      expect(await store.transactionBy({ stateHandle: '02sh1' })).toBeUndefined();
      await store.createTransaction(newTx(2));
      await store.restoreSnapshotRows(await store.snapshotRows());
      expect(await store.transactionBy({ stateHandle: '02sh2' })).toBeUndefined();
      expect(await store.transactionBy({ id: 'ftx2' })).toBeUndefined();
    });
  });

  it('reads a transaction it does not hold from the file (another store wrote it)', async () => {
    await withStore(async (store, file) => {
      const other = await Store.open(file);
      try {
        await other.createTransaction(newTx(1));
        expect(await store.transactionBy<Data>({ interactionHandle: 'ih1' })).toEqual({ ...newTx(1), version: 0 });
      } finally {
        other.close();
      }
    });
  });
});
