import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templates as fr } from './locales/fr';

const SRC = join(import.meta.dirname, '..');

/** Every `msg(…, { id: '…' })` in the portal's source: its id, and whether it is a `str` template. */
function sourceMessages(): Map<string, { str: boolean; expressions: number }> {
  const found = new Map<string, { str: boolean; expressions: number }>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.includes('.test.') && !f.startsWith(join('i18n', 'locales')),
  );
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const match of text.matchAll(/msg\(\s*((?:str|html)`[^`]*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Z_]+),\s*\{\s*id: '([^']+)'/g)) {
      const [, template = '', id = ''] = match;
      const message = { str: /^(str|html)`/.test(template), expressions: template.split('${').length - 1 };
      const seen = found.get(id);
      if (seen) expect(seen, `${id} means one thing everywhere`).toEqual(message);
      found.set(id, message);
    }
  }
  return found;
}

describe('the French translations', () => {
  const messages = sourceMessages();

  it('find the portal’s messages in the source', () => {
    expect(messages.size).toBeGreaterThan(40);
    expect(messages.get('sign-in.loading')).toEqual({ str: false, expressions: 0 });
  });

  it('translate every message, and nothing the source no longer has', () => {
    expect(Object.keys(fr).sort()).toEqual([...messages.keys()].sort());
  });

  it('keep each message’s expressions', () => {
    for (const [id, { str, expressions }] of messages) {
      const translation: unknown = fr[id as keyof typeof fr];
      if (!str) {
        expect(typeof translation, id).toBe('string');
        continue;
      }
      // A `str` or `html` result: its strings around the indices (`${0}`…) of the English expressions.
      const { values } = translation as { values: unknown[] };
      expect([...values].sort(), id).toEqual(Array.from({ length: expressions }, (_, i) => i));
    }
  });
});
