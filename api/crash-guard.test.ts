/**
 * The process-level guard, in a process of its own: Vitest's workers have their own handlers for uncaught
 * errors, so the guard is only observable where nothing else is listening.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// A process that throws from a timer and rejects a promise nobody awaits, each with a secret message
// (standing in for the token text library errors can carry), then checks it is still running.
const SCRIPT = `
import { installCrashGuards } from './api/crash-guard.ts';
installCrashGuards();
setTimeout(() => { throw new TypeError('eyJhbGciOiJSUzI1NiJ9.secret-token'); }, 0);
void Promise.reject(new Error('secret-claims'));
setTimeout(() => console.log('still serving'), 100);
`;

describe('installCrashGuards', () => {
  it('logs an uncaught exception and an unhandled rejection by class and frames, and the process lives on', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', SCRIPT], {
      cwd: ROOT,
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('still serving');
    expect(stderr).toMatch(/^api: uncaught exception, still serving: TypeError\n\s+at /m);
    expect(stderr).toMatch(/^api: unhandled rejection, still serving: Error\n\s+at /m);
    expect(stderr).not.toContain('secret');
  });
});
