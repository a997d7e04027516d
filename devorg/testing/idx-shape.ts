/**
 * An IDX document as a set of key paths with their JSON types, so two replies for the same step can be
 * compared field by field whatever their ids, handles and order. Array items are named by what
 * identifies them, not by position: remediations and form fields by `name`, authenticators by `key`
 * (an option by the authenticator its `relatesTo` points at), other options by their `value` (a
 * label is display text: Okta's own replies label one method "VOICE" or "Voice call"), else `label`,
 * methods by `type`; a list of plain values is one `[*]`. An authenticator entry without `key` (older
 * replies leave it out) is named by the key its `type` stands for, when the caller says which.
 * Used by `npm run idx:coverage` and its test.
 */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export interface Shape {
  /** Leaf path → JSON type (an empty object or array is a leaf of its own). */
  paths: Map<string, JsonType>;
  /** Items left out because `keep` refused their authenticator (one the org has no module for). */
  excluded: string[];
}

export interface ShapeOptions {
  /** Whether an item describing the authenticator `key` belongs in the comparison (default: all do). */
  keepAuthenticator?: (key: string) => boolean;
  /** The authenticator key an entry's `type` stands for (`password` → `okta_password`), where only one has that type. */
  keyOfType?: (type: string) => string | undefined;
  /**
   * Parts of a document that belong to one authenticator though they name none (Okta Verify's
   * `launch-authenticator` remediation and `authenticatorChallenge`): path → authenticator key,
   * left out like its other items when `keepAuthenticator` refuses it.
   */
  authenticatorParts?: Readonly<Record<string, string>>;
}

/** Lists whose entries are authenticators or enrollments (where a `type` may stand for a key). */
const AUTHENTICATOR_LIST = /(^|\.)(authenticators|authenticatorEnrollments)\.value$/;

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : (typeof v as JsonType);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeOf(v) === 'object';

/** Resolves `$.a.b[2]` inside `root` (as auth-js does for `relatesTo`). */
export function resolveRelatesTo(root: unknown, ref: string): unknown {
  const parts = ref
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let cur: unknown = root;
  for (const p of parts) cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

/** The authenticator key of an entry: its `key`, else the one its `type` stands for. */
function entryKey(entry: Record<string, unknown>, keyOfType: ShapeOptions['keyOfType']): string | undefined {
  if (typeof entry.key === 'string') return entry.key;
  return typeof entry.type === 'string' ? keyOfType?.(entry.type) : undefined;
}

/** The item's name in a path (`list`: the array's), and the authenticator it describes (if any). */
function itemKey(
  item: Record<string, unknown>,
  root: unknown,
  index: number,
  list: string,
  keyOfType: ShapeOptions['keyOfType'],
): { key: string; authenticator?: string } {
  if (typeof item.relatesTo === 'string') {
    const target = resolveRelatesTo(root, item.relatesTo);
    const key = isObject(target) ? entryKey(target, keyOfType) : undefined;
    if (key !== undefined) return { key: `key=${key}`, authenticator: key };
  }
  const key = AUTHENTICATOR_LIST.test(list) ? entryKey(item, keyOfType) : typeof item.key === 'string' ? item.key : undefined;
  if (key !== undefined) return { key: `key=${key}`, authenticator: key };
  if (typeof item.name === 'string') return { key: `name=${item.name}` };
  // An option's value is what identifies it; its label is display text.
  if (typeof item.label === 'string' && (typeof item.value === 'string' || typeof item.value === 'boolean'))
    return { key: `value=${String(item.value)}` };
  for (const field of ['label', 'questionKey', 'type'] as const) {
    const v = item[field];
    if (typeof v === 'string') return { key: `${field}=${v}` };
  }
  return { key: String(index) };
}

export function shapeOf(doc: unknown, options: ShapeOptions = {}): Shape {
  const paths = new Map<string, JsonType>();
  const excluded: string[] = [];
  const keep = options.keepAuthenticator ?? (() => true);
  const parts = options.authenticatorParts ?? {};
  /** Whether `path` is a part of an authenticator the comparison leaves out (recorded in `excluded`). */
  const leftOut = (path: string): boolean => {
    const owner = parts[path];
    if (owner === undefined || keep(owner)) return false;
    if (!excluded.includes(path)) excluded.push(path);
    return true;
  };

  const walk = (value: unknown, path: string): void => {
    if (leftOut(path)) return;
    const type = typeOf(value);
    if (type === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) paths.set(path, 'object');
      for (const [k, v] of entries) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    if (type === 'array') {
      const items = value as unknown[];
      if (items.length === 0) paths.set(path, 'array');
      items.forEach((item, i) => {
        if (!isObject(item)) return walk(item, `${path}[*]`);
        const { key, authenticator } = itemKey(item, doc, i, path, options.keyOfType);
        const at = `${path}[${key}]`;
        if (authenticator !== undefined && !keep(authenticator)) {
          if (!excluded.includes(at)) excluded.push(at);
          return;
        }
        walk(item, at);
      });
      return;
    }
    paths.set(path, type);
  };
  walk(doc, '');
  return { paths, excluded };
}

/**
 * Values that differ per org, transaction or moment (ids, handles, dates, links): only their presence
 * is compared, never their type (a recording may carry a placeholder of another type).
 */
const PER_INSTANCE =
  /(^|\.)(id|stateHandle|expiresAt|href|challenge|credentialId|enrollmentId|passwordChanged|created|lastUpdated)$|\[name=stateHandle\]\.value$/;

export interface Coverage {
  /** Leaf paths of the reference. */
  total: number;
  /** …present in the reply with the reference's type. */
  matched: number;
  missing: string[];
  wrongType: { path: string; expected: JsonType; got: JsonType }[];
  /** Reference items about authenticators the org has no module for (not counted). */
  excluded: string[];
  /**
   * Reference items about an authenticator the reply's same list doesn't name, though the reply has
   * that list: the recorded user had other authenticators than devorg's (not counted).
   */
  otherScenario: string[];
}

/** The array item about an authenticator (`…[key=google_otp]`) a path goes through, outermost first, with its list. */
function authenticatorItems(path: string): { item: string; list: string }[] {
  return [...path.matchAll(/\[key=[^\]]+\]/g)].map((m) => ({
    item: path.slice(0, (m.index ?? 0) + m[0].length),
    list: path.slice(0, m.index),
  }));
}

/** How much of `reference` (a recorded Okta reply) `reply` (devorg's, for the same step) carries. */
export function coverage(reference: unknown, reply: unknown, options: ShapeOptions = {}): Coverage {
  const want = shapeOf(reference, options);
  const got = shapeOf(reply, options.keyOfType ? { keyOfType: options.keyOfType } : {}).paths;
  const gotPaths = [...got.keys()];
  const has = (prefix: string) => gotPaths.some((p) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
  const missing: string[] = [];
  const wrongType: Coverage['wrongType'] = [];
  const otherScenario = new Set<string>();
  let matched = 0;
  let total = 0;
  for (const [path, expected] of want.paths) {
    // An empty array or object in the recording says only "a list (an object) here": the reply's one
    // with items (keys) of its own is that, not a missing field.
    const actual =
      got.get(path) ??
      (gotPaths.some((p) => p.startsWith(expected === 'array' ? `${path}[` : `${path}.`)) && (expected === 'array' || expected === 'object')
        ? expected
        : undefined);
    const scenario = actual === undefined ? authenticatorItems(path).find(({ item, list }) => !has(item) && has(list)) : undefined;
    if (scenario) {
      otherScenario.add(scenario.item);
      continue;
    }
    total += 1;
    if (actual === undefined) missing.push(path);
    else if (actual === expected || expected === 'null' || PER_INSTANCE.test(path)) matched += 1;
    else wrongType.push({ path, expected, got: actual });
  }
  return { total, matched, missing, wrongType, excluded: want.excluded, otherScenario: [...otherScenario] };
}

export const percent = (c: Pick<Coverage, 'total' | 'matched'>): number => (c.total === 0 ? 100 : (100 * c.matched) / c.total);
