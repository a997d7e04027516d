/**
 * Security question authenticator (`security_question`): the questions Okta offers, the rules an
 * answer must follow at enrollment, and how the answer is stored and checked.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { IdxMessage } from '../../errors';
import { MESSAGES } from '../../idx/messages';

/** A catalogue message as a rule's problem (its words and key, without the IDX class). */
const problem = (m: IdxMessage): FieldProblem => ({ message: m.message, ...(m.i18n ? { i18n: m.i18n } : {}) });

/**
 * Okta's predefined questions, key → English text, in the order the enrollment form lists them
 * (okta-signin-widget playground `error-authenticator-enroll-security-question.json`; texts match
 * the widget's `security.<key>` labels). The widget's labels also know `first_kiss_location`, but
 * Identity Engine no longer offers it, so it is left out.
 */
export const SECURITY_QUESTIONS: Readonly<Record<string, string>> = Object.freeze({
  disliked_food: 'What is the food you least liked as a child?',
  name_of_first_plush_toy: 'What is the name of your first stuffed animal?',
  first_award: 'What did you earn your first medal or award for?',
  favorite_security_question: 'What is your favorite security question?',
  favorite_toy: 'What is the toy/stuffed animal you liked the most as a kid?',
  first_computer_game: 'What was the first computer game you played?',
  favorite_movie_quote: 'What is your favorite movie quote?',
  first_sports_team_mascot: 'What was the mascot of the first sports team you played on?',
  first_music_purchase: 'What music album or song did you first purchase?',
  favorite_art_piece: 'What is your favorite piece of art?',
  // Okta's key really is spelled "desert".
  grandmother_favorite_desert: "What was your grandmother's favorite dessert?",
  first_thing_cooked: 'What was the first thing you learned to cook?',
  childhood_dream_job: 'What was your dream job as a child?',
  place_where_significant_other_was_met: 'Where did you meet your spouse/significant other?',
  favorite_vacation_location: 'Where did you go for your favorite vacation?',
  new_years_two_thousand: "Where were you on New Year's Eve in the year 2000?",
  favorite_speaker_actor: 'Who is your favorite speaker/orator?',
  favorite_book_movie_character: 'Who is your favorite book/movie character?',
  favorite_sports_player: 'Who is your favorite sports player?',
});

/** `questionKey` of the "Create my own security question" option; its text comes in `question`. */
export const CUSTOM_QUESTION_KEY = 'custom';
export const CUSTOM_QUESTION_MAX_LENGTH = 255;
export const ANSWER_MIN_LENGTH = 4;

/** A problem with one field, in the shape of an IDX field message; `i18n` only where Okta's key is known. */
export interface FieldProblem {
  message: string;
  i18n?: IdxMessage['i18n'];
}

export type ResolvedQuestion = { ok: true; key: string; text: string } | ({ ok: false; field: 'questionKey' | 'question' } & FieldProblem);

// Not confirmed against a real org: the widget only ever offers listed keys, so Okta's wording for
// an unknown one never shows up in its fixtures.
const UNKNOWN_QUESTION = 'The selected security question is not available';

const codePoints = (s: string): number => [...s].length;
const has = (record: Readonly<Record<string, string>>, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/**
 * Turns the submitted `credentials.questionKey` (+ `credentials.question` for `custom`) into the
 * question to store: a predefined key with its text, or `custom` with the user's trimmed text.
 */
export function resolveQuestion({ questionKey, question }: { questionKey: unknown; question?: unknown }): ResolvedQuestion {
  if (typeof questionKey !== 'string' || questionKey.trim() === '')
    return { ok: false, field: 'questionKey', ...problem(MESSAGES.fieldBlank()) };
  if (questionKey === CUSTOM_QUESTION_KEY) {
    const text = typeof question === 'string' ? question.normalize('NFC').trim() : '';
    if (text === '') return { ok: false, field: 'question', ...problem(MESSAGES.fieldBlank()) };
    if (codePoints(text) > CUSTOM_QUESTION_MAX_LENGTH) return { ok: false, field: 'question', ...problem(MESSAGES.fieldTooLong()) };
    return { ok: true, key: CUSTOM_QUESTION_KEY, text };
  }
  // hasOwnProperty, so `toString`, `__proto__` and friends are unknown keys rather than matches.
  const text = has(SECURITY_QUESTIONS, questionKey) ? SECURITY_QUESTIONS[questionKey] : undefined;
  return text === undefined ? { ok: false, field: 'questionKey', message: UNKNOWN_QUESTION } : { ok: true, key: questionKey, text };
}

/**
 * The form both stored and submitted answers are compared in: Okta compares answers
 * case-insensitively, and stray or doubled spaces or a different Unicode composition of the same
 * letters (é vs e + ◌́) should not turn a right answer into a wrong one.
 */
export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFC').toLowerCase().normalize('NFC').replace(/\s+/gu, ' ').trim();
}

// Okta's wording for these three could not be confirmed (neither the widget fixtures nor its
// labels carry them); the first follows the brief, the others the "username" sentence's pattern.
export const ANSWER_CONTAINS_QUESTION = 'The answer must not contain any part of the question';
export const ANSWER_CONTAINS_USERNAME = 'The security question answer cannot contain your username';
export const ANSWER_CONTAINS_FIRST_NAME = 'The security question answer cannot contain your first name';
export const ANSWER_CONTAINS_LAST_NAME = 'The security question answer cannot contain your last name';

/** Question words shorter than this ("is", "the", "you") are too common to forbid. */
const SIGNIFICANT_WORD_LENGTH = 4;
/** Okta ignores login parts under four characters when excluding the username from passwords; same here. */
const USERNAME_PART_LENGTH = 4;
/** Names are short, so three letters already count (the devorg password rule uses the same bound). */
const NAME_LENGTH = 3;

const words = (text: string): string[] => normalizeAnswer(text).split(/[^\p{L}\p{N}]+/u);

/** The parts of a login that count as "the username": the part before '@' and its pieces split at . _ - + , #. */
function usernameParts(login: string): string[] {
  const local = normalizeAnswer(login).split('@')[0] ?? '';
  return [local, ...local.split(/[.,_#+-]/u)].filter((p) => codePoints(p) >= USERNAME_PART_LENGTH);
}

export interface AnswerContext {
  /** The question's text (predefined or custom). */
  question: string;
  profile: { login?: string | null; firstName?: string | null; lastName?: string | null };
}

/** The enrollment rules the answer breaks, with their messages (and i18n keys where known). */
export function answerProblemDetails(answer: string, { question, profile }: AnswerContext): FieldProblem[] {
  const normalized = normalizeAnswer(answer);
  const problems: FieldProblem[] = [];
  if (codePoints(normalized) < ANSWER_MIN_LENGTH) problems.push(problem(MESSAGES.securityAnswerTooShort(ANSWER_MIN_LENGTH)));
  // Substring match, like Okta's "contains" rules for passwords: "vacationing" gives away "vacation".
  const contains = (part: string): boolean => part !== '' && normalized.includes(part);
  if (words(question).some((w) => codePoints(w) >= SIGNIFICANT_WORD_LENGTH && contains(w))) {
    problems.push({ message: ANSWER_CONTAINS_QUESTION });
  }
  if (profile.login && usernameParts(profile.login).some(contains)) problems.push({ message: ANSWER_CONTAINS_USERNAME });
  const nameFound = (name: string | null | undefined): boolean => {
    const n = name ? normalizeAnswer(name) : '';
    return codePoints(n) >= NAME_LENGTH && contains(n);
  };
  if (nameFound(profile.firstName)) problems.push({ message: ANSWER_CONTAINS_FIRST_NAME });
  if (nameFound(profile.lastName)) problems.push({ message: ANSWER_CONTAINS_LAST_NAME });
  return problems;
}

/** The messages of `answerProblemDetails`; empty when the answer is acceptable. */
export function answerProblems(answer: string, context: AnswerContext): string[] {
  return answerProblemDetails(answer, context).map((p) => p.message);
}

// ---- storage -------------------------------------------------------------------------------

const KEY_LENGTH = 32;
const R = 8;
const P = 1;

function isCost(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 2 && Number.isInteger(Math.log2(n));
}

function scryptAsync(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes plus headroom, or scrypt refuses high costs.
    scrypt(secret, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes the normalised answer with scrypt. An answer is a low-entropy secret, like a password, so
 * it gets a slow salted hash; `cost` (scrypt N, a power of two) is the caller's so tests can run
 * cheap and the org can match its password cost. The string carries its parameters
 * (`scrypt$N$r$p$salt$hash`, the format of devorg's password hashes), so a later cost change
 * doesn't break stored answers.
 */
export async function hashAnswer(answer: string, cost: number): Promise<string> {
  if (!isCost(cost)) throw new RangeError('hashAnswer: cost must be a power of two >= 2');
  const salt = randomBytes(16);
  const hash = await scryptAsync(normalizeAnswer(answer), salt, cost, R, P);
  return ['scrypt', cost, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks an answer against `hashAnswer`'s output; false (never a throw) for a malformed stored value. */
export async function verifyAnswer(answer: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash || rest.length > 0) return false;
  const [N, rr, pp] = [Number(n), Number(r), Number(p)];
  if (!isCost(N) || !Number.isSafeInteger(rr) || rr < 1 || !Number.isSafeInteger(pp) || pp < 1) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await scryptAsync(normalizeAnswer(answer), Buffer.from(salt, 'base64url'), N, rr, pp);
  return timingSafeEqual(actual, expected);
}
