/** How every MyAccount reply is written: JSON of the API version asked for, HAL-style links (routes.ts keeps every reply out of caches). */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const MYACCOUNT_CONTENT_TYPE = 'application/json; okta-version=1.0.0';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type Links = Record<string, { href: string; hints?: { allow: Method[] } }>;

export function link(href: string, ...allow: Method[]): Links[string] {
  return allow.length ? { href, hints: { allow } } : { href };
}

export function myAccountJson(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': MYACCOUNT_CONTENT_TYPE });
}
