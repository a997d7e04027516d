import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import {
  begin,
  json,
  latestCode,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  PORTAL,
  remediate,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../testing/harness';

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

async function lastMail(h: Harness, to: string) {
  const [mail] = await h.ctx.store.outbox({ to, limit: 1 });
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

/** A new user's first sign-in up to the email enrollment (a code is out). */
async function toEmailEnrollment(h: Harness) {
  const user = await makeUser(h);
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
  const enroll = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  expect(enroll.doc.currentAuthenticator.value.key).toBe('okta_email');
  return { user, start, enroll };
}

/** A user with email set up, signed in again up to the email challenge. */
async function toEmailChallenge(h: Harness) {
  const { user, enroll } = await toEmailEnrollment(h);
  const offered = await remediate(h, enroll.doc, 'enroll-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  await remediate(h, offered.doc, 'skip', {});
  const start = await begin(h);
  const password = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
  const challenge = await remediate(h, password.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
  return { user, start, challenge };
}

describe('email magic links, with the app’s callback (the portal: /login?otp=…&state=…)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(ORG_POLICIES);
  });
  afterAll(() => h.close());

  it('the challenge says a link was sent and where (masked), and the mail carries it with the code and the state', async () => {
    const { user, challenge } = await toEmailChallenge(h);
    const current = challenge.doc.currentAuthenticatorEnrollment.value;
    expect(current.contextualData).toEqual({ useEmailMagicLink: true });
    const [local, domain] = user.profile.email.split('@') as [string, string];
    expect(current.profile.email).toBe(`${local[0]}***${local[local.length - 1]}@${domain}`);
    const mail = await lastMail(h, user.profile.email);
    const link = new URL(mail.link ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(`${PORTAL}/login`);
    expect(link.searchParams.get('otp')).toBe(mail.code);
    expect(link.searchParams.get('state')).toMatch(/^st-/);
  });

  it('the link’s otp answers the challenge like a typed code (what the widget does with it)', async () => {
    const { user, challenge } = await toEmailChallenge(h);
    const otp = new URL((await lastMail(h, user.profile.email)).link ?? '').searchParams.get('otp');
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: otp } });
    expect(done.doc.successWithInteractionCode).toBeDefined();
  });
});

describe('email magic links, without a callback (devorg’s /email/verify page)', () => {
  let h: Harness;
  beforeAll(async () => {
    const apps = defaultConfig().apps.map(({ emailMagicLinkUri: _drop, ...app }) => app);
    h = await startHarness({ ...ORG_POLICIES, apps });
  });
  afterAll(() => h.close());

  const open = (link: string) => {
    const url = new URL(link);
    return h.app.request(`${url.pathname}${url.search}`);
  };

  it('following the link verifies the email; the original tab’s next poll shows what came next; a second click is stale', async () => {
    const { user, challenge } = await toEmailChallenge(h);
    const link = (await lastMail(h, user.profile.email)).link ?? '';
    expect(new URL(link).pathname).toMatch(/^\/email\/verify\/ftx/);
    const page = await open(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('Success! Return to the original tab or window');
    const polled = await h.app.request('/idp/idx/challenge/poll', json({ stateHandle: challenge.doc.stateHandle }));
    expect(polled.status).toBe(200);
    expect(((await polled.json()) as IdxDoc).successWithInteractionCode).toBeDefined();
    const again = await open(link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This email link is out of date');
  });

  it('an enrollment’s link sets email up; the widget’s poll then offers the optional authenticators', async () => {
    const { user, enroll } = await toEmailEnrollment(h);
    expect((await open((await lastMail(h, user.profile.email)).link ?? '')).status).toBe(200);
    const polled = await h.app.request('/idp/idx/challenge/poll', json({ stateHandle: enroll.doc.stateHandle }));
    expect(names((await polled.json()) as IdxDoc)).toEqual(['select-authenticator-enroll', 'skip']);
    expect((await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator)).toEqual(['okta_email']);
  });

  it('a wrong token counts as a wrong code; an expired code and a finished transaction say the link expired', async () => {
    const { user, challenge } = await toEmailChallenge(h);
    const link = new URL((await lastMail(h, user.profile.email)).link ?? '');
    const code = link.searchParams.get('token') ?? '';
    link.searchParams.set('token', code === '000000' ? '111111' : '000000');
    const wrong = await open(link.toString());
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Could not process this email link');
    // The org still waits for the code (the wrong one was counted, not the challenge ended).
    const still = (await (
      await h.app.request('/idp/idx/challenge/poll', json({ stateHandle: challenge.doc.stateHandle }))
    ).json()) as IdxDoc;
    expect(names(still)).toContain('challenge-authenticator');
    h.clock.advance(h.config.codes.lifetimeSeconds + 1);
    link.searchParams.set('token', code);
    const expired = await open(link.toString());
    expect(expired.status).toBe(410);
    h.clock.advance(h.config.tokens.transactionSeconds);
    expect((await open(link.toString())).status).toBe(410);
  });

  it('the page is rate-limited like the IDX endpoints (it answers a challenge)', async () => {
    const res = await h.app.request('/email/verify/ftxnope?token=123456');
    expect(res.headers.get('x-rate-limit-limit')).toBe(String(h.config.rateLimits.idx));
  });

  it('a malformed link gets a page, never a 500', async () => {
    expect((await h.app.request('/email/verify/ftxnope')).status).toBe(400);
    expect((await h.app.request('/email/verify/ftxnope?token=123456')).status).toBe(410);
    expect((await h.app.request(`/email/verify/x?token=${'9'.repeat(65)}`)).status).toBe(400);
  });
});

describe('email magic links off (codes.emailMagicLinks: false)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ...ORG_POLICIES, codes: { ...defaultConfig().codes, emailMagicLinks: false } });
  });
  afterAll(() => h.close());

  it('the widget is told there is no link (the code field shows at once) and the mail has none', async () => {
    const { user, challenge } = await toEmailChallenge(h);
    expect(challenge.doc.currentAuthenticatorEnrollment.value.contextualData).toEqual({ useEmailMagicLink: false });
    expect((await lastMail(h, user.profile.email)).link).toBeNull();
  });
});
