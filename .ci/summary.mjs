// Prints "N passed, N failed" from the Vitest and Playwright JSON reports (the e2e run against devorg
// and the one against the second devorg posing as a real org; skipped tests are neither). A failing `npm test`
// whose failure isn't in a report (type errors, build) counts as one failure, so a red run never
// prints "0 failed".
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;

function read(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
}
for (const file of ['test-results/playwright.json', 'test-results/playwright-as-org.json']) {
  const pw = read(file);
  if (!pw) continue;
  passed += pw.stats?.expected ?? 0;
  failed += (pw.stats?.unexpected ?? 0) + (pw.stats?.flaky ?? 0) + (pw.errors?.length ?? 0);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
