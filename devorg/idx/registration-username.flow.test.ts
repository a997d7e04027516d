/**
 * A Username on the registration form (a `login` profile attribute, as an Okta admin adds it to the
 * profile enrollment form): the login is what the registrant typed there, judged by the user schema's
 * login pattern and unique in the org; the email is only the email. Through the org's public routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ProfileAttribute } from '../config';
import { begin, exchange, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
const WITH_USERNAME: ProfileAttribute[] = [
  ...DEFAULTS.policies.profileAttributes,
  { name: 'login', label: 'Username', required: true, maxLength: 100 },
];
const NEW_PASSWORD = 'Quiet-Lantern-42';

let anyName: Harness;
let emailLogins: Harness;
let lettersOnly: Harness;
beforeAll(async () => {
  const policies = { ...DEFAULTS.policies, profileAttributes: WITH_USERNAME };
  anyName = await startHarness({ policies, userSchema: { loginPattern: '.+' } });
  emailLogins = await startHarness({ policies });
  lettersOnly = await startHarness({ policies, userSchema: { loginPattern: '[a-z0-9._-]+' } });
});
afterAll(() => {
  anyName.close();
  emailLogins.close();
  lettersOnly.close();
});

let n = 0;
const tag = () => `${++n}${Date.now().toString(36)}`;
const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

/** The messages under `userProfile.<attr>` (or `credentials.passcode`) of the registration form in `doc`. */
function messagesOf(doc: IdxDoc, parent: string, child: string): IdxDoc[] {
  const form = doc.remediation.value.find((r: IdxDoc) => r.name === 'enroll-profile');
  const field = form.value.find((f: IdxDoc) => f.name === parent).form.value.find((f: IdxDoc) => f.name === child);
  return field.messages?.value ?? [];
}

async function submit(h: Harness, userProfile: Record<string, string>) {
  const form = await remediate(h, (await begin(h)).doc, 'select-enroll-profile', {});
  return remediate(h, form.doc, 'enroll-profile', { userProfile });
}

/** The rest of the registration, as a person does it: password, the email's code, "Set up later". */
async function finish(h: Harness, doc: IdxDoc, email: string) {
  const emailStep = await remediate(h, doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
  expect(emailStep.doc.currentAuthenticator.value.key).toBe('okta_email');
  const [sent] = await h.ctx.store.outbox({ to: email, limit: 1 });
  const listed = await remediate(h, emailStep.doc, 'enroll-authenticator', { credentials: { passcode: sent!.code } });
  return remediate(h, listed.doc, 'skip', {});
}

async function management(h: Harness, path: string): Promise<{ status: number; body: IdxDoc }> {
  const res = await h.app.request(`/api/v1${path}`, {
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as IdxDoc };
}

describe('registration with a Username', () => {
  it('offers the Username as Okta does, and creates the account with that login and the email apart', async () => {
    const form = await remediate(anyName, (await begin(anyName)).doc, 'select-enroll-profile', {});
    const fields = form.doc.remediation.value[0].value[0].form.value;
    expect(fields.find((f: IdxDoc) => f.name === 'login')).toEqual({
      name: 'login',
      type: 'string',
      label: 'Username',
      required: true,
      minLength: 1,
      maxLength: 100,
    });

    const login = `ada.k-${tag()}`;
    const email = `ada.${tag()}@example.test`;
    const submitted = await remediate(anyName, form.doc, 'enroll-profile', {
      userProfile: { email, firstName: 'Ada', lastName: 'King', login },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.doc.user.value.identifier).toBe(login);
    expect(submitted.doc.user.value.profile.login).toBe(login);
    const done = await finish(anyName, submitted.doc, email);
    expect(done.doc.successWithInteractionCode).toBeDefined();

    // The management API's user: the login typed, the email as given; nobody's login is the email.
    const user = await management(anyName, `/users/${encodeURIComponent(login)}`);
    expect(user.status).toBe(200);
    expect(user.body.profile).toMatchObject({ login, email, firstName: 'Ada', lastName: 'King' });
    expect((await management(anyName, `/users/${encodeURIComponent(email)}`)).status).toBe(404);

    // The System Log names the account by its login.
    await anyName.ctx.log.flush();
    const filter = encodeURIComponent(`eventType eq "user.lifecycle.create" and target.id eq "${user.body.id}"`);
    const [created] = (await management(anyName, `/logs?filter=${filter}`)).body as IdxDoc[];
    expect(created!.target[0]).toMatchObject({ id: user.body.id, alternateId: login, displayName: 'Ada King' });

    // Signing in afterwards: identify by that login, and the tokens name it.
    const signedIn = await signIn(anyName, login, NEW_PASSWORD);
    const tokens = await exchange(anyName, signedIn.code, signedIn.verifier);
    expect(tokens.status).toBe(200);
    const claims = JSON.parse(Buffer.from((tokens.body.id_token as string).split('.')[1]!, 'base64url').toString()) as IdxDoc;
    expect(claims).toMatchObject({ preferred_username: login, email });
  });

  it('refuses a Username someone has (whatever its case) under the Username, and lets two accounts share an email', async () => {
    const taken = `grace.${tag()}`;
    const email = `grace.${tag()}@example.test`;
    const first = await submit(anyName, { email, firstName: 'Grace', lastName: 'Hopper', login: taken });
    expect((await finish(anyName, first.doc, email)).doc.successWithInteractionCode).toBeDefined();

    const again = await submit(anyName, {
      email: `other.${tag()}@example.test`,
      firstName: 'G',
      lastName: 'H',
      login: taken.toUpperCase(),
    });
    expect(again.status).toBe(400);
    expect(names(again.doc)).toEqual(['enroll-profile', 'select-identify']);
    expect(messagesOf(again.doc, 'userProfile', 'login')).toEqual([
      {
        message: 'A user with this Username already exists',
        i18n: { key: 'registration.error.notUniqueWithinOrg', params: ['Username'] },
        class: 'ERROR',
      },
    ]);
    expect(messagesOf(again.doc, 'userProfile', 'email')).toEqual([]);

    // The email is only the email: another account may have it.
    const sameEmail = await submit(anyName, { email, firstName: 'Grace', lastName: 'Brewster', login: `gb.${tag()}` });
    expect(sameEmail.status).toBe(200);
    expect(sameEmail.doc.currentAuthenticator.value.key).toBe('okta_password');
  });

  it('goes back to the form with the message when the Username was taken while the registrant set up the rest', async () => {
    const login = `race.${tag()}`;
    const email = `race.${tag()}@example.test`;
    const submitted = await submit(anyName, { email, firstName: 'Rae', lastName: 'Sing', login });
    const res = await anyName.app.request('/api/v1/users?activate=true', {
      method: 'POST',
      headers: { Authorization: `SSWS ${anyName.config.apiTokens[0]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ profile: { login, email: `first.${tag()}@example.test`, firstName: 'First', lastName: 'One' } }),
    });
    expect(res.status).toBe(200);
    const emailStep = await remediate(anyName, submitted.doc, 'enroll-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    const [sent] = await anyName.ctx.store.outbox({ to: email, limit: 1 });
    const listed = await remediate(anyName, emailStep.doc, 'enroll-authenticator', { credentials: { passcode: sent!.code } });
    const lost = await remediate(anyName, listed.doc, 'skip', {});
    expect(lost.status).toBe(400);
    expect(messagesOf(lost.doc, 'userProfile', 'login').map((m) => m.message)).toEqual(['A user with this Username already exists']);
  });

  it('judges the Username by the login pattern: an email address by default', async () => {
    const refused = await submit(emailLogins, { email: `e.${tag()}@example.test`, firstName: 'E', lastName: 'M', login: 'not-an-email' });
    expect(refused.status).toBe(400);
    expect(messagesOf(refused.doc, 'userProfile', 'login')).toEqual([
      {
        message: "'Username' must be in the form of an email address",
        i18n: { key: 'registration.error.invalidLoginEmail', params: ['Username'] },
        class: 'ERROR',
      },
    ]);
    const login = `work.${tag()}@corp.example.test`;
    const email = `home.${tag()}@example.test`;
    const accepted = await submit(emailLogins, { email, firstName: 'E', lastName: 'M', login });
    expect(accepted.status).toBe(200);
    expect(accepted.doc.user.value.identifier).toBe(login);
  });

  it('judges the Username by a character-set pattern, with at least five characters', async () => {
    const email = `p.${tag()}@example.test`;
    const outside = await submit(lettersOnly, { email, firstName: 'P', lastName: 'Q', login: 'Ada Lovelace' });
    expect(outside.status).toBe(400);
    expect(messagesOf(outside.doc, 'userProfile', 'login')).toEqual([
      {
        message: "Provided value for property 'Username' does not match required pattern",
        i18n: { key: 'registration.error.doesNotMatchPattern', params: ['Username'] },
        class: 'ERROR',
      },
    ]);
    const short = await submit(lettersOnly, { email, firstName: 'P', lastName: 'Q', login: 'ada' });
    expect(messagesOf(short.doc, 'userProfile', 'login').map((m) => m.i18n.key)).toEqual(['model.validation.field.string.minLength']);
    const blank = await submit(lettersOnly, { email, firstName: 'P', lastName: 'Q', login: ' ' });
    expect(messagesOf(blank.doc, 'userProfile', 'login').map((m) => m.message)).toEqual(['This field cannot be left blank']);
    expect((await submit(lettersOnly, { email, firstName: 'P', lastName: 'Q', login: `ada.l_${tag()}` })).status).toBe(200);
  });

  it('keeps the password away from the Username, not the email', async () => {
    const login = `zephyr${tag()}`;
    const submitted = await submit(anyName, { email: `z.${tag()}@example.test`, firstName: 'Zed', lastName: 'Fox', login });
    const weak = await remediate(anyName, submitted.doc, 'enroll-authenticator', { credentials: { passcode: `Aa1-${login}` } });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.doc.remediation)).toContain('no parts of your username');
  });

  it("takes such logins through the management API as the org's login pattern allows, and refuses them otherwise", async () => {
    const create = (h: Harness, login: string) =>
      h.app.request('/api/v1/users?activate=false', {
        method: 'POST',
        headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ profile: { login, email: `m.${tag()}@example.test`, firstName: 'M', lastName: 'A' } }),
      });
    const login = `mgmt.${tag()}`;
    const made = await create(anyName, login);
    expect(made.status).toBe(200);
    expect(((await made.json()) as IdxDoc).profile.login).toBe(login);
    const duplicate = await create(anyName, login);
    expect(duplicate.status).toBe(400);
    expect(await duplicate.json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: 'login: An object with this field already exists in the current organization' }],
    });
    const refused = await create(emailLogins, `mgmt.${tag()}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: 'login: Username must be in the form of an email address' }],
    });
    const outside = await create(lettersOnly, 'Ada Lovelace');
    expect(await outside.json()).toMatchObject({ errorCauses: [{ errorSummary: 'login: Does not match required pattern' }] });
  });
});
