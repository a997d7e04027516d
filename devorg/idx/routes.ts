/**
 * `/idp/idx/*`: the Identity Engine endpoints the Sign-In Widget posts to, mounted from the
 * remediation table: one named handler per remediation path (`handlers.ts`), each a short list of the
 * shared steps (`steps.ts`). A path's handler only runs for a remediation its transaction's state offers.
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import * as handlers from './handlers';
import { REMEDIATION_PATHS } from './remediations';
import { idxSteps } from './steps';
import { errorContext } from './transactions';
import { IdxError } from '../errors';

/** Which handler serves each path of the remediation table. */
const HANDLERS: Record<string, handlers.IdxHandler> = {
  identify: handlers.identify,
  enroll: handlers.selectEnrollProfile,
  'identify/select': handlers.selectIdentify,
  'enroll/new': handlers.enrollProfile,
  recover: handlers.recover,
  'challenge/answer': handlers.answer,
  challenge: handlers.selectToVerify,
  'credential/enroll': handlers.credentialEnroll,
  'challenge/resend': handlers.resend,
  'challenge/poll': handlers.poll,
  skip: handlers.skip,
  'keep-me-signed-in': handlers.keepMeSignedIn,
  context: handlers.context,
  'unlock-account': handlers.unlockAccount,
  cancel: handlers.cancel,
};

export { flowPolicy } from './steps';

export function idxRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  const steps = idxSteps(ctx);
  app.post('/introspect', (c) => handlers.introspect(steps, c));
  for (const path of REMEDIATION_PATHS) {
    const handle = HANDLERS[path];
    // A path in the table without a handler is a programming error: fail at start-up, not per request.
    if (!handle) throw new Error(`idx: no handler for the remediation path "${path}"`);
    app.post(`/${path}`, async (c) => {
      const request = await steps.begin(c, path);
      try {
        return await handle(steps, c, request);
      } catch (err) {
        // A malformed remediation of a live transaction: Okta's 400 keeps the transaction's context.
        if (err instanceof IdxError && !err.document) throw new IdxError(err.status, err.messages, errorContext(request.tx, err.messages));
        throw err;
      }
    });
  }
  return app;
}
