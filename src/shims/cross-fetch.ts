/**
 * Stands in for `cross-fetch` in the browser build (vite.config.ts aliases it). auth-js calls
 * `window.fetch || crossFetch`: the ponyfill (~6 KiB gz of whatwg-fetch) is only a fallback for
 * browsers without fetch, and every browser the es2022 build runs in has it. Looked up per call, so
 * tests that spy on `window.fetch` see the requests.
 */
const fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init);

export default fetchFn;
export { fetchFn as fetch };
