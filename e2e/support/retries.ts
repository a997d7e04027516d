/**
 * For the suite's own calls to the org that are safe to repeat (reads, deletes, a test sign-in): Playwright
 * retries them when the connection is reset. The request context keeps idle connections open, and devorg's
 * Node server closes an idle one after its keep-alive timeout (5 s): a call that picks up a connection just
 * as the server drops it fails with ECONNRESET before the server has read it (seen under load, during a
 * sign-in that kept the connection idle that long). Browsers retry such a request; so does the suite.
 */
export const RETRY_ON_RESET = { maxRetries: 2 } as const;
