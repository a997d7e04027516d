/**
 * Password history (Okta's "Enforce password history for last N passwords"): a new password may not
 * be the current one nor any of the N−1 before it. Only scrypt hashes are kept (the current one on the
 * user row, earlier ones in the store's `password_history`), so reuse is found by verifying the new
 * password against each of them.
 */
import type { PasswordPolicy } from '../../config';
import { verifyPassword } from '../../crypto/password';
import type { Store, UserRecord } from '../../store';
import { requirementsList } from './policy';

/** Okta's maximum `historyCount`: how many replaced hashes are ever kept per user. */
export const MAX_HISTORY = 24;

/**
 * Whether `password` repeats one of the user's last `historyCount` passwords (the current one
 * included). Every stored hash is checked, so the time taken doesn't tell which one matched.
 */
export async function reusesRecentPassword(store: Store, user: UserRecord, password: string, historyCount: number): Promise<boolean> {
  if (historyCount <= 0) return false;
  const hashes = [...(user.passwordHash ? [user.passwordHash] : []), ...(await store.passwordHistory(user.id, historyCount - 1))];
  const results = await Promise.all(hashes.map((hash) => verifyPassword(password, hash)));
  return results.includes(true);
}

/**
 * How many replaced hashes to keep: up to Okta's cap while history is enforced at all, so raising
 * `historyCount` later still finds the older ones; none when it is off.
 */
export function historyToKeep(policy: PasswordPolicy): number {
  return policy.historyCount > 0 ? MAX_HISTORY : 0;
}

/** Okta's sentence about history, appended to the requirements ("…cannot be any of your last 4 passwords."). */
export function historySentence(historyCount: number): string {
  return `Your password cannot be any of your last ${historyCount} password${historyCount === 1 ? '' : 's'}.`;
}

/**
 * The requirements text Okta gives for a reused password: the whole policy, then the history rule
 * ("Password requirements: at least 8 characters, …. Your password cannot be any of your last 4 passwords.").
 */
export function historyRequirements(policy: PasswordPolicy): string {
  const list = requirementsList(policy);
  const rules = list.length ? `Password requirements: ${list.join(', ')}. ` : '';
  return `${rules}${historySentence(policy.historyCount)}`;
}
