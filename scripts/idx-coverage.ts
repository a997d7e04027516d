/**
 * `npm run idx:coverage [dir]`: how much of what Okta sends devorg sends, step by step. Each recorded
 * Okta Identity Engine reply in `dir` (or `$IDX_RESPONSES`; the widget's playground mock data, kept
 * outside the project) is matched with the devorg step it records; devorg is driven to that step
 * in-process (devorg/testing/idx-steps.ts) and the two replies are compared as key paths with JSON
 * types (devorg/testing/idx-shape.ts). Prints per step the share of the recording's fields devorg
 * sends with the same type, what is missing, and the total; recordings of steps devorg does not emit
 * are listed apart. Not counted (and said so per step): what is about an authenticator devorg has no
 * module for (Okta Verify's entries, its `launch-authenticator` and `authenticatorChallenge`), and
 * entries about authenticators the recorded user had where devorg's user has not. Not part of CI: the recordings are not the project's. `--json` prints the figures
 * as JSON instead; `--min=97` exits non-zero when a step is below that share.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAvailable } from '../devorg/authenticators';
import type { AuthenticatorKey } from '../devorg/authenticators/types';
import { coverage, percent, shapeOf, type Coverage } from '../devorg/testing/idx-shape';
import { StepDriver } from '../devorg/testing/idx-steps';

/** Recording (file name without `.json`) → the devorg step it records; `null`: a step devorg does not emit (yet). */
const RECORDED_STEPS: Record<string, string | null> = {
  identify: 'identify',
  'identify-with-remember-me': 'identify-remember-me',
  'identify-with-password': 'identify-with-password',
  // With user enumeration prevention off (policies.userEnumerationPrevention: false); on, an unknown user gets the password challenge.
  'identify-unknown-user': 'identify-unknown-user',
  'error-identify-access-denied': 'identify-access-denied',
  // Its form asks for a Username (`login`) besides the email: an org whose profile enrollment form has one.
  'enroll-profile': 'enroll-profile-with-username',
  'enroll-profile-new': 'enroll-profile',
  // With the profile enrollment policy's password on the form (policies.enrollAuthenticatorTypes).
  'enroll-profile-with-password': 'enroll-profile-with-password',
  'error-new-signup-email': 'enroll-profile-invalid-email',
  'error-new-signup-email-exists': 'enroll-profile-email-exists',
  'error-enroll-regisration-unavailable': 'registration-unavailable',
  // The registration inline hook failed (a 500 from the external service).
  'error-account-creation': 'registration-failed',
  'terminal-registration': 'terminal-registration',
  'authenticator-enroll-password': 'enroll-password',
  'error-authenticator-enroll-password-common': 'enroll-password-common',
  'authenticator-verification-password': 'challenge-password',
  'error-authenticator-verify-password': 'challenge-password-wrong',
  // With passwordPolicy.showLockoutFailures on (off, Okta's default, a locked password answers as a wrong one).
  'error-authenticator-verification-password-too-many-attempts': 'challenge-password-locked',
  'authenticator-expired-password': 'reenroll-password',
  'authenticator-enroll-select-authenticator': 'select-authenticator-enroll-required',
  'authenticator-enroll-select-authenticator-with-skip': 'select-authenticator-enroll-optional',
  'authenticator-enroll-google-authenticator': 'enroll-google-otp',
  'error-authenticator-enroll-google-invalid-otp': 'enroll-google-otp-wrong',
  'authenticator-verification-google-authenticator': 'challenge-google-otp',
  'error-authenticator-verification-on-google-otp-invalid-passcode': 'challenge-google-otp-wrong',
  'authenticator-enroll-email': 'enroll-email',
  'authenticator-enroll-email-first': 'enroll-email-data',
  'error-authenticator-enroll-email-invalid-otp': 'enroll-email-wrong',
  'authenticator-verification-data-email': 'challenge-data-email',
  'authenticator-verification-email': 'challenge-email',
  'error-401-invalid-email-otp-passcode': 'challenge-email-wrong',
  'error-401-invalid-otp-passcode': 'challenge-email-wrong',
  'authenticator-enroll-security-question': 'enroll-security-question',
  'error-authenticator-enroll-security-question': 'enroll-security-question-short',
  'authenticator-verification-security-question': 'challenge-security-question',
  'authenticator-enroll-data-phone': 'enroll-phone-data',
  'authenticator-enroll-phone': 'enroll-phone',
  'error-authenticator-enroll-phone-invalid-number': 'enroll-phone-data-invalid',
  'authenticator-verification-phone-sms': 'challenge-phone',
  'authenticator-verification-select-authenticator': 'select-authenticator-authenticate',
  'identify-recovery': 'identify-recovery',
  'authenticator-verification-select-authenticator-for-recovery': 'recovery-select-authenticator',
  'error-forgot-password': 'recovery-not-allowed',
  'authenticator-reset-password': 'reset-password',
  'error-authenticator-reset-password-requirement': 'reset-password-weak',
  'terminal-reset-password-success': 'reset-password-done',
  'success-with-interaction-code': 'success',
  // The Okta-hosted (redirect) flow's ending, not the embedded widget's.
  success: 'success-hosted',
  // The Okta dashboard's sign-in (okta_enduser, `/v1/authorize` with display=page): devorg's hosted page.
  'post-auth-keep-me-signed-in': 'keep-me-signed-in-hosted',
  'error-401-session-expired': 'session-expired',
  'error-403-access-denied': 'access-denied',
  'error-terminal-multiple-errors': null,
  'error-400-bad-request': 'bad-request',
  'error-429-too-many-request': 'too-many-requests',
};

/**
 * Okta's authenticator types that only one authenticator has, for entries of older replies that leave
 * out `key` (`app` is Google Authenticator's and Okta Verify's, so it names none).
 */
const KEY_OF_TYPE: Readonly<Record<string, string>> = {
  password: 'okta_password',
  email: 'okta_email',
  phone: 'phone_number',
  security_question: 'security_question',
  security_key: 'webauthn',
};

/** Parts of Okta's replies that are Okta Verify's though they name no authenticator ("Sign in with Okta Verify"). */
const AUTHENTICATOR_PARTS: Readonly<Record<string, string>> = {
  'remediation.value[name=launch-authenticator]': 'okta_verify',
  authenticatorChallenge: 'okta_verify',
};

interface Row {
  recording: string;
  step: string;
  status: number;
  coverage: Coverage;
  /** Every path devorg's reply has (to show a wholly missing subtree once). */
  replyPaths: Set<string>;
}

/** Missing paths, with a wholly missing subtree shown once as its root (and how many fields it holds). */
function collapse(missing: string[], present: Set<string>): string[] {
  const hasUnder = (prefix: string) => [...present].some((p) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
  const roots = new Map<string, number>();
  for (const path of missing) {
    // The shortest prefix of `path` under which the reply has nothing.
    const cuts = [...path.matchAll(/[.[]/g)].map((m) => m.index).concat(path.length);
    const root = cuts.map((i) => path.slice(0, i)).find((prefix) => prefix && !hasUnder(prefix)) ?? path;
    roots.set(root, (roots.get(root) ?? 0) + 1);
  }
  return [...roots].map(([root, n]) => (n > 1 ? `${root}  (${n} fields)` : root));
}

async function main() {
  const args = process.argv.slice(2);
  const dir = resolve(args.find((a) => !a.startsWith('--')) ?? process.env.IDX_RESPONSES ?? '');
  const asJson = args.includes('--json');
  const min = Number(args.find((a) => a.startsWith('--min='))?.slice(6) ?? NaN);
  if (!process.env.IDX_RESPONSES && !args.some((a) => !a.startsWith('--'))) {
    console.error('usage: npm run idx:coverage -- <dir of recorded IDX replies>   (or IDX_RESPONSES=<dir>)');
    process.exit(2);
  }
  if (!existsSync(dir)) {
    console.error(`no such directory: ${dir}`);
    process.exit(2);
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const driver = new StepDriver();
  const rows: Row[] = [];
  const notEmitted: string[] = [];
  const unknown: string[] = [];
  const keepAuthenticator = (key: string) => isAvailable(key as AuthenticatorKey);
  try {
    for (const file of files) {
      const recording = file.replace(/\.json$/, '');
      const step = RECORDED_STEPS[recording];
      if (step === undefined) unknown.push(recording);
      if (!step) {
        if (step === null) notEmitted.push(recording);
        continue;
      }
      const reference = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
      const reply = await driver.reach(step);
      rows.push({
        recording,
        step,
        status: reply.status,
        coverage: coverage(reference, reply.doc, {
          keepAuthenticator,
          keyOfType: (type) => KEY_OF_TYPE[type],
          authenticatorParts: AUTHENTICATOR_PARTS,
        }),
        replyPaths: new Set(shapeOf(reply.doc).paths.keys()),
      });
    }
  } finally {
    await driver.close();
  }

  const matched = rows.reduce((n, r) => n + r.coverage.matched, 0);
  const total = rows.reduce((n, r) => n + r.coverage.total, 0);
  const below = Number.isFinite(min) ? rows.filter((r) => percent(r.coverage) < min) : [];
  if (asJson) {
    const figures = rows.map((r) => ({
      recording: r.recording,
      step: r.step,
      percent: Number(percent(r.coverage).toFixed(1)),
      matched: r.coverage.matched,
      total: r.coverage.total,
      missing: r.coverage.missing,
      wrongType: r.coverage.wrongType,
      excluded: r.coverage.excluded,
      otherScenario: r.coverage.otherScenario,
    }));
    console.log(
      JSON.stringify(
        { total: { percent: Number(percent({ matched, total }).toFixed(1)), matched, total }, steps: figures, notEmitted, unknown },
        null,
        2,
      ),
    );
  } else {
    for (const r of rows) {
      const c = r.coverage;
      console.log(
        `\n${percent(c).toFixed(1).padStart(5)} %  ${r.recording}  →  devorg ${r.step} (HTTP ${r.status}): ${c.matched}/${c.total} fields`,
      );
      for (const path of collapse(c.missing, r.replyPaths)) console.log(`         missing  ${path}`);
      for (const w of c.wrongType) console.log(`         type     ${w.path}: Okta ${w.expected}, devorg ${w.got}`);
      if (c.excluded.length)
        console.log(`         (not counted: ${c.excluded.length} item(s) about authenticators devorg has no module for)`);
      if (c.otherScenario.length)
        console.log(`         (not counted, the recorded user had them, devorg's has not: ${c.otherScenario.join(', ')})`);
    }
    console.log(`\nRecorded steps devorg does not emit (${notEmitted.length}): ${notEmitted.join(', ')}`);
    if (unknown.length) console.log(`Recordings with no entry in the step map (${unknown.length}): ${unknown.join(', ')}`);
    const worst = rows.reduce((m, r) => Math.min(m, percent(r.coverage)), 100);
    console.log(
      `\nTotal: ${percent({ matched, total }).toFixed(1)} % of ${total} recorded fields over ${rows.length} recorded steps ` +
        `(${new Set(rows.map((r) => r.step)).size} devorg steps); lowest step ${worst.toFixed(1)} %`,
    );
  }
  if (below.length) {
    console.error(`${below.length} step(s) below ${min} %: ${below.map((r) => r.recording).join(', ')}`);
    process.exit(1);
  }
}

await main();
