/**
 * Validation by schema: every request body and query string devorg reads, and its config file, is
 * parsed by a zod schema kept next to its handlers (`idx/schemas.ts`, `oidc/schemas.ts`,
 * `management/schemas.ts`, `dev/schemas.ts`, `config.ts`). This module is the one place that turns
 * zod's issues into each family's error; `renderError` (errors.ts) still serialises every error.
 *
 * Why zod: it is well kept and widely used, its schemas give the TypeScript type of what they parse
 * (no hand-written casts after a check), and its issues carry the path of the offending field, which
 * is what a field-level message needs (`credentials.passcode: expected a string`). valibot would do
 * the same in a smaller bundle; that only matters for code shipped to browsers, and devorg is not.
 *
 * One wording for all families (`<field>: <problem>`, e.g. `identifier: required`,
 * `passwordPolicy.lockoutAttempts: expected a number`), rendered in the family's shape:
 * - IDX: a 400 IDX error, one `"The request was invalid: <field>: <problem>"` message per issue.
 * - OAuth: `invalid_request` (or the OAuth error an issue names, e.g. `invalid_scope`) whose
 *   `error_description` is the first issue's message. OAuth schemas word their messages as whole
 *   descriptions; the default for an absent or empty parameter is Okta's "The 'x' parameter is required.".
 * - Management (and dev) API: Okta's `E0000001` "Api validation failed" with one `errorCauses` entry
 *   per problem. A body whose structure is wrong (an object or array where the JSON has something else)
 *   is, as on Okta, `E0000003` "The request body was not well-formed" (a `BadRequest`).
 */
import type { z } from 'zod';
import { API_ERRORS, BadRequest, IDX_MESSAGES, IdxError, OAUTH_ERRORS } from './errors';

export type Family = 'idx' | 'oauth' | 'api';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** `policies.enrollment.required[2]`, `credentials.passcode`: how a field is named in every message. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
};

/** The problem an issue describes, in devorg's words; schemas that say more pass their own message. */
function problem(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.expected === 'never' || iss.expected === 'undefined') return 'not allowed';
      if (iss.input === undefined) return 'required';
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min === 1 ? 'required' : `must be at least ${min} characters`;
      if (iss.origin === 'array' || iss.origin === 'set') return `must list at least ${min}`;
      if (min === 0 && !iss.inclusive) return 'must be positive';
      return iss.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return `must be at most ${max} characters`;
      if (iss.origin === 'array' || iss.origin === 'set') return `must list at most ${max}`;
      return iss.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_value':
      return iss.values.length === 1
        ? `must be ${JSON.stringify(iss.values[0])}`
        : `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return 'is not in the expected format';
    case 'unrecognized_keys':
      return 'unknown key';
    default:
      return 'is invalid';
  }
}

/** OAuth descriptions name the parameter: Okta's sentence for a missing one, a generic one otherwise. */
function oauthDescription(iss: RawIssue): string {
  const name = fieldPath(iss.path ?? []);
  const p = problem(iss);
  return p === 'required' ? OAUTH_ERRORS.missingParameter(name).description : `The '${name}' parameter is invalid: ${p}.`;
}

/**
 * `<field>: <problem>` for each issue; an unknown-keys issue names each key. An issue on the value
 * itself (no path) is just its problem.
 */
export function issueLines(issues: readonly Issue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${fieldPath([...issue.path, key])}: ${issue.message}`);
      continue;
    }
    const field = fieldPath(issue.path);
    lines.push(field ? `${field}: ${issue.message}` : issue.message);
  }
  return lines;
}

/** Where a JSON object or array was expected and something else came: the body is not well-formed. */
function wrongStructure(issue: Issue): boolean {
  return issue.code === 'invalid_type' && ['object', 'record', 'array'].includes(issue.expected) && issue.input !== undefined;
}

/** The family's error for a failed parse. */
function errorFor(family: Family, issues: readonly Issue[]): Error {
  switch (family) {
    case 'idx':
      return new IdxError(400, [IDX_MESSAGES.malformed(), ...issueLines(issues).map(IDX_MESSAGES.badRequest)]);
    case 'oauth': {
      const [first] = issues;
      const description = first?.message ?? 'The request is invalid.';
      // An issue may name its OAuth error (`params: { oauthError: 'invalid_scope' }`); invalid_request otherwise.
      const named = first?.code === 'custom' ? (first.params as { oauthError?: unknown } | undefined)?.oauthError : undefined;
      return named === 'invalid_scope' ? OAUTH_ERRORS.invalidScope(description) : OAUTH_ERRORS.invalidRequest(description);
    }
    case 'api': {
      const malformed = issues.filter(wrongStructure);
      if (malformed.length) return new BadRequest(issueLines(malformed).join('; '));
      return API_ERRORS.validation(issueLines(issues));
    }
  }
}

/**
 * Parses `value` with `schema`, or throws the family's error naming what is wrong. The family's
 * wording is the default; a message the schema gives (`{ error: '…' }`) wins over it.
 */
export function parseOr<S extends z.ZodType>(schema: S, value: unknown, family: Family): z.output<S> {
  // `reportInput` keeps each issue's input, which tells a missing field from one of the wrong type.
  const result = schema.safeParse(value, { error: family === 'oauth' ? oauthDescription : problem, reportInput: true });
  if (result.success) return result.data;
  throw errorFor(family, result.error.issues);
}

/** The problems of a value that does not fit `schema`, as `<field>: <problem>` lines (for config files). */
export function problemsOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, { error: problem });
  return result.success ? [] : issueLines(result.error.issues);
}
