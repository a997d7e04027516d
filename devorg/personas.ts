/**
 * Personas (`config.personas`): users declared with their authenticators already set up — email, and
 * as given a TOTP secret, a phone number, a security question, a passkey — created at start-up and after a dev
 * reset, so a test or a demo signs in as "the user with TOTP" without enrolling first.
 *
 * Each persona is written with its enrollments in one batch (all or nothing), through the same
 * profile and password rules as any user; one that exists already (by login) is left as it is, so a
 * restart keeps what was done with it. A persona the org's rules refuse stops start-up with the reason.
 */
import { passwordProblems, passwordRequirementsMessage } from './authenticators/password';
import { wireOf } from './authenticators';
import type { AuthenticatorKey } from './authenticators/types';
import { normalizePhone } from './authenticators/lib/phone';
import { answerProblems, hashAnswer, resolveQuestion } from './authenticators/lib/security-question';
import { coseKeyProblem } from './authenticators/webauthn/ceremony';
import { ConfigError, type PersonaSeed } from './config';
import type { OrgContext } from './context';
import { hashPassword } from './crypto/password';
import { DuplicateGroupNameError, type EnrollmentRecord, type UserProfile, type UserRecord } from './store';
import { profileProblems } from './users';

/** A persona the org's own rules refuse: reported at start-up like any other config problem. */
export class PersonaError extends ConfigError {
  override name = 'PersonaError';
}

/** Creates the personas the store lacks; returns the ones it created. */
export async function seedPersonas(ctx: OrgContext): Promise<UserRecord[]> {
  const created: UserRecord[] = [];
  for (const [i, persona] of ctx.config.personas.entries()) {
    if (await ctx.store.userByLogin(persona.login)) continue;
    const { user, enrollments } = await personaRecords(ctx, persona, `personas[${i}]`);
    await ctx.store.createUserWithEnrollments(user, enrollments);
    for (const name of persona.groups ?? []) await ctx.store.addGroupMember(await groupNamed(ctx, name), user.id, ctx.clock.now());
    created.push(user);
  }
  return created;
}

async function personaRecords(ctx: OrgContext, persona: PersonaSeed, where: string) {
  const { password, factors = {}, groups: _groups, ...rest } = persona;
  const problems = profileProblems(rest, ctx.config.userSchema.loginPattern);
  const profile = rest as UserProfile;
  const weak = passwordProblems(password, ctx.config.passwordPolicy, profile);
  if (weak.length) problems.push(`password: ${passwordRequirementsMessage(weak)}`);
  if (problems.length) throw new PersonaError(`devorg config: ${problems.map((p) => `${where}.${p}`).join('; ')}`);

  const now = ctx.clock.now();
  const user: UserRecord = {
    id: ctx.ids.oktaId('00u'),
    status: 'ACTIVE',
    profile,
    passwordHash: await hashPassword(password, ctx.config.passwordHashCost),
    passwordChangedAt: now,
    failedLogins: 0,
    createdAt: now,
    activatedAt: now,
    statusChangedAt: now,
    lastLoginAt: null,
    lastUpdatedAt: now,
  };
  const enrollment = (
    key: AuthenticatorKey,
    profile: Record<string, unknown>,
    secret: Record<string, unknown> | null,
  ): EnrollmentRecord => ({
    id: ctx.ids.oktaId(wireOf(key).enrollmentPrefix),
    userId: user.id,
    authenticator: key,
    profile,
    secret,
    failures: 0,
    lastUsedStep: null,
    createdAt: now,
    lastVerifiedAt: null,
  });
  const enrollments = [enrollment('okta_email', { email: profile.email }, null)];
  if (factors.totp) enrollments.push(enrollment('google_otp', {}, { secret: factors.totp.secret.toUpperCase().replace(/=+$/, '') }));
  if (factors.phone) {
    const phone = normalizePhone(factors.phone.phoneNumber);
    if (!phone.ok) throw new PersonaError(`devorg config: ${where}.factors.phone.phoneNumber: ${phone.message}`);
    enrollments.push(enrollment('phone_number', { phoneNumber: phone.e164 }, null));
  }
  if (factors.securityQuestion) {
    const { questionKey, question, answer } = factors.securityQuestion;
    const resolved = resolveQuestion({ questionKey, question });
    if (!resolved.ok) throw new PersonaError(`devorg config: ${where}.factors.securityQuestion.${resolved.field}: ${resolved.message}`);
    const bad = answerProblems(answer, { question: resolved.text, profile });
    if (bad.length) throw new PersonaError(`devorg config: ${where}.factors.securityQuestion.answer: ${bad.join('; ')}`);
    enrollments.push(
      enrollment(
        'security_question',
        { questionKey: resolved.key, question: resolved.text },
        { answerHash: await hashAnswer(answer, ctx.config.passwordHashCost) },
      ),
    );
  }
  if (factors.passkey) {
    const { credentialId, publicKey, transports = ['internal'], signCount = 0 } = factors.passkey;
    const bad = coseKeyProblem(publicKey);
    if (bad) throw new PersonaError(`devorg config: ${where}.factors.passkey.publicKey: ${bad}`);
    if (await ctx.store.webauthnCredentialExists(credentialId))
      throw new PersonaError(`devorg config: ${where}.factors.passkey.credentialId: registered already, to another user`);
    // A passkey's enrollment carries its credential (store/enrollments.ts): the counter in lastUsedStep.
    enrollments.push({
      ...enrollment('webauthn', { credentialId, transports, aaguid: null }, { publicKey }),
      lastUsedStep: signCount,
    });
  }
  return { user, enrollments };
}

/** The id of the group with this name, made if the org lacks it. */
async function groupNamed(ctx: OrgContext, name: string): Promise<string> {
  const found = (await ctx.store.listGroups({ q: name, limit: 100 })).find((g) => g.profile.name === name);
  if (found) return found.id;
  const now = ctx.clock.now();
  const group = {
    id: ctx.ids.oktaId('00g'),
    type: 'OKTA_GROUP' as const,
    profile: { name, description: null },
    createdAt: now,
    lastUpdatedAt: now,
    lastMembershipUpdatedAt: now,
  };
  try {
    await ctx.store.createGroup(group);
  } catch (err) {
    if (err instanceof DuplicateGroupNameError) return groupNamed(ctx, name);
    throw err;
  }
  return group.id;
}
