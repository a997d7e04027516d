/**
 * `/idp/idx/*`: the Identity Engine endpoints the Sign-In Widget posts to. Each handler is a short
 * list of steps: parse → load the transaction → check the remediation is on offer → do the I/O the
 * step needs (look up the user, verify an answer) → feed the facts to the state machine → save with
 * compare-and-set → render the resulting state.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authenticatorFor } from '../authenticators';
import type { OrgContext } from '../context';
import { BadRequest, IdxError, idxJson, type IdxMessage } from '../errors';
import { optionalObject, optionalString, readJsonObject, requiredString } from '../http';
import { acceptedRemediations, MESSAGES, transition, type Event, type TxData } from './machine';
import { findTransaction, renderTransaction, saveTransaction, type Tx } from './transactions';

const MAX_IDENTIFIER = 1024;

export function idxRoutes(ctx: OrgContext): Hono {
  const app = new Hono();

  app.post('/introspect', async (c) => {
    const body = await readJsonObject(c);
    const interactionHandle = optionalString(body, 'interactionHandle');
    const stateHandle = optionalString(body, 'stateHandle') ?? optionalString(body, 'stateToken');
    if (!interactionHandle && !stateHandle) throw new BadRequest('"interactionHandle" or "stateToken" is required');
    const tx = await findTransaction(ctx, interactionHandle ? { interactionHandle } : { stateHandle: stateHandle as string });
    return reply(c, tx);
  });

  app.post('/identify', async (c) => {
    const { body, tx } = await begin(c, 'identify');
    const identifier = requiredString(body, 'identifier').trim();
    if (identifier.length > MAX_IDENTIFIER) throw new BadRequest('"identifier" is too long');
    const rememberMe = body.rememberMe;
    if (rememberMe !== undefined && typeof rememberMe !== 'boolean') throw new BadRequest('"rememberMe" must be a boolean');
    const user = await ctx.store.userByLogin(identifier);
    const identified = await advance(tx, {
      type: 'identify',
      identifier,
      ...(rememberMe !== undefined ? { rememberMe } : {}),
      user: user && { id: user.id, status: user.status },
      displayUserId: ctx.ids.oktaId('00u'),
    });
    // "Identifier + password on one form": the widget can send the password with the identifier.
    const credentials = optionalObject(body, 'credentials');
    if (credentials && identified.data.step.name === 'challenge') return answer(c, identified, credentials);
    return reply(c, identified);
  });

  app.post('/challenge/answer', async (c) => {
    const { body, tx } = await begin(c, 'challenge-authenticator');
    const credentials = optionalObject(body, 'credentials');
    if (!credentials) throw new BadRequest('"credentials" is required');
    return answer(c, tx, credentials);
  });

  app.post('/cancel', async (c) => {
    const body = await readJsonObject(c);
    const tx = await findTransaction(ctx, { stateHandle: requiredString(body, 'stateHandle') });
    const fresh: TxData = { ...tx.data, step: { name: 'identify' }, verified: [] };
    delete fresh.identifier;
    delete fresh.userId;
    delete fresh.displayUserId;
    delete fresh.authTime;
    const saved = await saveTransaction(ctx, tx, fresh);
    return reply(c, saved.tx);
  });

  /** Parses the body, loads the transaction and checks `remediation` is what its current step offers. */
  async function begin(c: Context, remediation: string): Promise<{ body: Record<string, unknown>; tx: Tx }> {
    const body = await readJsonObject(c);
    const tx = await findTransaction(ctx, { stateHandle: requiredString(body, 'stateHandle') });
    if (!acceptedRemediations(tx.data.step).includes(remediation)) {
      throw wrongStep(tx);
    }
    return { body, tx };
  }

  /** Runs the machine and saves; a lost compare-and-set returns the winner's state instead. */
  async function advance(tx: Tx, event: Event): Promise<Tx & { status?: ContentfulStatusCode; messages?: IdxMessage[] }> {
    const outcome = transition(tx.data, event, ctx.clock.now(), { newInteractionCode: () => ctx.ids.secret() });
    if (outcome.status !== 200) return { ...tx, status: outcome.status, ...(outcome.messages ? { messages: outcome.messages } : {}) };
    const saved = await saveTransaction(ctx, tx, outcome.data);
    return saved.tx;
  }

  async function answer(c: Context, tx: Tx, credentials: Record<string, unknown>): Promise<Response> {
    const step = tx.data.step;
    if (step.name !== 'challenge') throw wrongStep(tx);
    const user = tx.data.userId ? await ctx.store.userById(tx.data.userId) : undefined;
    const result = await authenticatorFor(step.authenticator).verify(ctx, user, credentials);
    if (user) {
      if (result.ok) await ctx.store.recordLogin(user.id, ctx.clock.now());
      else await ctx.store.recordFailedLogin(user.id);
    }
    const next = await advance(tx, { type: 'answer', authenticator: step.authenticator, result });
    return reply(c, next);
  }

  function reply(c: Context, tx: Tx & { status?: ContentfulStatusCode; messages?: IdxMessage[] }): Response {
    return idxJson(c, renderTransaction(ctx, tx, tx.messages), tx.status ?? 200);
  }

  /** A request that doesn't fit the transaction's current step: answered with the current form + message. */
  function wrongStep(tx: Tx): IdxError {
    const message = MESSAGES.wrongStep();
    return new IdxError(400, [message], renderTransaction(ctx, tx, [message]));
  }

  return app;
}
