/** The outbox: every email, SMS and call devorg "sent", standing in for the recipients' mailboxes and phones. */
import { key, num, str, type Db } from './db';

export type OutboxKind = 'email' | 'sms' | 'voice';

export interface OutboxMessage {
  id: string;
  to: string;
  kind: OutboxKind;
  /**
   * The code in clear: the outbox stands in for the recipient's mailbox/phone, which sees it in
   * clear too. It is only readable with an API token or from the loopback dev console.
   */
  code: string;
  /** An email's magic link (the code and the transaction's state, for the app or devorg's page); null for SMS. */
  link: string | null;
  /** Why it was sent: `registration`, `enrollment`, `verification`, `recovery`. */
  purpose: string;
  createdAt: number;
}

export function outboxRepository(db: Db) {
  return {
    async recordOutbox(m: OutboxMessage): Promise<void> {
      await db.run(
        'INSERT INTO outbox (id, recipient, recipient_key, kind, code, link, purpose, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [m.id, m.to, key(m.to), m.kind, m.code, m.link, m.purpose, m.createdAt],
      );
    },

    /** Newest first; `to` matches case-insensitively (emails) or exactly after trimming (phone numbers). */
    async outbox(query: { to?: string; limit: number }): Promise<OutboxMessage[]> {
      const where = query.to === undefined ? '' : 'WHERE recipient_key = ?';
      const args: (string | number)[] = query.to === undefined ? [] : [key(query.to)];
      const rs = await db.execute({
        sql: `SELECT * FROM outbox ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
        args: [...args, query.limit],
      });
      return rs.rows.map((r) => ({
        id: str(r, 'id'),
        to: str(r, 'recipient'),
        kind: str(r, 'kind') as OutboxKind,
        code: str(r, 'code'),
        link: r.link === null || r.link === undefined ? null : str(r, 'link'),
        purpose: str(r, 'purpose'),
        createdAt: num(r, 'created_at'),
      }));
    },

    async clearOutbox(to?: string): Promise<void> {
      if (to === undefined) await db.run('DELETE FROM outbox');
      else await db.run('DELETE FROM outbox WHERE recipient_key = ?', [key(to)]);
    },
  };
}

export type OutboxRepository = ReturnType<typeof outboxRepository>;
