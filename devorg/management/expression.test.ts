/**
 * The filter expression grammar on its own: examples from Okta's documentation, refusals, and two
 * properties — a printed expression parses back to itself, and no input makes the parser fail in any
 * other way than an `ExpressionSyntaxError`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPARISON_OPERATORS,
  ExpressionSyntaxError,
  MAX_COMPARISONS,
  MAX_NESTING,
  parseExpression,
  type Expression,
  type Literal,
} from './expression';

describe('parseExpression', () => {
  it('reads the SDK README’s examples', () => {
    expect(parseExpression('profile.nickName eq "rob"')).toEqual({
      kind: 'compare',
      attribute: 'profile.nickName',
      operator: 'eq',
      value: 'rob',
    });
    expect(parseExpression('lastUpdated gt "2017-06-05T23:00:00.000Z"')).toEqual({
      kind: 'compare',
      attribute: 'lastUpdated',
      operator: 'gt',
      value: '2017-06-05T23:00:00.000Z',
    });
  });

  it('binds and tighter than or; parentheses regroup; operators and keywords in any case', () => {
    const a = { kind: 'compare', attribute: 'a', operator: 'eq', value: '1' } as const;
    const b = { kind: 'compare', attribute: 'b', operator: 'sw', value: '2' } as const;
    const c = { kind: 'present', attribute: 'c' } as const;
    expect(parseExpression('a eq "1" or b sw "2" and c pr')).toEqual({ kind: 'or', operands: [a, { kind: 'and', operands: [b, c] }] });
    expect(parseExpression('(a EQ "1" OR b SW "2") And c PR')).toEqual({ kind: 'and', operands: [{ kind: 'or', operands: [a, b] }, c] });
    expect(parseExpression('((a eq "1"))')).toEqual(a);
  });

  it('reads numbers, booleans, null and escaped quotes', () => {
    const value = (text: string) => (parseExpression(`profile.x eq ${text}`) as { value: Literal }).value;
    expect(value('42')).toBe(42);
    expect(value('-1.5e2')).toBe(-150);
    expect(value('true')).toBe(true);
    expect(value('FALSE')).toBe(false);
    expect(value('null')).toBe(null);
    expect(value('"say \\"hi\\" \\\\ bye"')).toBe('say "hi" \\ bye');
  });

  it.each([
    '',
    'status',
    'status eq',
    'status eq ACTIVE',
    'status eq "ACTIVE',
    'status is "ACTIVE"',
    'not status eq "ACTIVE"',
    'status eq "A" and',
    '(status eq "A"',
    'status eq "A")',
    'status eq "A" status eq "B"',
    'emails[type eq "work"]',
    'profile.x eq "\\n"',
    'urn:ietf:params eq "x"',
    '"a" eq "b"',
    `${'('.repeat(MAX_NESTING + 1)}a pr${')'.repeat(MAX_NESTING + 1)}`,
    Array.from({ length: MAX_COMPARISONS + 1 }, () => 'a pr').join(' or '),
    'a eq "' + 'x'.repeat(5000) + '"',
    'profile.x gt -1e999',
  ])('refuses %j', (input) => {
    expect(() => parseExpression(input)).toThrow(ExpressionSyntaxError);
  });
});

const name = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/)
  .filter((n) => !['and', 'or', 'not', 'pr', 'true', 'false', 'null'].includes(n.toLowerCase()));
const attribute = fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
);
const comparison: fc.Arbitrary<Expression> = fc.oneof(
  fc.record({ kind: fc.constant('compare' as const), attribute, operator: fc.constantFrom(...COMPARISON_OPERATORS), value: literal }),
  fc.record({ kind: fc.constant('present' as const), attribute }),
);
const { tree } = fc.letrec<{ tree: Expression }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }) }),
  ),
}));

function print(e: Expression): string {
  if (e.kind === 'present') return `${e.attribute} pr`;
  if (e.kind === 'compare') {
    const value = typeof e.value === 'string' ? `"${e.value.replace(/[\\"]/g, (m) => `\\${m}`)}"` : String(e.value);
    return `${e.attribute} ${e.operator} ${value}`;
  }
  return e.operands.map((o) => `(${print(o)})`).join(` ${e.kind} `);
}

/** What the parser gives for a printed tree: parentheses drop, so nested same-kind groups stay as written. */
function normalise(e: Expression): Expression {
  return 'operands' in e ? { kind: e.kind, operands: e.operands.map(normalise) } : e;
}

describe('properties', () => {
  it('a printed expression parses back to the same tree', () => {
    fc.assert(
      fc.property(tree, (e) => {
        let comparisons = 0;
        let depth = 0;
        const measure = (x: Expression, d: number): void => {
          depth = Math.max(depth, d);
          if ('operands' in x) x.operands.forEach((o) => measure(o, d + 1));
          else comparisons += 1;
        };
        measure(e, 0);
        fc.pre(comparisons <= MAX_COMPARISONS && depth <= MAX_NESTING);
        expect(parseExpression(print(e))).toEqual(normalise(e));
      }),
      { numRuns: 1000 },
    );
  });

  it('any input parses or fails with an ExpressionSyntaxError, nothing else', () => {
    const pieces = fc.constantFrom('(', ')', '"', '\\', ' ', 'and', 'or', 'not', 'eq', 'pr', 'profile.x', '1', '-', '.', 'true', '"v"');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(pieces, { maxLength: 30 }).map((p) => p.join(' ')),
        ),
        (input) => {
          try {
            parseExpression(input);
          } catch (err) {
            expect(err).toBeInstanceOf(ExpressionSyntaxError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
