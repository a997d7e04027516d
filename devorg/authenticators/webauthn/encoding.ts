/**
 * What the two official clients send, made one shape. The Gen2 widget encodes binary fields in
 * standard base64 (`CryptoUtil.binToStr`) and sends `transports`/`clientExtensions` as JSON strings;
 * auth-js's `lib/idx/webauthn.ts` uses base64url; okta-core itself emits `profile.transports` as a
 * comma-separated string. The verifier (@simplewebauthn/server) reads base64url only.
 */

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * A binary field in either encoding → base64url (undefined when it is not base64 of anything).
 * Capped so a hostile body can't make devorg decode megabytes.
 */
export function toBase64Url(value: unknown, maxChars = 64 * 1024): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxChars || !BASE64.test(value)) return undefined;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length === 0) return undefined;
  return bytes.toString('base64url');
}

const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

/** `["internal","hybrid"]`, its JSON string, or `"internal,hybrid"` → the known transports, in order. */
export function parseTransports(value: unknown): string[] {
  let list: unknown = value;
  if (typeof list === 'string') {
    const text = list.trim();
    if (text.startsWith('[')) {
      try {
        list = JSON.parse(text) as unknown;
      } catch {
        return [];
      }
    } else list = text.split(',');
  }
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const t of list) {
    const name = typeof t === 'string' ? t.trim() : '';
    if (TRANSPORTS.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** `clientExtensions` as an object (the widget's JSON string, or an object); anything else is none. */
export function parseClientExtensions(value: unknown): Record<string, unknown> {
  let parsed: unknown = value;
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed) as unknown;
    } catch {
      return {};
    }
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
