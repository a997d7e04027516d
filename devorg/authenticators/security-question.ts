/**
 * `security_question`: a predefined or custom question with an answer kept only as a slow salted
 * hash. The rules (answer length, not containing the question, username or names) and the hashing
 * live in `lib/security-question.ts`; this module is the authenticator's face to the IDX layer.
 */
import { SECURITY_QUESTIONS } from './lib/security-question';
import type { Authenticator, IdxField, VerifyResult } from './types';

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

export const securityQuestionAuthenticator: Authenticator = {
  describe: () => ({
    id: SECURITY_QUESTION_AUTHENTICATOR_ID,
    key: 'security_question',
    type: 'security_question',
    displayName: 'Security Question',
    methods: [{ type: 'security_question' }],
    amr: 'kba',
  }),
  challengeFields: () => [{ name: 'answer', label: 'Answer', required: true, secret: true }],
  // Answers are checked against the enrollment's hash (`verifyAnswer`) by the IDX routes.
  verify(): Promise<VerifyResult> {
    return Promise.resolve({ ok: false, reason: 'invalid' });
  },
};
