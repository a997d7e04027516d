/**
 * IDX transactions on top of the store: start one (from /v1/interact), find it by either handle,
 * refuse expired ones with Okta's "session expired" IDX error, and persist state changes with
 * compare-and-set so a double submit can't advance one transaction twice.
 */
import { createHash } from 'node:crypto';
import type { OrgContext } from '../context';
import { ORG_SERVER_ID, serverById } from '../oidc/authorization-server';
import { IdxError, IDX_MESSAGES, type IdxMessage } from '../errors';
import type { TransactionRow } from '../store';
import type { Grant } from '../oidc/tokens';
import { amrOf } from '../authenticators';
import { amrFor, type TxData } from './machine';
import { passwordOnRegistrationForm, type FieldMessages } from './registration';
import { renderIdx } from './render';

export type Tx = TransactionRow<TxData>;

export interface InteractionGrant extends Grant {
  redirectUri: string;
  codeChallenge: string;
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

export async function startTransaction(
  ctx: OrgContext,
  params: Pick<TxData, 'clientId' | 'redirectUri' | 'scopes' | 'codeChallenge' | 'state' | 'nonce' | 'redirect' | 'maxAge'>,
): Promise<Tx> {
  const now = ctx.clock.now();
  const row = {
    id: ctx.ids.oktaId('ftx'),
    interactionHandle: ctx.ids.secret(),
    // Okta's state handles start with "02"; the widget treats them as opaque.
    stateHandle: '02' + ctx.ids.secret(),
    data: { ...params, server: ctx.server.id, createdAt: now, step: { name: 'identify' }, verified: [] } satisfies TxData,
    expiresAt: now + ctx.config.tokens.transactionSeconds * 1000,
  };
  await ctx.store.createTransaction(row);
  return { ...row, version: 0 };
}

/** Finds a live transaction; an unknown, stale or expired handle is Okta's 401 "session expired". */
export async function findTransaction(
  ctx: OrgContext,
  handle: { interactionHandle: string } | { stateHandle: string } | { id: string },
): Promise<Tx> {
  const tx = await ctx.store.transactionBy<TxData>(handle);
  if (!tx || tx.expiresAt <= ctx.clock.now()) {
    const messages = [IDX_MESSAGES.sessionExpired()];
    // As Okta's: the handle the client sent, and when the transaction expired if it ever existed.
    const stateHandle = tx?.stateHandle ?? ('stateHandle' in handle ? handle.stateHandle : undefined);
    throw new IdxError(401, messages, stateHandle ? errorContext({ stateHandle, expiresAt: tx?.expiresAt }, messages) : undefined);
  }
  return tx;
}

/**
 * An IDX error about a known transaction, as Okta sends it: the state handle, when it expires and the
 * intent beside the messages, so the widget can still name and restart the transaction.
 */
export function errorContext(tx: { stateHandle: string; expiresAt?: number | undefined }, messages: IdxMessage[]) {
  return {
    version: '1.0.0',
    stateHandle: tx.stateHandle,
    ...(tx.expiresAt !== undefined ? { expiresAt: new Date(tx.expiresAt).toISOString() } : {}),
    intent: 'LOGIN',
    messages: { type: 'array', value: messages },
  };
}

/**
 * Saves the next state if nobody else changed the transaction meanwhile. A state that produced an
 * interaction code records the code (hashed) with everything the token endpoint must check, in the
 * same commit as the compare-and-set: a lost race leaves at worst an orphan code nobody was ever shown
 * (the loser answers with the winner's state and code), never a finished transaction whose code can't
 * be redeemed. Returns the transaction as it now stands (the winner's state if this request lost the race).
 */
export async function saveTransaction(ctx: OrgContext, tx: Tx, next: TxData): Promise<{ tx: Tx; won: boolean }> {
  const now = ctx.clock.now();
  const expiresAt = now + ctx.config.tokens.transactionSeconds * 1000;
  let code: { codeHash: string; grant: InteractionGrant; expiresAt: number } | undefined;
  if (next.step.name === 'success' && tx.data.step.name !== 'success' && next.userId) {
    const grant: InteractionGrant = {
      clientId: next.clientId,
      ...(next.server ? { server: next.server } : {}),
      userId: next.userId,
      scopes: next.scopes,
      ...(next.nonce ? { nonce: next.nonce } : {}),
      authTime: Math.floor((next.authTime ?? now) / 1000),
      amr: amrFor(next.verified, amrOf),
      redirectUri: next.redirectUri,
      codeChallenge: next.codeChallenge,
    };
    code = { codeHash: hashCode(next.step.interactionCode), grant, expiresAt: now + ctx.config.tokens.interactionCodeSeconds * 1000 };
  }
  const won = await ctx.store.advanceTransaction(tx.id, tx.version, next, expiresAt, code);
  if (!won) return { tx: await findTransaction(ctx, { stateHandle: tx.stateHandle }), won: false };
  return { tx: { ...tx, data: next, version: tx.version + 1, expiresAt }, won: true };
}

export function renderTransaction(
  ctx: OrgContext,
  tx: Tx,
  messages?: TxRenderMessages,
  fieldMessages?: FieldMessages,
  media?: Record<string, unknown>,
): Record<string, unknown> {
  const server = serverById(ctx.config, tx.data.server);
  return renderIdx({
    org: {
      registration: ctx.config.policies.registration,
      profileAttributes: ctx.config.policies.profileAttributes,
      ...(passwordOnRegistrationForm(ctx.config) ? { passwordOnRegistrationForm: true } : {}),
      passwordPolicy: ctx.config.passwordPolicy,
      pollMs: ctx.config.codes.pollMs,
      ...(ctx.config.codes.format === 'alphanumeric' ? { alphanumericCodes: true } : {}),
      passwordOnIdentify: ctx.config.policies.signOn.passwordOnIdentify ?? false,
      keepMeSignedInByDefault: ctx.config.policies.signOn.keepMeSignedInByDefault ?? false,
      selfServiceUnlock: ctx.config.passwordPolicy.selfServiceUnlock ?? false,
    },
    origin: ctx.config.publicOrigin,
    tokenEndpoint: `${server.endpoints}/v1/token`,
    // The org's own server goes by the org's name; a custom one by its own.
    issuer: { name: server.id === ORG_SERVER_ID ? ctx.config.orgName : server.id, uri: server.issuer },
    stateHandle: tx.stateHandle,
    expiresAt: tx.expiresAt,
    app: appOf(ctx, tx.data.clientId),
    tx: tx.data,
    ...(messages ? { messages } : {}),
    ...(fieldMessages ? { fieldMessages } : {}),
    ...(media ? { media } : {}),
  });
}

type TxRenderMessages = Parameters<typeof renderIdx>[0]['messages'];

/** The app a transaction signs in to, as the IDX replies name it (`app.value`). */
function appOf(ctx: OrgContext, clientId: string): { id: string; label: string } {
  const app = ctx.apps.byId(clientId);
  return { id: clientId, label: app?.label ?? '' };
}
