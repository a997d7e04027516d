/**
 * Renders a transaction state as the IDX document the Sign-In Widget expects (envelope, remediation
 * forms with absolute hrefs, authenticator objects every `relatesTo` points at). Pure: no I/O.
 */
import { authenticatorFor } from '../authenticators';
import type { IdxField } from '../authenticators/types';
import type { IdxMessage } from '../errors';
import type { TxData } from './machine';

export const IDX_ACCEPTS = 'application/json; okta-version=1.0.0';
export const IDX_PRODUCES = 'application/ion+json; okta-version=1.0.0';

export interface RenderInput {
  origin: string;
  issuer: string;
  stateHandle: string;
  expiresAt: number;
  app: { id: string; label: string };
  tx: TxData;
  messages?: IdxMessage[];
}

interface Form {
  rel: ['create-form'];
  name: string;
  href: string;
  method: 'POST';
  accepts: string;
  produces: string;
  value: IdxField[];
  relatesTo?: string[];
}

function stateHandleField(stateHandle: string): IdxField {
  return { name: 'stateHandle', required: true, value: stateHandle, visible: false, mutable: false };
}

function form(input: RenderInput, name: string, path: string, fields: IdxField[], extra: Partial<Form> = {}): Form {
  return {
    rel: ['create-form'],
    name,
    href: `${input.origin}/idp/idx/${path}`,
    method: 'POST',
    accepts: IDX_ACCEPTS,
    produces: IDX_PRODUCES,
    value: [...fields, stateHandleField(input.stateHandle)],
    ...extra,
  };
}

const array = <T>(value: T[]) => ({ type: 'array' as const, value });
const object = <T>(value: T) => ({ type: 'object' as const, value });

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
      remediation.push(
        form(input, 'identify', 'identify', [
          { name: 'identifier', label: 'Username', required: true },
          { name: 'rememberMe', label: 'Keep me signed in', type: 'boolean' },
        ]),
      );
      break;
    case 'challenge': {
      const authenticator = authenticatorFor(step.authenticator);
      const a = authenticator.describe();
      const enrollment = { type: a.type, key: a.key, id: a.id, displayName: a.displayName, methods: a.methods };
      doc.currentAuthenticatorEnrollment = object(enrollment);
      doc.authenticatorEnrollments = array([enrollment]);
      remediation.push(
        form(
          input,
          'challenge-authenticator',
          'challenge/answer',
          [{ name: 'credentials', type: 'object', required: true, form: { value: authenticator.challengeFields() } }],
          { relatesTo: ['$.currentAuthenticatorEnrollment'] },
        ),
      );
      break;
    }
    case 'success':
      doc.successWithInteractionCode = {
        rel: ['create-form'],
        name: 'issue',
        href: `${input.issuer}/v1/token`,
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
    case 'terminal':
      break;
  }

  if (remediation.length) doc.remediation = array(remediation);
  const messages = [...(step.name === 'terminal' ? step.messages : []), ...(input.messages ?? [])];
  if (messages.length) doc.messages = array(messages);
  if (tx.identifier !== undefined && tx.displayUserId) {
    doc.user = object({ id: tx.displayUserId, identifier: tx.identifier });
  }
  if (step.name !== 'terminal') {
    doc.cancel = form(input, 'cancel', 'cancel', []);
  }
  doc.app = object({ name: 'oidc_client', label: input.app.label, id: input.app.id });
  return doc;
}
