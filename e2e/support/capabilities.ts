/**
 * The org this run targets (e2e/target.ts) and `requires(...)`: what a test needs from it. On an org
 * that doesn't offer it the test is skipped, with the reason in the report — never silently passed.
 */
import { test } from '@playwright/test';
import { resolveTarget, unmetNeeds, type Capability } from '../target';

export const target = resolveTarget(process.env);

/** Declares what the tests in scope (a file, a describe, a test or a fixture) need from the org. */
export function requires(...needs: Capability[]): void {
  const reason = unmetNeeds(target, needs);
  test.skip(reason !== undefined, reason);
}
