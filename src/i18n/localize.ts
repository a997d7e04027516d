/**
 * The portal's own words in the browser's language (`@lit/localize`, runtime mode). English is the
 * source, written in the elements as `msg('…', { id })`; each other locale is a hand-written module in
 * ./locales, fetched only for a browser that chose it (no CDN, no eval: the CSP allows neither).
 * Small and Lit-free, so it sits in the boot entry; the locale is set once, before the shell renders.
 */
import { configureLocalization, type LocaleModule } from '@lit/localize';
import { PORTAL_LOCALES, type PortalLocale } from './languages';

type TargetLocale = Exclude<PortalLocale, 'en'>;

const LOCALE_MODULES: { readonly [Locale in TargetLocale]: () => Promise<LocaleModule> } = {
  fr: () => import('./locales/fr'),
};

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: PORTAL_LOCALES.filter((l): l is TargetLocale => l !== 'en'),
  loadLocale: (locale) => LOCALE_MODULES[locale as TargetLocale](),
});

/** The portal's language now (the source, English, until `useLocale` has switched). */
export { getLocale };

/** Speaks `locale` from now on; `<html lang>` says so at once. Rejects when its module can't be fetched. */
export function useLocale(locale: PortalLocale): Promise<void> {
  document.documentElement.lang = locale;
  return setLocale(locale);
}
