/**
 * Dev/test-only clock control: `GET /dev/api/clock` reads devorg's time, `POST /dev/api/clock
 * {"advanceSeconds": n}` moves it forward, `POST /dev/api/clock/expire-transaction {"interactionHandle"}`
 * lets one IDX transaction's lifetime run out now. It exists so an e2e suite can cross server-side deadlines
 * (refresh-token grace and idle periods, code and transaction expiry) without waiting for them.
 *
 * Mounted only when `config.clockControl` is on (off by default) and behind the management API's SSWS
 * token. Time only moves forward: rewinding would make already-issued tokens look issued in the future.
 * Note that it moves devorg's clock only; browsers keep their own (use Playwright's `page.clock` there).
 */
import { Hono } from 'hono';
import { isAdvanceable } from '../clock';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import { readJsonObject, requireApiToken } from '../http';
import { parseOr } from '../validation';
import { advanceClockBody, expireTransactionBody } from './schemas';

export function clockRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.use('*', requireApiToken(ctx.config.apiTokens));
  const describe = () => ({ now: new Date(ctx.clock.now()).toISOString(), nowMs: ctx.clock.now() });

  app.get('/', (c) => c.json(describe()));
  app.post('/', async (c) => {
    const { clock } = ctx;
    if (!isAdvanceable(clock))
      throw API_ERRORS.validation(['clock: this org runs on the system clock; start it with clockControl enabled']);
    const { advanceSeconds } = parseOr(advanceClockBody, await readJsonObject(c), 'api');
    clock.advance(advanceSeconds);
    return c.json(describe());
  });

  // One transaction's lifetime runs out now, as if the clock had passed it, without moving time for
  // anyone else: moving the whole org's clock by a transaction lifetime would also expire the
  // transactions (and codes) of every sign-in other tests run in parallel.
  app.post('/expire-transaction', async (c) => {
    const { interactionHandle } = parseOr(expireTransactionBody, await readJsonObject(c), 'api');
    if (!(await ctx.store.expireTransaction(interactionHandle, ctx.clock.now())))
      throw API_ERRORS.notFound(interactionHandle, 'Transaction');
    return c.json(describe());
  });
  return app;
}
