/**
 * `/dev/api/faults` (behind the dev API's access rules, see routes.ts): fault injection (faults.ts).
 *
 * - `POST /dev/api/faults {match, respond, times?}` → 201 with the fault (`id`, `remaining`, `hits`).
 *   A `transaction` scope must name a live IDX transaction (its interactionHandle or stateHandle).
 * - `GET /dev/api/faults` → the registered faults, in the order they are tried.
 * - `DELETE /dev/api/faults[?login=]` → 204: every fault, or one user's; `DELETE /dev/api/faults/{id}` → 204 or 404.
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import { readJsonObject } from '../http';
import type { TxData } from '../idx/machine';
import { parseOr } from '../validation';
import { MAX_FAULTS, TooManyFaultsError, type Fault } from './faults';
import { clearFaultsQuery, faultBody } from './schemas';

function view(f: Fault) {
  return {
    id: f.id,
    match: f.match,
    respond: f.respond,
    times: f.times ?? null,
    remaining: f.remaining,
    hits: f.hits,
    created: new Date(f.createdAt).toISOString(),
  };
}

export function faultRoutes(ctx: OrgContext): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const spec = parseOr(faultBody, await readJsonObject(c), 'api');
    const handle = spec.match.transaction;
    let transactionId: string | undefined;
    if (handle !== undefined) {
      const tx =
        (await ctx.store.transactionBy<TxData>({ interactionHandle: handle })) ??
        (await ctx.store.transactionBy<TxData>({ stateHandle: handle }));
      if (!tx) throw API_ERRORS.notFound(handle, 'Transaction');
      transactionId = tx.id;
    }
    try {
      const fault = ctx.faults.add(spec, ctx.ids.oktaId('flt'), ctx.clock.now(), transactionId);
      return c.json(view(fault), 201);
    } catch (err) {
      if (err instanceof TooManyFaultsError) throw API_ERRORS.validation([`faults: at most ${MAX_FAULTS} at a time; delete some first`]);
      throw err;
    }
  });

  app.get('/', (c) => c.json(ctx.faults.list().map(view)));

  app.delete('/', (c) => {
    const { login } = parseOr(clearFaultsQuery, c.req.query(), 'api');
    ctx.faults.clear(login ? { login } : {});
    return c.body(null, 204);
  });

  app.delete('/:id', (c) => {
    if (!ctx.faults.remove(c.req.param('id'))) throw API_ERRORS.notFound(c.req.param('id'), 'Fault');
    return c.body(null, 204);
  });
  return app;
}
