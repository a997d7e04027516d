/**
 * Defence in depth for the API process: an exception or rejection that nobody handled is logged — its class
 * and stack frames, never its message (see describeError) — and the process keeps serving.
 *
 * Node's default, exiting on an uncaught exception, once let a single malformed bearer token take the API
 * down for every user (njwt threw inside a jwks-rsa callback; token-shape.ts has the story and the real
 * fix). With this guard the next such library bug costs one request, which the verifier's deadline still
 * answers (503), instead of the service. The price is a process that may carry some half-done state of the
 * failed request; for a stateless resource server that is the better trade, and a supervisor can still
 * restart it on the logged lines.
 */
import { describeError } from './errors';

export function installCrashGuards(log: (line: string) => void = (line) => console.error(line)): () => void {
  const onException = (err: unknown) => log(`api: uncaught exception, still serving: ${describeError(err)}`);
  const onRejection = (reason: unknown) => log(`api: unhandled rejection, still serving: ${describeError(reason)}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
