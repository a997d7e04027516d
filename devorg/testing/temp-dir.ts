/** Temporary SQLite files for store tests, removed after each test (call `useTempFiles()` at the top of a file). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export function useTempFiles(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'devorg-store-'));
    dirs.push(dir);
    return join(dir, 'devorg.sqlite');
  };
}
