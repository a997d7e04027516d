/**
 * Renders a transaction state as the IDX document the Sign-In Widget expects (envelope, remediation
 * forms with absolute hrefs, authenticator objects every `relatesTo` points at). Pure: no I/O.
 */
import { authenticatorFor, PASSWORD, wireOf } from '../authenticators';
import { complexitySettings, passwordEnrollmentId } from '../authenticators/password';
import type { AuthenticatorKey, IdxField } from '../authenticators/types';
import type { PasswordPolicy, ProfileAttribute } from '../config';
import { TOKEN_REDIRECT_PATH } from '../oidc/hosted/redirect-sign-in';
import type { IdxMessage } from '../errors';
import { localeOf, timeZoneOf } from '../users';
import { alternativeFactors, registrantLogin, type TxData, type UserContext } from './machine';
import { has } from './machine/policy';
import { remediation as remediationOf, type RemediationName } from './remediations';
import type { FieldMessages } from './registration';
import { challengeData, keepMeSignedInFields, unlockIdentify } from './render-steps';

export const IDX_ACCEPTS = 'application/json; okta-version=1.0.0';
export const IDX_PRODUCES = 'application/ion+json; okta-version=1.0.0';

/** The org settings that shape what the forms look like. */
export interface RenderOrg {
  registration: boolean;
  profileAttributes: readonly ProfileAttribute[];
  passwordPolicy: PasswordPolicy;
  pollMs: number;
  /** The identify form asks for the password too, with "Forgot password?" (`currentAuthenticator.recover`). */
  passwordOnIdentify?: boolean;
  /** The identify form's "Keep me signed in" comes ticked (`rememberMe` with `value: true`). */
  keepMeSignedInByDefault?: boolean;
  /** Self-service unlock: the identify form offers "Unlock account?" (`unlock-account`). */
  selfServiceUnlock?: boolean;
  /** Email, SMS and voice codes are letters and digits: their passcode fields say `format: "alphanumeric"`. */
  alphanumericCodes?: boolean;
  /** The registration form asks for the password too (`credentials.passcode`, the password authenticator as `currentAuthenticator`). */
  passwordOnRegistrationForm?: boolean;
}

export interface RenderInput {
  origin: string;
  /** The token endpoint of the authorization server the transaction was started on. */
  tokenEndpoint: string;
  /** That authorization server, as `authentication.value.issuer` names it. */
  issuer: { name: string; uri: string };
  stateHandle: string;
  expiresAt: number;
  app: { id: string; label: string };
  org: RenderOrg;
  tx: TxData;
  messages?: IdxMessage[];
  /** Messages placed under fields, by path (`userProfile.email`, `credentials.passcode`). */
  fieldMessages?: FieldMessages;
  /** What the current step's authenticator drew for this reply (`media()`: the TOTP QR code). */
  media?: Record<string, unknown>;
}

export interface Form {
  rel: ['create-form'];
  name: string;
  href: string;
  method: 'POST';
  accepts: string;
  produces: string;
  value: IdxField[];
  relatesTo?: string[];
  refresh?: number;
}

function stateHandleField(stateHandle: string): IdxField {
  return { name: 'stateHandle', required: true, value: stateHandle, visible: false, mutable: false };
}

/** A remediation's form; its href comes from the remediation table, like the routes' paths. */
export function form(input: RenderInput, name: RemediationName, fields: IdxField[], extra: Partial<Form> = {}): Form {
  return {
    rel: ['create-form'],
    name,
    href: `${input.origin}/idp/idx/${remediationOf(name).path}`,
    method: 'POST',
    accepts: IDX_ACCEPTS,
    produces: IDX_PRODUCES,
    value: [...withFieldMessages(fields, '', input.fieldMessages), stateHandleField(input.stateHandle)],
    ...extra,
  };
}

/** Attaches field-level messages to the (possibly nested) field each path names. */
function withFieldMessages(fields: IdxField[], prefix: string, messages: FieldMessages | undefined): IdxField[] {
  if (!messages) return fields;
  return fields.map((f) => {
    const path = prefix + f.name;
    const own = messages[path];
    const out: IdxField = { ...f };
    if (f.form) out.form = { value: withFieldMessages(f.form.value, `${path}.`, messages) };
    // A choice of sub-forms (security question: predefined or custom) carries the messages in each.
    if (f.options) {
      out.options = f.options.map((o) => {
        const opt = o as { value?: { form?: { value: IdxField[] } } };
        const sub = opt.value?.form;
        return sub ? { ...opt, value: { ...opt.value, form: { value: withFieldMessages(sub.value, `${path}.`, messages) } } } : o;
      });
    }
    if (own?.length) out.messages = { type: 'array', value: own };
    return out;
  });
}

export const array = <T>(value: T[]) => ({ type: 'array' as const, value });
export const object = <T>(value: T) => ({ type: 'object' as const, value });

export function describeFor(key: AuthenticatorKey) {
  const a = wireOf(key);
  return { type: a.type, key: a.key, id: a.id, displayName: a.displayName, methods: a.methods };
}

/**
 * An entry of a list to choose from (`authenticators`, `authenticatorEnrollments`): the authenticator and
 * `authenticatorId`, the org authenticator's id (the widget's AuthenticatorEnrollmentValue), as Okta sends it.
 */
export function describeListed(key: AuthenticatorKey) {
  const a = describeFor(key);
  return { ...a, authenticatorId: a.id };
}

/** The user's enrollment id for `key` (stored, or drawn when it was set up in this transaction). */
export function enrollmentIdOf(key: AuthenticatorKey, tx: TxData): string | undefined {
  return tx.enrollmentIds?.[key] ?? tx.newEnrollments?.find((e) => e.key === key)?.id;
}

/**
 * An entry of `authenticatorEnrollments`: the authenticator under its enrollment's id (Okta's, distinct
 * from the authenticator's, which `authenticatorId` keeps), plus what its enrollment adds (a passkey's
 * credential id, a phone's masked number).
 */
export function describeEnrollment(key: AuthenticatorKey, tx: TxData) {
  const id = enrollmentIdOf(key, tx);
  return { ...describeListed(key), ...(id ? { id } : {}), ...authenticatorFor(key).idx.enrollmentEntry?.(tx) };
}

/**
 * `authenticatorEnrollments` for `keys`: one entry each, in their order (select options point at them
 * by index), then the further enrollments of the same authenticators (a user's other passkeys).
 */
export function enrollmentList(keys: AuthenticatorKey[], tx: TxData) {
  const more = keys.flatMap((key) =>
    (authenticatorFor(key).idx.moreEnrollmentEntries?.(tx) ?? []).map((e) => ({ ...describeListed(key), ...e })),
  );
  return array([...keys.map((key) => describeEnrollment(key, tx)), ...more]);
}

/**
 * `authenticatorEnrollments` beside an enrollment or a new password: everything the user has, as Okta lists
 * it, the password included (it lives on the user, not in an enrollment row: `passwordEnrollmentId`).
 */
export function userEnrollments(tx: TxData) {
  const keys = has(tx);
  const list = enrollmentList(keys, tx);
  if (keys.includes(PASSWORD) || tx.userId === undefined || tx.userContext?.passwordChanged === undefined) return list;
  return array([...list.value, { ...describeListed(PASSWORD), id: passwordEnrollmentId({ id: tx.userId }) }]);
}

/** A list of authenticators to pick from; each option points at its entry in `list`. */
export function selectForm(
  input: RenderInput,
  name: RemediationName,
  keys: AuthenticatorKey[],
  list: 'authenticators' | 'authenticatorEnrollments',
): Form {
  return form(input, name, [
    {
      name: 'authenticator',
      type: 'object',
      required: true,
      options: keys.map((key, i) => {
        const a = describeFor(key);
        const labels = wireOf(key).methodLabels;
        // Several methods (the phone's SMS and call): a choice, as Okta offers it; one: fixed.
        const methodType: IdxField =
          a.methods.length > 1 && labels
            ? {
                name: 'methodType',
                type: 'string',
                required: false,
                options: a.methods.map((m) => ({ label: labels[m.type] ?? m.type, value: m.type })),
              }
            : { name: 'methodType', required: false, value: a.methods[0]?.type, mutable: false };
        const enrollmentId = list === 'authenticatorEnrollments' && a.methods.length > 1 ? enrollmentIdOf(key, input.tx) : undefined;
        // To set up: the data its enrollment collects first (a phone number), optional here, as Okta offers
        // it (auth-js posts it with the pick; the widget asks on the next form).
        const data =
          list === 'authenticators'
            ? (authenticatorFor(key).idx.enrollmentDataFields?.() ?? [])
                .filter((f) => f.name !== 'id' && f.name !== 'methodType')
                .map((f): IdxField => ({ name: f.name, ...(f.label ? { label: f.label } : {}), required: false, type: f.type ?? 'string' }))
            : [];
        return {
          label: a.displayName,
          value: {
            form: {
              value: [
                // Hidden: the widget posts them back as the option's value, never draws them.
                { name: 'id', required: true, value: a.id, mutable: false, visible: false },
                // A choice of methods (a phone's SMS or call) is Okta's to show; a fixed one is hidden.
                'options' in methodType ? methodType : { ...methodType, visible: false },
                ...(enrollmentId ? [{ name: 'enrollmentId', required: true, value: enrollmentId, mutable: false }] : []),
                ...data,
              ],
            },
          },
          relatesTo: `$.${list}.value[${i}]`,
        };
      }),
    },
  ]);
}

/**
 * With the password on the identify form: its field, and the password authenticator carrying the
 * `recover` action the widget turns into "Forgot password?" (`currentAuthenticator-recover`).
 */
function passwordOnIdentify(input: RenderInput, doc: Record<string, unknown>): IdxField[] {
  if (!input.org.passwordOnIdentify) return [];
  doc.currentAuthenticator = object({ ...describeFor(PASSWORD), recover: form(input, 'recover', []) });
  return [
    { name: 'credentials', type: 'object', required: true, form: { value: authenticatorFor(PASSWORD).idx.challengeFields(input.tx) } },
  ];
}

/**
 * A delivered code's `credentials` form with the org's code format: Okta's `format: "alphanumeric"` on the
 * passcode (the widget then offers a full keyboard and trims the answer); digits need no mark.
 */
function codeFormat(input: RenderInput, authenticator: ReturnType<typeof authenticatorFor>, credentials: IdxField): IdxField {
  if (!input.org.alphanumericCodes || !authenticator.delivery || !credentials.form) return credentials;
  const value = credentials.form.value.map((f) => (f.name === 'passcode' ? { ...f, format: 'alphanumeric' as const } : f));
  return { ...credentials, form: { ...credentials.form, value } };
}

/** `resend` (and `poll`, where a code can be confirmed out of band) for an authenticator whose code is out. */
function codeForms(input: RenderInput, authenticator: ReturnType<typeof authenticatorFor>): Record<string, Form> {
  return {
    resend: form(input, 'resend', []),
    ...(authenticator.delivery?.poll ? { poll: form(input, 'poll', [], { refresh: input.org.pollMs }) } : {}),
  };
}

/**
 * `authentication`: the OAuth 2.0 request the transaction answers, as Okta echoes it (the widget's consent
 * header reads the issuer). Only what the client sent: `/v1/authorize`'s response mode and PKCE are its
 * own; `max_age` -1 when none was asked, as Okta has it.
 */
export function authenticationOf(input: RenderInput): Record<string, unknown> {
  const { tx } = input;
  const redirect = tx.redirect;
  // A hosted sign-in without PKCE has a random challenge of devorg's own: not the client's to see.
  const codeChallenge = redirect ? redirect.codeChallenge : tx.codeChallenge;
  const maxAge = redirect?.maxAge ?? tx.maxAge;
  return {
    protocol: 'OAUTH2.0',
    issuer: input.issuer,
    request: {
      max_age: maxAge ?? -1,
      scope: tx.scopes.join(' '),
      ...(redirect?.display ? { display: redirect.display } : {}),
      ...(redirect ? { response_type: 'code', response_mode: redirect.responseMode } : {}),
      redirect_uri: tx.redirectUri,
      state: tx.state,
      ...(codeChallenge ? { code_challenge_method: 'S256', code_challenge: codeChallenge } : {}),
      ...(tx.nonce !== undefined ? { nonce: tx.nonce } : {}),
    },
  };
}

/** Okta's post-sign-in "Stay signed in?": the widget draws its two buttons from this form. */
function keepMeSignedInForm(input: RenderInput): Form {
  return form(input, 'keep-me-signed-in', keepMeSignedInFields());
}

/**
 * A registrant's `user.value.profile`, as Okta's for a known user (login, names, locale, time zone): what
 * they typed on the registration form (the email becomes the login), with the defaults the account gets.
 */
/**
 * The password on the registration form, when the profile enrollment policy puts it there: Okta's
 * `credentials` field, related to the password authenticator (with the policy's complexity, which the
 * widget lists under the field) as `currentAuthenticator`.
 */
function registrationPassword(input: RenderInput, doc: Record<string, unknown>): IdxField[] {
  if (!input.org.passwordOnRegistrationForm) return [];
  doc.currentAuthenticator = object({ ...describeFor(PASSWORD), settings: complexitySettings(input.org.passwordPolicy) });
  return [
    {
      name: 'credentials',
      type: 'object',
      required: true,
      form: { value: [{ name: 'passcode', label: 'Enter Password', required: true, secret: true }] },
      relatesTo: '$.currentAuthenticator',
    },
  ];
}

function registrantProfile(profile: Record<string, string>): UserContext['profile'] {
  const out: UserContext['profile'] = {};
  const login = registrantLogin({ profile });
  if (login) out.login = login;
  if (profile.firstName) out.firstName = profile.firstName;
  if (profile.lastName) out.lastName = profile.lastName;
  return { ...out, locale: localeOf(profile), timeZone: timeZoneOf(profile) };
}

export function renderIdx(input: RenderInput): Record<string, unknown> {
  const { tx } = input;
  const doc: Record<string, unknown> = {
    version: '1.0.0',
    stateHandle: input.stateHandle,
    expiresAt: new Date(input.expiresAt).toISOString(),
    intent: 'LOGIN',
  };
  const remediation: Form[] = [];
  const step = tx.step;

  switch (step.name) {
    case 'identify':
      // Okta names the identifier-first screen (on identify and identify-recovery alike).
      doc.step = 'IDENTIFY';
      remediation.push(
        form(input, 'identify', [
          { name: 'identifier', label: 'Username', required: true },
          ...passwordOnIdentify(input, doc),
          // Pre-set as Okta does with its remember-me-by-default setting, or once this transaction's user asked for it.
          {
            name: 'rememberMe',
            label: 'Keep me signed in',
            type: 'boolean',
            ...((tx.rememberMe ?? input.org.keepMeSignedInByDefault) ? { value: true } : {}),
          },
        ]),
      );
      if (input.org.registration) remediation.push(form(input, 'select-enroll-profile', []));
      if (input.org.selfServiceUnlock) remediation.push(form(input, 'unlock-account', []));
      break;
    case 'enroll-profile':
      remediation.push(
        form(input, 'enroll-profile', [
          {
            name: 'userProfile',
            form: {
              value: input.org.profileAttributes.map((a) => ({
                name: a.name,
                type: 'string' as const,
                label: a.label,
                required: a.required,
                // Okta's registration form: a required attribute has at least one character.
                ...(a.required ? { minLength: 1 } : {}),
                maxLength: a.maxLength,
              })),
            },
          },
          ...registrationPassword(input, doc),
        ]),
        // "Already have an account? Sign in" goes back to the identify form (with an identifier: identified at once).
        form(input, 'select-identify', [{ name: 'identifier', label: 'Username' }]),
      );
      // Okta's top-level `context` action beside the registration form.
      doc.context = form(input, 'context', []);
      break;
    case 'challenge': {
      const authenticator = authenticatorFor(step.authenticator);
      const enrollmentId = enrollmentIdOf(step.authenticator, tx);
      const current: Record<string, unknown> = {
        ...describeListed(step.authenticator),
        // The enrollment being verified, under its own id (a recovery by the profile's email has none yet).
        ...(enrollmentId ? { id: enrollmentId } : {}),
        ...authenticator.idx.challengeExtras?.(tx, input.media),
      };
      if (step.code) Object.assign(current, codeForms(input, authenticator));
      // "Forgot password?" (the widget looks for exactly `currentAuthenticatorEnrollment-recover`). Offered
      // whatever the policy, as Okta does: a refused recovery is answered with a message.
      if (authenticator.isPassword) current.recover = form(input, 'recover', []);
      doc.currentAuthenticatorEnrollment = object(current);
      // "Verify with something else": the other factors this user could use instead.
      const listed = [step.authenticator, ...alternativeFactors(tx)];
      doc.authenticatorEnrollments = enrollmentList(listed, tx);
      // …and the org's authenticators behind them, as Okta sends them beside a challenge.
      doc.authenticators = array(listed.map(describeListed));
      remediation.push(
        form(
          input,
          'challenge-authenticator',
          [
            codeFormat(input, authenticator, {
              name: 'credentials',
              type: 'object',
              required: true,
              form: { value: authenticator.idx.challengeFields(tx) },
            }),
          ],
          { relatesTo: ['$.currentAuthenticatorEnrollment'] },
        ),
      );
      // Okta lists the authenticator being verified too, alternatives or not (the widget's link needs two).
      remediation.push(selectForm(input, 'select-authenticator-authenticate', listed, 'authenticatorEnrollments'));
      break;
    }
    case 'challenge-data':
      remediation.push(...challengeData(input, doc, step.authenticator));
      break;
    case 'select-authenticate': {
      doc.authenticatorEnrollments = enrollmentList(step.options, tx);
      remediation.push(selectForm(input, 'select-authenticator-authenticate', step.options, 'authenticatorEnrollments'));
      break;
    }
    case 'enroll': {
      const authenticator = authenticatorFor(step.authenticator);
      const formContext = { tx, passwordPolicy: input.org.passwordPolicy, ...(input.media ? { media: input.media } : {}) };
      const current: Record<string, unknown> = { ...describeFor(step.authenticator), ...authenticator.idx.enrollExtras?.(formContext) };
      if (step.code) Object.assign(current, codeForms(input, authenticator));
      doc.currentAuthenticator = object(current);
      // What is being set up, as Okta names it beside `currentAuthenticator` on an enrollment (with its settings:
      // the password's requirements).
      doc.enrollmentAuthenticator = object({
        ...describeFor(step.authenticator),
        methods: current.methods,
        ...('settings' in current ? { settings: current.settings } : {}),
      });
      // Picked from a list: the list, offered again beside the form ("Return to authenticator list").
      doc.authenticators = array((step.from?.options ?? [step.authenticator]).map(describeListed));
      // The user's enrollments so far, none yet included, as Okta sends them (a passkey's entries carry the
      // widget's excludeCredentials).
      doc.authenticatorEnrollments = userEnrollments(tx);
      remediation.push(
        form(
          input,
          step.promotion ? 'enroll-authenticator-promotion' : 'enroll-authenticator',
          [codeFormat(input, authenticator, authenticator.idx.enrollCredentials(formContext))],
          {
            relatesTo: ['$.currentAuthenticator'],
          },
        ),
      );
      // The promotion's "Maybe later".
      if (step.promotion) remediation.push(form(input, 'skip', []));
      if (step.from) remediation.push(selectForm(input, 'select-authenticator-enroll', step.from.options, 'authenticators'));
      break;
    }
    case 'enroll-data': {
      const a = describeFor(step.authenticator);
      // Enroll-email-first: its resend sends the first code, as "Send me an email" does.
      const sends = authenticatorFor(step.authenticator).delivery?.kind === 'email';
      doc.currentAuthenticator = object(sends ? { ...a, resend: form(input, 'resend', []) } : a);
      doc.authenticators = array((step.from?.options ?? [step.authenticator]).map(describeListed));
      doc.authenticatorEnrollments = userEnrollments(tx);
      remediation.push(
        form(
          input,
          'authenticator-enrollment-data',
          [
            {
              name: 'authenticator',
              type: 'object',
              required: true,
              label: a.displayName,
              form: { value: authenticatorFor(step.authenticator).idx.enrollmentDataFields?.() ?? [] },
            },
          ],
          { relatesTo: ['$.currentAuthenticator'] },
        ),
      );
      if (step.from) remediation.push(selectForm(input, 'select-authenticator-enroll', step.from.options, 'authenticators'));
      break;
    }
    case 'select-enroll': {
      doc.authenticators = array(step.options.map(describeListed));
      // What the user has already (a passkey's entries: the widget's "Set up another").
      doc.authenticatorEnrollments = userEnrollments(tx);
      remediation.push(selectForm(input, 'select-authenticator-enroll', step.options, 'authenticators'));
      if (!step.required) remediation.push(form(input, 'skip', []));
      break;
    }
    case 'identify-recovery':
      doc.step = 'IDENTIFY';
      remediation.push(form(input, 'identify-recovery', [{ name: 'identifier', label: 'Username', required: true }]));
      if (input.org.registration) remediation.push(form(input, 'select-enroll-profile', []));
      break;
    case 'reset-password': {
      doc.currentAuthenticator = object({ ...describeFor(PASSWORD), settings: complexitySettings(input.org.passwordPolicy) });
      doc.authenticators = array([describeListed(PASSWORD)]);
      // The user's enrollments, as Okta lists them beside a new password (the account is proven by now).
      doc.authenticatorEnrollments = userEnrollments(tx);
      const newPassword: IdxField = { name: 'passcode', label: 'New password', secret: true };
      remediation.push(
        form(
          input,
          // An expired password is re-enrolled (no other devices to sign out: it is the user's own sign-in).
          step.expired ? 'reenroll-authenticator' : 'reset-authenticator',
          [
            {
              name: 'credentials',
              type: 'object',
              required: true,
              form: {
                value: step.expired
                  ? [newPassword]
                  : [newPassword, { name: 'revokeSessions', type: 'boolean', label: 'Sign me out of all other devices' }],
              },
            },
          ],
          { relatesTo: ['$.currentAuthenticator'] },
        ),
      );
      break;
    }
    case 'success':
      // The Okta-hosted page (a transaction from /v1/authorize): the widget navigates to `success.href`,
      // which answers the client's authorization request with a code.
      if (tx.redirect) {
        doc.success = {
          name: 'success-redirect',
          href: `${input.origin}${TOKEN_REDIRECT_PATH}?stateToken=${encodeURIComponent(input.stateHandle)}`,
        };
        break;
      }
      doc.successWithInteractionCode = {
        rel: ['create-form'],
        name: 'issue',
        href: input.tokenEndpoint,
        method: 'POST',
        value: [
          { name: 'grant_type', required: true, value: 'interaction_code' },
          { name: 'interaction_code', required: true, value: step.interactionCode },
          { name: 'client_id', required: true, value: tx.clientId },
          { name: 'code_verifier', required: true },
        ],
        accepts: 'application/x-www-form-urlencoded',
      };
      break;
    case 'unlock-identify':
      remediation.push(unlockIdentify(input, doc, step.options));
      break;
    case 'keep-me-signed-in':
      remediation.push(keepMeSignedInForm(input));
      break;
    case 'terminal':
      break;
  }

  if (remediation.length) doc.remediation = array(remediation);
  // The widget titles a recovery's screens "Reset your password" when this is present.
  if (tx.recovery || step.name === 'reset-password') {
    doc.recoveryAuthenticator = object({ ...describeFor(PASSWORD), settings: complexitySettings(input.org.passwordPolicy) });
  }
  const messages = [...(step.name === 'terminal' ? step.messages : []), ...(input.messages ?? [])];
  if (messages.length) doc.messages = array(messages);
  if (tx.identifier !== undefined && tx.displayUserId) {
    // The account's profile once this transaction has proven one of its factors (Okta's `user.value`).
    const known = tx.userId !== undefined && tx.verified.length > 0 ? tx.userContext : undefined;
    doc.user = object({
      id: tx.displayUserId,
      identifier: tx.identifier,
      ...(known?.passwordChanged !== undefined ? { passwordChanged: new Date(known.passwordChanged).toISOString() } : {}),
      ...(known && Object.keys(known.profile).length ? { profile: known.profile } : {}),
    });
  } else if (tx.registration) {
    doc.user = object({
      id: tx.registration.userId,
      identifier: registrantLogin(tx.registration),
      profile: registrantProfile(tx.registration.profile),
    });
  }
  if (step.name !== 'terminal') {
    doc.cancel = form(input, 'cancel', []);
  }
  doc.app = object({ name: 'oidc_client', label: input.app.label, id: input.app.id });
  doc.authentication = object(authenticationOf(input));
  return doc;
}
