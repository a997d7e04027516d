/**
 * Drives the built portal in Debian's Chromium and measures with the page's own clock: a probe
 * injected before any page script records `performance.now()` when the identify form, the password
 * form and the dashboard become usable (DOM state, then the next frame = painted). Network traffic is
 * read from the DevTools protocol, which also sees cross-origin calls to devorg and CORS preflights.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../scripts/chromium';
import { BENCH_PASSWORD, PORTAL_ORIGIN } from './devorg-proc';

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

export interface NetEntry {
  url: string;
  method: string;
  type: string;
  /** Epoch ms when the browser issued the request (same clock as performance.timeOrigin + now()). */
  wall: number;
  status: number;
  /** Bytes received over the wire, headers included (0 when served from cache). */
  bytes: number;
  fromCache: boolean;
  /** Answered 304 Not Modified (a conditional request revalidated the cached copy). */
  revalidated?: boolean;
}

/** CDP Network log of one page; requests that finish loading get their byte count. */
class NetLog {
  private byId = new Map<string, NetEntry>();
  private order: NetEntry[] = [];

  static async attach(context: BrowserContext, page: Page): Promise<NetLog> {
    const log = new NetLog();
    const cdp: CDPSession = await context.newCDPSession(page);
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith('data:')) return;
      if (e.redirectResponse) return; // same requestId continues; the first entry stands for the chain
      const entry: NetEntry = {
        url: e.request.url,
        method: e.request.method,
        type: e.type ?? 'Other',
        wall: e.wallTime * 1000,
        status: 0,
        bytes: 0,
        fromCache: false,
      };
      log.byId.set(e.requestId, entry);
      log.order.push(entry);
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const entry = log.byId.get(e.requestId);
      if (entry) entry.fromCache = true;
    });
    cdp.on('Network.responseReceived', (e) => {
      const entry = log.byId.get(e.requestId);
      if (!entry) return;
      entry.status = e.response.status;
      if (e.response.fromDiskCache || e.response.fromPrefetchCache) entry.fromCache = true;
    });
    // The raw status: a revalidated cache entry (304 on the wire) is reported as its cached 200 above.
    cdp.on('Network.responseReceivedExtraInfo', (e) => {
      const entry = log.byId.get(e.requestId);
      if (entry && e.statusCode === 304) entry.revalidated = true;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const entry = log.byId.get(e.requestId);
      if (entry) entry.bytes = e.encodedDataLength;
    });
    await cdp.send('Network.enable');
    return log;
  }

  between(fromEpochMs: number, toEpochMs: number): NetEntry[] {
    return this.order.filter((e) => e.wall >= fromEpochMs && e.wall <= toEpochMs);
  }

  clear(): void {
    this.order = [];
    this.byId.clear();
  }
}

/**
 * Runs in the page before its own scripts. Marks are first-time-only, in ms since navigation start.
 * Plain JavaScript in a string: a TypeScript function would be transpiled by tsx with helpers
 * (`__name`) that do not exist in the page.
 */
export const PROBE = String.raw`(() => {
  const marks = {};
  window.__bench = marks;
  const pending = new Set();
  // The bench hears of each mark through a binding (MarkSignals below) instead of polling the page.
  const mark = (name) => {
    if (marks[name] !== undefined) return;
    marks[name] = performance.now();
    if (typeof window.__benchMarked === 'function') window.__benchMarked(name);
  };
  // Two marks per milestone, both read without forcing the page to lay out outside a frame:
  // - "name:dom": the element is in the DOM and enabled (a MutationObserver: querySelector only);
  // - "name": it is laid out in an animation frame (offsetParent, read where the frame lays the page
  //   out anyway), then painted: the first task after that frame.
  // Reading layout in the observer instead forced a layout after each batch of the widget's mutations
  // while it renders: 15-30 ms of the measured page's main thread per cold form load.
  const present = (el) => !!el && !el.disabled;
  const laidOut = (el) => present(el) && el.offsetParent !== null;
  const identify = () => document.querySelector('input[name="identifier"]');
  const passcode = () => document.querySelector('input[name="credentials.passcode"]');
  // The dashboard renders in its own shadow root, which a document MutationObserver cannot see:
  // the frame loop alone catches it (its ":dom" mark then is the frame's time).
  const welcome = () => {
    const h1 = document.querySelector('user-dashboard')?.shadowRoot?.querySelector('h1');
    return h1 && h1.textContent.includes('Welcome') ? h1 : null;
  };
  const checkDom = () => {
    if (present(identify())) mark('identify:dom');
    if (present(passcode())) mark('password:dom');
  };
  // In an animation frame callback: a message posted now runs after this frame is painted.
  const painted = (name) => {
    if (pending.has(name)) return;
    pending.add(name);
    mark(name + ':dom');
    const channel = new MessageChannel();
    channel.port1.onmessage = () => mark(name);
    channel.port2.postMessage(0);
  };
  const checkFrame = () => {
    if (laidOut(identify())) painted('identify');
    if (laidOut(passcode())) painted('password');
    if (welcome()) painted('dashboard');
  };
  new MutationObserver(checkDom).observe(document, { subtree: true, childList: true, attributes: true });
  const loop = () => { checkFrame(); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target || !target.closest('input[type="submit"], button[type="submit"]')) return;
    if (document.querySelector('input[name="credentials.passcode"]')) mark('submit-password');
    else if (document.querySelector('input[name="identifier"]')) mark('submit-identify');
  }, true);
})();`;

async function marks(page: Page): Promise<{ origin: number; m: Record<string, number> }> {
  return page.evaluate(() => ({
    origin: performance.timeOrigin,
    m: { ...(window as unknown as { __bench: Record<string, number> }).__bench },
  }));
}

/**
 * The probe's marks as they happen, told by the page through a binding (`__benchMarked`, a CDP
 * `Runtime.addBinding`): nothing polls the measured page. Playwright's `waitForFunction` runs a script on
 * the page's main thread every 50 ms, and its first run injects Playwright's selector engine there
 * (≈ 20–30 ms of one task in a trace of a cold form load), inside the very window being measured.
 * One per browser context, attached before the context's first page.
 */
export class MarkSignals {
  private readonly seen = new WeakMap<Page, Set<string>>();
  private waiters: { page: Page; name: string; resolve: () => void }[] = [];

  static async attach(context: BrowserContext): Promise<MarkSignals> {
    const signals = new MarkSignals();
    await context.exposeBinding('__benchMarked', ({ page }, name: unknown) => {
      if (typeof name === 'string') signals.arrived(page, name);
    });
    return signals;
  }

  private arrived(page: Page, name: string): void {
    let names = this.seen.get(page);
    if (!names) this.seen.set(page, (names = new Set()));
    names.add(name);
    this.waiters = this.waiters.filter((w) => {
      if (w.page !== page || w.name !== name) return true;
      w.resolve();
      return false;
    });
  }

  /** Before `page` loads a new document: its marks start afresh. */
  forget(page: Page): void {
    this.seen.delete(page);
  }

  /** Resolves once the probe in `page` has marked `name` (at once if it has). */
  wait(page: Page, name: string, timeout = 20_000): Promise<void> {
    if (this.seen.get(page)?.has(name)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no "${name}" mark within ${timeout} ms`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ page, name, resolve: done });
    });
  }
}

export interface Phase {
  /** performance.timeOrigin of the document (epoch ms), for page loads: request times relative to it. */
  origin?: number;
  ms: number;
  /** Time to the DOM state, before the next frame. */
  domMs: number;
  requests: NetEntry[];
}

export interface RunData {
  coldForm: Phase;
  warmForm: Phase;
  /** "Next" → password form painted. */
  identifyStep?: Phase;
  /** "Verify" → dashboard painted. */
  signIn?: Phase;
  /** Reload of /dashboard while signed in (warm cache). */
  dashboardReload?: Phase;
  /** Why the sign-in was not measured (e.g. MFA required). */
  notMeasured?: string;
}

const settle = () => new Promise((r) => setTimeout(r, 300));

async function loadForm(context: BrowserContext, signals: MarkSignals): Promise<{ page: Page; log: NetLog; phase: Phase }> {
  const page = await context.newPage();
  const log = await NetLog.attach(context, page);
  await page.goto(`${PORTAL_ORIGIN}/login`);
  await signals.wait(page, 'identify');
  await settle(); // let loadingFinished arrive for requests issued before the mark
  const { origin, m } = await marks(page);
  const at = m.identify as number;
  return { page, log, phase: { origin, ms: at, domMs: m['identify:dom'] ?? at, requests: log.between(0, origin + at) } };
}

/**
 * One measured visit in a fresh browser context (empty cache, no storage): cold /login, then a second
 * tab in the same context (warm HTTP cache, fresh session storage) for warm /login, the password
 * sign-in there, and a reload of the dashboard.
 */
export async function measuredVisit(browser: Browser, login: string, password = BENCH_PASSWORD): Promise<RunData> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const signals = await MarkSignals.attach(context);
  await context.addInitScript({ content: PROBE });
  try {
    const cold = await loadForm(context, signals);
    await cold.page.close();
    const warm = await loadForm(context, signals);
    const { page, log } = warm;
    const run: RunData = { coldForm: cold.phase, warmForm: warm.phase };

    await page.getByLabel('Username').fill(login);
    await page.getByRole('button', { name: 'Next' }).click();
    await signals.wait(page, 'password');
    let { origin, m } = await marks(page);
    run.identifyStep = {
      ms: (m.password as number) - (m['submit-identify'] as number),
      domMs: (m['password:dom'] as number) - (m['submit-identify'] as number),
      requests: log.between(origin + (m['submit-identify'] as number) - 1, origin + (m.password as number)),
    };

    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Verify' }).click();
    // Either the dashboard, or (after 10 s without it) the widget asking for more than the password.
    const reached = await signals.wait(page, 'dashboard', 10_000).then(
      () => true,
      () => false,
    );
    if (!reached) {
      const heading = await page
        .locator('#okta-sign-in h2')
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => null);
      run.notMeasured = `MFA required — flow not measured (after the password the widget shows "${heading?.trim() ?? 'no form'}")`;
      return run;
    }
    await settle();
    ({ origin, m } = await marks(page));
    const submit = m['submit-password'] as number;
    run.signIn = {
      ms: (m.dashboard as number) - submit,
      domMs: (m['dashboard:dom'] as number) - submit,
      requests: log.between(origin + submit - 1, origin + (m.dashboard as number)),
    };

    log.clear();
    signals.forget(page);
    await page.reload();
    await signals.wait(page, 'dashboard');
    await settle();
    ({ origin, m } = await marks(page));
    run.dashboardReload = {
      ms: m.dashboard as number,
      domMs: m['dashboard:dom'] as number,
      requests: log.between(0, origin + (m.dashboard as number)),
    };
    return run;
  } finally {
    await context.close();
  }
}
