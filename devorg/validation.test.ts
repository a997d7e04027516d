/**
 * Validation by schema: the one mapping from zod issues to each family's error (unit), and what each
 * family's routes answer for a field that is missing or of the wrong type (over HTTP, in-process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, BadRequest, IdxError, OAuthError } from './errors';
import { begin, form, json, makeUser, pkce, PORTAL, REDIRECT_URI, startHarness, type Harness } from './testing/harness';
import { fieldPath, parseOr } from './validation';
import { portalApp } from './config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-side view of error bodies

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('did not throw');
}

describe('parseOr: one mapping per family', () => {
  const schema = z.object({
    name: z.string().min(1),
    age: z.int().min(0),
    tags: z.array(z.string()),
    nested: z.object({ on: z.boolean() }),
  });
  const bad = { age: -1, tags: ['a', 7], nested: { on: 'yes' } };

  it('names fields by their path', () => {
    expect(fieldPath(['policies', 'enrollment', 'required', 2])).toBe('policies.enrollment.required[2]');
    expect(fieldPath(['credentials', 'passcode'])).toBe('credentials.passcode');
    expect(fieldPath([])).toBe('');
  });

  it('returns the parsed value when it fits', () => {
    expect(parseOr(schema, { name: 'a', age: 3, tags: [], nested: { on: true } }, 'idx')).toEqual({
      name: 'a',
      age: 3,
      tags: [],
      nested: { on: true },
    });
  });

  it('IDX: a 400 IDX error, Okta\'s "Bad request." (E0000020) then one "The request was invalid" message per problem', () => {
    const err = thrown(() => parseOr(schema, bad, 'idx'));
    expect(err).toBeInstanceOf(IdxError);
    expect((err as IdxError).status).toBe(400);
    expect((err as IdxError).document).toBeUndefined();
    expect((err as IdxError).messages[0]).toEqual({ message: 'Bad request.', i18n: { key: 'E0000020' }, class: 'ERROR' });
    expect((err as IdxError).messages.map((m) => m.message)).toEqual([
      'Bad request.',
      'The request was invalid: name: required',
      'The request was invalid: age: must be at least 0',
      'The request was invalid: tags[1]: expected a string',
      'The request was invalid: nested.on: expected a boolean',
    ]);
  });

  it('OAuth: invalid_request describing the first problem and naming the parameter', () => {
    const err = thrown(() => parseOr(z.object({ state: z.string().min(1), nonce: z.string().regex(/^n/) }), { nonce: 'x' }, 'oauth'));
    expect(err).toBeInstanceOf(OAuthError);
    expect(err).toMatchObject({ status: 400, error: 'invalid_request', description: "The 'state' parameter is required." });
    const empty = thrown(() => parseOr(z.object({ token: z.string().min(1) }), { token: '' }, 'oauth'));
    expect(empty).toMatchObject({ error: 'invalid_request', description: "The 'token' parameter is required." });
    const format = thrown(() => parseOr(z.object({ nonce: z.string().regex(/^n/) }), { nonce: 'x' }, 'oauth'));
    expect(format).toMatchObject({
      error: 'invalid_request',
      description: "The 'nonce' parameter is invalid: is not in the expected format.",
    });
  });

  it('OAuth: a check may name another OAuth error (invalid_scope)', () => {
    const scope = z
      .string()
      .refine((s) => s === 'openid', { message: 'Unsupported scopes: admin', params: { oauthError: 'invalid_scope' } });
    expect(thrown(() => parseOr(z.object({ scope }), { scope: 'admin' }, 'oauth'))).toMatchObject({
      error: 'invalid_scope',
      description: 'Unsupported scopes: admin',
    });
  });

  it('management API: E0000001 with a "<field>: <problem>" cause per problem', () => {
    const err = thrown(() => parseOr(schema.omit({ nested: true }), { name: 5, age: 1.5, tags: [] }, 'api'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: name, age',
      causes: ['name: expected a string', 'age: expected a whole number'],
    });
  });

  it('management API: an object or array where the JSON has something else is E0000003 (not well-formed)', () => {
    const err = thrown(() => parseOr(schema, { ...bad, nested: 'no' }, 'api'));
    expect(err).toBeInstanceOf(BadRequest);
    expect(err.message).toBe('nested: expected an object');
  });

  it('a message the schema gives wins over the family wording', () => {
    const err = thrown(() => parseOr(z.object({ limit: z.string().regex(/^\d+$/, 'must be a whole number') }), { limit: 'x' }, 'api'));
    expect((err as ApiError).causes).toEqual(['limit: must be a whole number']);
  });
});

describe('the routes answer schema problems in their family shape', () => {
  let h: Harness;
  let clocked: Harness;
  const SSWS = () => ({ Authorization: `SSWS ${h.config.apiTokens[0] ?? ''}` });
  beforeAll(async () => {
    h = await startHarness();
    clocked = await startHarness({ clockControl: true });
  });
  afterAll(() => {
    h.close();
    clocked.close();
  });

  async function idx(path: string, body: unknown) {
    const res = await h.app.request(`/idp/idx/${path}`, json(body));
    const doc = (await res.json()) as Json;
    const messages = (doc.messages?.value ?? []).map((m: Json) => m.message) as string[];
    // Okta's "Bad request." (E0000020) leads every malformed request's messages; devorg's details follow.
    expect(messages[0]).toBe('Bad request.');
    return { status: res.status, version: doc.version, stateHandle: doc.stateHandle as unknown, messages: messages.slice(1) };
  }

  it('IDX: a missing or mistyped field is a 400 naming it', async () => {
    const { stateHandle } = await begin(h);
    // A live transaction's context stays in the reply (its handle, as Okta's 400 keeps it).
    expect(await idx('identify', { stateHandle })).toEqual({
      status: 400,
      version: '1.0.0',
      stateHandle,
      messages: ['The request was invalid: identifier: required'],
    });
    expect((await idx('identify', { stateHandle, identifier: 42, rememberMe: 'yes', credentials: ['pw'] })).messages).toEqual([
      'The request was invalid: identifier: expected a string',
      'The request was invalid: rememberMe: expected a boolean',
      'The request was invalid: credentials: expected an object',
    ]);
    expect((await idx('identify', { stateHandle, identifier: 'x'.repeat(1025) })).messages).toEqual([
      'The request was invalid: identifier: must be at most 1024 characters',
    ]);
    expect((await idx('identify', { identifier: 'a@example.test' })).messages).toEqual(['The request was invalid: stateHandle: required']);
    expect((await idx('introspect', { stateHandle: 5 })).messages).toEqual(['The request was invalid: stateHandle: expected a string']);
    expect((await idx('introspect', {})).messages).toEqual(['The request was invalid: "interactionHandle" or "stateToken" is required']);
  });

  it('IDX: the registration form refuses non-string values, naming the attribute', async () => {
    const org = await startHarness({ policies: { registration: true } });
    try {
      const { stateHandle } = await begin(org);
      await org.app.request('/idp/idx/enroll', json({ stateHandle }));
      const res = await org.app.request('/idp/idx/enroll/new', json({ stateHandle, userProfile: { email: ['a@b.c'], firstName: 'A' } }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).messages.value.map((m: Json) => m.message)).toEqual([
        'Bad request.',
        'The request was invalid: userProfile.email: expected a string',
      ]);
    } finally {
      org.close();
    }
  });

  it('OAuth: Okta’s descriptions, naming the parameter', async () => {
    const token = async (fields: Record<string, string>) => (await h.app.request('/oauth2/default/v1/token', form(fields))).json();
    const clientId = portalApp(h.config).clientId;
    expect(await token({ client_id: clientId })).toEqual({
      error: 'invalid_request',
      error_description: "The 'grant_type' parameter is required.",
    });
    expect(await token({ client_id: clientId, grant_type: 'interaction_code', code_verifier: pkce().verifier })).toEqual({
      error: 'invalid_request',
      error_description: "The 'interaction_code' parameter is required.",
    });
    expect(await token({ client_id: clientId, grant_type: 'interaction_code', interaction_code: 'x' })).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE code verifier is required when the code challenge is present.',
    });
    expect(await token({ client_id: clientId, grant_type: 'interaction_code', interaction_code: 'x', code_verifier: 'short' })).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE verification failed.',
    });
    expect(await token({ client_id: clientId, grant_type: 'refresh_token', refresh_token: '' })).toEqual({
      error: 'invalid_request',
      error_description: "The 'refresh_token' parameter is required.",
    });
    const revoke = await h.app.request('/oauth2/default/v1/revoke', form({ client_id: clientId }));
    expect(await revoke.json()).toEqual({ error: 'invalid_request', error_description: "The 'token' parameter is required." });
  });

  it('OAuth: interact checks its form in Okta’s order, after the client', async () => {
    const interact = async (patch: Record<string, string | undefined>) => {
      const fields: Record<string, string | undefined> = {
        client_id: portalApp(h.config).clientId,
        scope: 'openid',
        redirect_uri: REDIRECT_URI,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
        state: 'st',
        ...patch,
      };
      const defined = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
      const res = await h.app.request('/oauth2/default/v1/interact', form(defined));
      return { status: res.status, body: (await res.json()) as Json };
    };
    // Everything wrong: the client is judged first, then the redirect URI, the scopes, PKCE and state.
    const allWrong = { redirect_uri: undefined, scope: 'admin', code_challenge_method: 'plain', state: undefined };
    expect((await interact({ ...allWrong, client_id: 'nobody' })).body.error).toBe('invalid_client');
    expect((await interact(allWrong)).body.error_description).toMatch(/^The 'redirect_uri' parameter must be a Login redirect URI/);
    expect((await interact({ ...allWrong, redirect_uri: REDIRECT_URI })).body).toEqual({
      error: 'invalid_scope',
      error_description: 'One or more scopes are not configured for the authorization server resource. Unsupported scopes: admin',
    });
    expect((await interact({ scope: undefined })).body.error).toBe('invalid_scope');
    expect((await interact({ code_challenge_method: 'plain', state: undefined })).body).toEqual({
      error: 'invalid_request',
      error_description: "PKCE code challenge method must be 'S256'.",
    });
    expect((await interact({ code_challenge: 'x', state: undefined })).body.error_description).toBe(
      'PKCE code challenge is required and must be a base64url SHA-256 digest.',
    );
    expect((await interact({ state: '' })).body).toEqual({
      error: 'invalid_request',
      error_description: "The 'state' parameter is required.",
    });
    expect((await interact({})).status).toBe(200);
  });

  it('management API: E0000001 naming each field; a body of the wrong structure is E0000003', async () => {
    const users = async (path: string, body: unknown) => {
      const res = await h.app.request(`/api/v1/users${path}`, {
        method: 'POST',
        headers: { ...SSWS(), 'Content-Type': 'application/json', Origin: PORTAL },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const profile = { login: 'v@example.test', email: 'v@example.test', firstName: 'V', lastName: 'Al' };
    const typed = await users('', { profile, credentials: { password: { value: 5 } } });
    expect(typed.status).toBe(400);
    expect(typed.body).toMatchObject({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: credentials.password.value',
      errorCauses: [{ errorSummary: 'credentials.password.value: expected a string' }],
    });
    const unsupported = await users('', { profile, credentials: { password: { hash: {} }, recovery_question: {} }, groupIds: ['00g1'] });
    expect(unsupported.body.errorCode).toBe('E0000001');
    expect(unsupported.body.errorCauses.map((c: Json) => c.errorSummary)).toEqual([
      'credentials.password.hash: Not supported by devorg',
      'credentials.recovery_question: Not supported by devorg',
      'groupIds: Groups are not supported by devorg yet',
    ]);
    const query = await users('?activate=yes&nextLogin=later', { profile });
    expect(query.body.errorCauses.map((c: Json) => c.errorSummary)).toEqual([
      'activate: must be true or false',
      'nextLogin: must be changePassword',
    ]);
    const structure = await users('', { profile, credentials: 'secret' });
    expect(structure.status).toBe(400);
    expect(structure.body).toMatchObject({
      errorCode: 'E0000003',
      errorSummary: 'The request body was not well-formed. credentials: expected an object',
      errorCauses: [],
    });
    const list = await h.app.request('/api/v1/users?limit=0&after=bm9wZQ', { headers: SSWS() });
    expect(((await list.json()) as Json).errorCauses.map((c: Json) => c.errorSummary)).toEqual([
      'limit: must be a whole number from 1 to 200',
      'after: The cursor is not valid',
    ]);
    // The user rules still judge the profile's attributes, with Okta's causes.
    const user = await makeUser(h);
    const blank = await users(`/${user.id}`, { profile: { firstName: '' } });
    expect(blank.body.errorCauses).toEqual([{ errorSummary: 'firstName: The field cannot be left blank' }]);
  });

  it('dev API: the management API’s shape, naming the field', async () => {
    const outbox = await h.app.request('/dev/api/outbox?limit=abc', { headers: SSWS() });
    expect(outbox.status).toBe(400);
    expect(await outbox.json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: 'limit: must be an integer from 1 to 200' }],
    });
    expect((await h.app.request('/dev/api/outbox?limit=1e1', { headers: SSWS() })).status).toBe(200);
    const post = (path: string, body: unknown) =>
      clocked.app.request(`/dev/api/clock${path}`, {
        method: 'POST',
        headers: { Authorization: `SSWS ${clocked.config.apiTokens[0] ?? ''}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await (await post('', { advanceSeconds: '10' })).json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: 'advanceSeconds: must be a number of seconds in (0, 86400]' }],
    });
    expect(await (await post('/expire-transaction', { interactionHandle: 7 })).json()).toMatchObject({
      errorCode: 'E0000001',
      errorCauses: [{ errorSummary: 'interactionHandle: required' }],
    });
  });
});
