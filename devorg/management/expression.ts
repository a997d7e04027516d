/**
 * Okta's filter expression language (the `search` and `filter` query parameters), as a grammar:
 *
 *   expression := term ("or" term)*
 *   term       := factor ("and" factor)*             -- `and` binds tighter, as in SCIM (RFC 7644 §3.4.2.2)
 *   factor     := "(" expression ")" | attribute "pr" | attribute operator value
 *   attribute  := name ("." name)*                    -- case-sensitive: `profile.nickName`, `type.id`
 *   operator   := eq | ne | co | sw | ew | gt | ge | lt | le   -- any case
 *   value      := "string" (\" and \\ escaped) | number | true | false | null
 *
 * This module only parses; which attributes and operators an endpoint accepts (users' `search` takes
 * more than `filter`; nobody takes `ne`) is decided by the caller, so a refusal can say why. Not a SCIM
 * parser from npm: those also accept `not`, value paths (`emails[type eq "work"]`) and URN attribute
 * names, none of which Okta does, and the caller would still need the walk that says what is refused.
 * Input is bounded (length, nesting, comparisons), so hostile expressions can't exhaust the stack or
 * build an SQL statement past SQLite's limits.
 */

export const COMPARISON_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export type Literal = string | number | boolean | null;

export type Expression =
  | { kind: 'and' | 'or'; operands: Expression[] }
  | { kind: 'compare'; attribute: string; operator: ComparisonOperator; value: Literal }
  | { kind: 'present'; attribute: string };

export const MAX_EXPRESSION_LENGTH = 4096;
export const MAX_NESTING = 16;
export const MAX_COMPARISONS = 50;

/** Why an expression is not well-formed; `at` is the character offset where parsing stopped. */
export class ExpressionSyntaxError extends Error {
  override name = 'ExpressionSyntaxError';
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: '(' | ')'; at: number }
  | { type: 'end'; at: number };

const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /\s+/y;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const sticky = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(input)?.[0];
  };
  while (i < input.length) {
    const space = sticky(SPACE);
    if (space) {
      i += space.length;
      continue;
    }
    const c = input[i];
    if (c === '(' || c === ')') {
      tokens.push({ type: c, at: i });
      i += 1;
    } else if (c === '"') {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        const ch = input[i];
        if (ch === undefined) throw new ExpressionSyntaxError('unterminated string', start);
        if (ch === '"') break;
        if (ch === '\\') {
          const escaped = input[i + 1];
          if (escaped !== '"' && escaped !== '\\') throw new ExpressionSyntaxError('only \\" and \\\\ may be escaped in a string', i);
          value += escaped;
          i += 2;
        } else {
          value += ch;
          i += 1;
        }
      }
      i += 1;
      tokens.push({ type: 'string', value, at: start });
    } else {
      const number = sticky(NUMBER);
      const word = number === undefined ? sticky(WORD) : undefined;
      if (number !== undefined) {
        if (!Number.isFinite(Number(number))) throw new ExpressionSyntaxError('number out of range', i);
        tokens.push({ type: 'number', value: Number(number), at: i });
        i += number.length;
      } else if (word !== undefined) {
        tokens.push({ type: 'word', text: word, at: i });
        i += word.length;
      } else {
        throw new ExpressionSyntaxError(`unexpected ${JSON.stringify(c)}`, i);
      }
    }
  }
  tokens.push({ type: 'end', at: input.length });
  return tokens;
}

const isOperator = (word: string): word is ComparisonOperator => (COMPARISON_OPERATORS as readonly string[]).includes(word);

/** Parses an Okta filter expression; throws `ExpressionSyntaxError` for anything outside the grammar. */
export function parseExpression(input: string): Expression {
  if (input.length > MAX_EXPRESSION_LENGTH) throw new ExpressionSyntaxError(`longer than ${MAX_EXPRESSION_LENGTH} characters`, 0);
  const tokens = tokenize(input);
  let pos = 0;
  let comparisons = 0;
  const peek = (): Token => tokens[pos] ?? { type: 'end', at: input.length };
  const keyword = (token: Token, name: string) => token.type === 'word' && token.text.toLowerCase() === name;

  const expression = (depth: number): Expression => {
    const operands = [term(depth)];
    while (keyword(peek(), 'or')) {
      pos += 1;
      operands.push(term(depth));
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'or', operands };
  };

  const term = (depth: number): Expression => {
    const operands = [factor(depth)];
    while (keyword(peek(), 'and')) {
      pos += 1;
      operands.push(factor(depth));
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'and', operands };
  };

  const factor = (depth: number): Expression => {
    const token = peek();
    if (token.type === '(') {
      if (depth >= MAX_NESTING) throw new ExpressionSyntaxError(`nested deeper than ${MAX_NESTING} parentheses`, token.at);
      pos += 1;
      const inner = expression(depth + 1);
      const close = peek();
      if (close.type !== ')') throw new ExpressionSyntaxError('expected ")"', close.at);
      pos += 1;
      return inner;
    }
    if (token.type !== 'word') throw new ExpressionSyntaxError('expected an attribute name', token.at);
    if (keyword(token, 'not')) throw new ExpressionSyntaxError('"not" is not supported', token.at);
    if (++comparisons > MAX_COMPARISONS) throw new ExpressionSyntaxError(`more than ${MAX_COMPARISONS} comparisons`, token.at);
    pos += 1;
    const attribute = token.text;
    const op = peek();
    if (op.type !== 'word') throw new ExpressionSyntaxError('expected an operator', op.at);
    const operator = op.text.toLowerCase();
    pos += 1;
    if (operator === 'pr') return { kind: 'present', attribute };
    if (!isOperator(operator)) throw new ExpressionSyntaxError(`unknown operator ${JSON.stringify(op.text)}`, op.at);
    return { kind: 'compare', attribute, operator, value: literal() };
  };

  const literal = (): Literal => {
    const token = peek();
    pos += 1;
    if (token.type === 'string' || token.type === 'number') return token.value;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    throw new ExpressionSyntaxError('expected a value: a "string" in double quotes, a number, true, false or null', token.at);
  };

  const result = expression(0);
  const rest = peek();
  if (rest.type !== 'end') throw new ExpressionSyntaxError('expected "and", "or" or the end of the expression', rest.at);
  return result;
}
