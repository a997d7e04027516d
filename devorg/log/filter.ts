/**
 * The System Log's `filter` (a SCIM-style expression, as Okta's `/api/v1/logs` takes), for the subset
 * devorg runs: `<attribute> eq|sw|co "<value>"` and `<attribute> pr`, joined with `and`/`or` (`and`
 * binds tighter) and grouped with parentheses. Attributes are those in `LOG_FILTER_ATTRIBUTES`
 * (`eventType`, `outcome.result`, `actor.id`, `target.id`, …); operators and `and`/`or` are
 * case-insensitive, attribute names are not. Anything else — `ne`, `gt`, `not`, an unknown attribute,
 * a value without quotes — is refused with Okta's 400 `E0000031` naming what is wrong, never run as
 * "match everything".
 */
import { ApiError } from '../errors';
import { LOG_FILTER_ATTRIBUTES, type LogFilter, type LogFilterAttribute } from './types';

const MAX_LENGTH = 2000;
const MAX_TERMS = 25;
const MAX_DEPTH = 8;

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: '(' } | { kind: ')' };

export function invalidFilter(problem: string): ApiError {
  return new ApiError(400, 'E0000031', 'Invalid search criteria.', [
    `filter: ${problem}. devorg understands <attribute> eq|sw|co "<value>" and <attribute> pr, joined by and/or, in parentheses if need be`,
  ]);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push(ch === '(' ? { kind: '(' } : { kind: ')' });
      i++;
    } else if (ch === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) throw invalidFilter('a quoted value is not closed');
        const c = input[i] as string;
        if (c === '\\') {
          const escaped = input[i + 1];
          if (escaped === undefined) throw invalidFilter('a quoted value is not closed');
          text += escaped;
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ kind: 'string', text });
    } else {
      const match = /^[^\s()"]+/.exec(input.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'word', text });
      i += text.length;
    }
  }
  return tokens;
}

function isAttribute(name: string): name is LogFilterAttribute {
  return (LOG_FILTER_ATTRIBUTES as readonly string[]).includes(name);
}

export function parseLogFilter(input: string): LogFilter {
  if (input.length > MAX_LENGTH) throw invalidFilter(`the expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(input);
  let pos = 0;
  let terms = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[pos];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };

  function expression(depth: number): LogFilter {
    let left = conjunction(depth);
    while (peekWord() === 'or') {
      pos++;
      left = { kind: 'or', left, right: conjunction(depth) };
    }
    return left;
  }

  function conjunction(depth: number): LogFilter {
    let left = primary(depth);
    while (peekWord() === 'and') {
      pos++;
      left = { kind: 'and', left, right: primary(depth) };
    }
    return left;
  }

  function primary(depth: number): LogFilter {
    const t = tokens[pos];
    if (!t) throw invalidFilter('the expression ends too early');
    if (t.kind === '(') {
      if (depth >= MAX_DEPTH) throw invalidFilter(`parentheses are nested more than ${MAX_DEPTH} deep`);
      pos++;
      const inner = expression(depth + 1);
      if (tokens[pos]?.kind !== ')') throw invalidFilter('a parenthesis is not closed');
      pos++;
      return inner;
    }
    if (t.kind === ')') throw invalidFilter('unexpected ")"');
    if (t.kind === 'string') throw invalidFilter(`unexpected value "${t.text}"`);
    if (t.text.toLowerCase() === 'not') throw invalidFilter('"not" is not supported');
    if (!isAttribute(t.text)) throw invalidFilter(`unknown attribute "${t.text}" (devorg filters on ${LOG_FILTER_ATTRIBUTES.join(', ')})`);
    if (++terms > MAX_TERMS) throw invalidFilter(`more than ${MAX_TERMS} comparisons`);
    pos++;
    const op = tokens[pos];
    const operator = op?.kind === 'word' ? op.text.toLowerCase() : undefined;
    if (operator === 'pr') {
      pos++;
      return { kind: 'present', attribute: t.text };
    }
    if (operator !== 'eq' && operator !== 'sw' && operator !== 'co') {
      throw invalidFilter(operator === undefined ? `an operator must follow "${t.text}"` : `the operator "${operator}" is not supported`);
    }
    pos++;
    const value = tokens[pos];
    if (value?.kind !== 'string') throw invalidFilter(`the value compared with "${t.text}" must be in double quotes`);
    pos++;
    return { kind: 'compare', attribute: t.text, operator, value: value.text };
  }

  const filter = expression(0);
  const rest = tokens[pos];
  if (rest) throw invalidFilter(`unexpected "${'text' in rest ? rest.text : rest.kind}"`);
  return filter;
}
