/**
 * Which language the portal and the Sign-In Widget speak: the first of the browser's languages
 * (`navigator.languages`) each supports, English otherwise. No imports: this is on the boot path.
 *
 * The two lists differ. The widget ships labels for every language below (served by the portal itself,
 * see vite.config.ts), the portal's own words are in `PORTAL_LOCALES` only; so a German browser gets a
 * German sign-in form in an English portal, and the widget's container says so with its own `lang`.
 */

/** English is the source; every other locale has a module in ./locales (loaded only when chosen). */
export const PORTAL_LOCALES = ['en', 'fr'] as const;
export type PortalLocale = (typeof PORTAL_LOCALES)[number];

/**
 * The widget's supported languages (its config.json `supportedLanguages`, checked by the unit test),
 * without its two pseudo-locales (`ok-PL`, `ok-SK`: labels turned into placeholders for testing).
 */
export const WIDGET_LANGUAGES = [
  'en',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'eu',
  'fi',
  'fr',
  'ht',
  'hu',
  'id',
  'in',
  'it',
  'ja',
  'ko',
  'ms',
  'nb',
  'nl-NL',
  'pl',
  'pt-BR',
  'ro',
  'ru',
  'sv',
  'th',
  'tr',
  'uk',
  'vi',
  'zh-CN',
  'zh-TW',
] as const;

/**
 * The first of `preferred` (BCP 47 tags, best first) that `supported` has: the exact tag, else the same
 * language in another region (`fr-CA` → `fr`, `pt` → `pt-BR`). `fallback` when none is.
 */
export function pickLanguage<T extends string>(preferred: readonly string[], supported: readonly T[], fallback: T): T {
  const byTag = new Map(supported.map((tag) => [tag.toLowerCase(), tag]));
  const byLanguage = new Map<string, T>();
  for (const tag of supported) {
    const language = primary(tag);
    if (!byLanguage.has(language)) byLanguage.set(language, tag);
  }
  for (const tag of preferred) {
    const normalised = tag.trim().replace(/_/g, '-').toLowerCase();
    if (!normalised) continue;
    const match = byTag.get(normalised) ?? byLanguage.get(primary(normalised));
    if (match) return match;
  }
  return fallback;
}

/** The portal's language for this browser. */
export function portalLocale(preferred: readonly string[]): PortalLocale {
  return pickLanguage(preferred, PORTAL_LOCALES, 'en');
}

/** The widget's language for this browser (its `language` option). */
export function widgetLanguage(preferred: readonly string[]): string {
  return pickLanguage(preferred, WIDGET_LANGUAGES, 'en');
}

/** The browser's languages, best first (older browsers have only `navigator.language`). */
export function browserLanguages(): readonly string[] {
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}
