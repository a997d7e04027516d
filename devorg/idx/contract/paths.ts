/**
 * The contract's path language: `remediation.value[name=identify].value[name=identifier].label`.
 * A segment is an object key; `[name=x]` picks the array items whose `name` is `x` (any field works:
 * `[key=okta_email]`, `[label=Phone]`, `[i18n.key=…]`; on an object it filters that object), `[*]` every
 * item, `[0]` one by index. A path with `[*]` or a
 * picker holds when it matches at least one value and every value it matches has the type.
 */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : (typeof v as JsonType);
}

/** `item.a.b` for the picker field `a.b` (`[i18n.key=…]`). */
function fieldOf(item: unknown, field: string): unknown {
  let cur = item;
  for (const k of field.split('.')) cur = typeOf(cur) === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

type Token = { key: string } | { pick: string };

function tokens(path: string): Token[] {
  return [...path.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)].map((m) => (m[1] !== undefined ? { key: m[1] } : { pick: m[2] as string }));
}

/** Every value `path` reaches in `doc` (none: the path is absent). */
export function select(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const t of tokens(path)) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('key' in t) {
        if (typeOf(v) === 'object' && t.key in (v as Record<string, unknown>)) next.push((v as Record<string, unknown>)[t.key]);
        continue;
      }
      if (!Array.isArray(v)) {
        // On an object, a picker is a filter: `currentAuthenticator.value[key=okta_email]` is that object if its key is okta_email.
        const [field, ...rest] = t.pick.split('=');
        if (typeOf(v) === 'object' && rest.length && String(fieldOf(v, field as string)) === rest.join('=')) next.push(v);
        continue;
      }
      if (t.pick === '*') next.push(...v);
      else if (/^\d+$/.test(t.pick)) {
        if (Number(t.pick) < v.length) next.push(v[Number(t.pick)]);
      } else {
        const [field, ...rest] = t.pick.split('=');
        const want = rest.join('=');
        next.push(...v.filter((item) => String(fieldOf(item, field as string)) === want));
      }
    }
    current = next;
  }
  return current;
}

/** What is wrong with `path` in `doc` (undefined: it holds). */
export function violation(doc: unknown, path: string, type: JsonType): string | undefined {
  const values = select(doc, path);
  if (values.length === 0) return `${path}: absent (want ${type})`;
  const wrong = values.map(typeOf).filter((t) => t !== type);
  return wrong.length ? `${path}: ${wrong.join(', ')} (want ${type})` : undefined;
}

/** Resolves a `relatesTo` JSONPath (`$.authenticators.value[0]`) the way auth-js does. */
export function resolveRelatesTo(doc: unknown, ref: string): unknown {
  const parts = ref.replace(/^\$\.?/, '');
  return select(doc, parts)[0];
}

/** Every `relatesTo` string anywhere in `doc` (auth-js throws "Cannot resolve relatesTo" for a dangling one). */
export function relatesToRefs(doc: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeOf(v) !== 'object') return;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'relatesTo') {
        if (typeof child === 'string') found.push(child);
        else if (Array.isArray(child)) found.push(...child.filter((c): c is string => typeof c === 'string'));
      } else walk(child);
    }
  };
  walk(doc);
  return found;
}
