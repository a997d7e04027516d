/**
 * `security_question`: a predefined or custom question with an answer kept only as a slow salted
 * hash. The rules (answer length, not containing the question, username or names) and the hashing
 * live in `lib/security-question.ts`; this module is the authenticator's face to the IDX layer.
 */
import { MESSAGES } from '../../idx/messages';
import type { IdxMessage } from '../../errors';
import { registrantLogin } from '../../idx/machine/registrant';
import type { TxData } from '../../idx/machine/types';
import { verifyAgainstEnrollment } from '../lib/enrollment-check';
import {
  answerProblemDetails,
  hashAnswer,
  resolveQuestion,
  SECURITY_QUESTIONS,
  verifyAnswer,
  type FieldProblem,
} from '../lib/security-question';
import type { Authenticator, EnrollInput, EnrollResult, IdxField } from '../types';

export const SECURITY_QUESTION_AUTHENTICATOR_ID = 'autdevorgsecquest0001';

/** `contextualData` of the enrollment view: the predefined questions. */
export function questionChoices() {
  const questions = Object.entries(SECURITY_QUESTIONS).map(([questionKey, question]) => ({ questionKey, question }));
  return { questionKeys: questions.map((q) => q.questionKey), questions };
}

/** The enrollment form: pick a predefined question or write one's own (two `options`, as Okta sends). */
export function enrollCredentialsField(): IdxField {
  return {
    name: 'credentials',
    type: 'object',
    required: true,
    options: [
      {
        label: 'Choose a security question',
        value: {
          form: {
            value: [
              {
                name: 'questionKey',
                type: 'string',
                required: true,
                label: 'Choose a security question',
                options: Object.entries(SECURITY_QUESTIONS).map(([value, label]) => ({ label, value })),
              },
              { name: 'answer', label: 'Answer', required: true, secret: true },
            ],
          },
        },
      },
      {
        label: 'Create my own security question',
        value: {
          form: {
            value: [
              { name: 'questionKey', required: true, value: 'custom', mutable: false },
              { name: 'question', label: 'Create a security question', required: true },
              { name: 'answer', label: 'Answer', required: true, secret: true },
            ],
          },
        },
      },
    ],
  };
}

/** The challenge form: the enrolled question (fixed) and the answer, labelled with the question. */
export function challengeCredentialsFields(enrolled: { questionKey: string; question: string }): IdxField[] {
  return [
    { name: 'questionKey', label: enrolled.question, required: true, value: enrolled.questionKey, visible: false, mutable: false },
    { name: 'answer', label: enrolled.question, required: true, secret: true },
  ];
}

/** The question the identified user enrolled (kept in the transaction from their enrollment). */
function enrolledQuestion(tx: TxData): { questionKey: string; question: string } | undefined {
  const p = tx.profiles?.security_question;
  return typeof p?.questionKey === 'string' && typeof p.question === 'string'
    ? { questionKey: p.questionKey, question: p.question }
    : undefined;
}

/** A rule's problem as an IDX field message. */
function fieldMessage(p: FieldProblem): IdxMessage {
  return {
    message: p.message,
    ...(p.i18n ? { i18n: { key: p.i18n.key, ...(p.i18n.params ? { params: [...p.i18n.params] } : {}) } } : {}),
    class: 'ERROR',
  };
}

/** A question being set up: checked by the org's rules, the answer hashed like a password. */
async function enrollQuestion({ ctx, tx, credentials }: EnrollInput): Promise<EnrollResult> {
  const resolved = resolveQuestion({ questionKey: credentials.questionKey, question: credentials.question });
  if (!resolved.ok) return { ok: false, fieldMessages: { [`credentials.${resolved.field}`]: [fieldMessage(resolved)] } };
  const answer = typeof credentials.answer === 'string' ? credentials.answer : '';
  const user = tx.registration ? undefined : await ctx.store.userById(tx.userId ?? '');
  const profile = tx.registration
    ? {
        login: registrantLogin(tx.registration) || null,
        firstName: tx.registration.profile.firstName ?? null,
        lastName: tx.registration.profile.lastName ?? null,
      }
    : { login: user?.profile.login ?? null, firstName: user?.profile.firstName ?? null, lastName: user?.profile.lastName ?? null };
  const problems =
    answer.trim() === '' ? [MESSAGES.fieldBlank()] : answerProblemDetails(answer, { question: resolved.text, profile }).map(fieldMessage);
  if (problems.length) return { ok: false, fieldMessages: { 'credentials.answer': problems } };
  const answerHash = await hashAnswer(answer, ctx.config.passwordHashCost);
  return {
    ok: true,
    enrollment: { key: 'security_question', profile: { questionKey: resolved.key, question: resolved.text }, secret: { answerHash } },
  };
}

export const securityQuestionAuthenticator: Authenticator = {
  wire: {
    key: 'security_question',
    id: SECURITY_QUESTION_AUTHENTICATOR_ID,
    type: 'security_question',
    displayName: 'Security Question',
    methods: [{ type: 'security_question' }],
    amr: 'kba',
    factor: { factorType: 'question', provider: 'OKTA', vendorName: 'OKTA' },
    enrollmentPrefix: 'ufs',
  },
  enrollWith: 'form',
  verify: (input) =>
    verifyAgainstEnrollment('security_question', input, async (enrollment) => {
      const hash = enrollment.secret?.answerHash;
      const given = input.credentials.answer;
      return { ok: typeof hash === 'string' && typeof given === 'string' && (await verifyAnswer(given, hash)) };
    }),
  enroll: enrollQuestion,
  wrongAnswer: () => ({ fieldMessages: { 'credentials.answer': [MESSAGES.answerInvalid()] } }),
  idx: {
    challengeFields: (tx) => {
      const q = enrolledQuestion(tx);
      return q ? challengeCredentialsFields(q) : [{ name: 'answer', label: 'Answer', required: true, secret: true }];
    },
    enrollCredentials: () => enrollCredentialsField(),
    challengeExtras: (tx) => {
      const q = enrolledQuestion(tx);
      return q ? { profile: q, contextualData: { enrolledQuestion: q } } : {};
    },
    enrollExtras: () => ({ contextualData: questionChoices() }),
  },
};
