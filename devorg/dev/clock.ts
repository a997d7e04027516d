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

/** One day per call is plenty for any expiry rule and keeps a typo from jumping years ahead. */
const MAX_ADVANCE_SECONDS = 24 * 3600;

export function clockRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.use('*', requireApiToken(ctx.config.apiTokens));
  const describe = () => ({ now: new Date(ctx.clock.now()).toISOString(), nowMs: ctx.clock.now() });

  app.get('/', (c) => c.json(describe()));
  app.post('/', async (c) => {
    const { clock } = ctx;
    if (!isAdvanceable(clock))
      throw API_ERRORS.validation(['clock: this org runs on the system clock; start it with clockControl enabled']);
    const body = await readJsonObject(c);
    const seconds = body.advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw API_ERRORS.validation([`advanceSeconds: must be a number of seconds in (0, ${MAX_ADVANCE_SECONDS}]`]);
    }
    clock.advance(seconds);
    return c.json(describe());
  });

  // One transaction's lifetime runs out now, as if the clock had passed it, without moving time for
  // anyone else: moving the whole org's clock by a transaction lifetime would also expire the
  // transactions (and codes) of every sign-in other tests run in parallel.
  app.post('/expire-transaction', async (c) => {
    const interactionHandle = (await readJsonObject(c)).interactionHandle;
    if (typeof interactionHandle !== 'string' || !interactionHandle) throw API_ERRORS.validation(['interactionHandle: required']);
    if (!(await ctx.store.expireTransaction(interactionHandle, ctx.clock.now())))
      throw API_ERRORS.notFound(interactionHandle, 'Transaction');
    return c.json(describe());
  });
  return app;
}
