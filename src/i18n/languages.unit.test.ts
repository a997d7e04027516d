import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickLanguage, portalLocale, WIDGET_LANGUAGES, widgetLanguage } from './languages';

const require = createRequire(import.meta.url);
const widgetDist = join(dirname(require.resolve('@okta/okta-signin-widget/package.json')), 'dist');

describe('portalLocale', () => {
  it('takes the first browser language the portal speaks', () => {
    expect(portalLocale(['fr-FR', 'en-US'])).toBe('fr');
    expect(portalLocale(['de-DE', 'fr', 'en'])).toBe('fr');
    expect(portalLocale(['en-GB', 'fr'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(portalLocale(['de-DE', 'ja'])).toBe('en');
    expect(portalLocale([])).toBe('en');
    expect(portalLocale(['', ' '])).toBe('en');
  });
});

describe('widgetLanguage', () => {
  it('matches a region exactly, or the same language in the region the widget has', () => {
    expect(widgetLanguage(['zh-TW'])).toBe('zh-TW');
    expect(widgetLanguage(['zh_tw'])).toBe('zh-TW');
    expect(widgetLanguage(['pt-PT'])).toBe('pt-BR');
    expect(widgetLanguage(['nl'])).toBe('nl-NL');
    expect(widgetLanguage(['fr-CA', 'de'])).toBe('fr');
  });

  it('skips what the widget lacks, and its pseudo-locales', () => {
    expect(widgetLanguage(['ga', 'de-AT'])).toBe('de');
    expect(widgetLanguage(['ok-PL'])).toBe('en');
    expect(widgetLanguage(['xx'])).toBe('en');
  });
});

describe('pickLanguage', () => {
  it('prefers an earlier language over a better region match of a later one', () => {
    expect(pickLanguage(['es-MX', 'en-US'], ['en-US', 'es'], 'en-US')).toBe('es');
  });
});

describe('the widget languages', () => {
  it('are the widget’s own supported languages, pseudo-locales aside', () => {
    // The widget's generated config module (not exported): `var supportedLanguages = [ "en", … ];`
    const config = readFileSync(join(widgetDist, 'esm/src/config/config.json.js'), 'utf8');
    const list = /var supportedLanguages = (\[[^\]]*\])/.exec(config)?.[1];
    const supportedLanguages = JSON.parse(list ?? '[]') as string[];
    expect(supportedLanguages).toContain('fr');
    expect([...WIDGET_LANGUAGES].sort()).toEqual(supportedLanguages.filter((l) => !l.startsWith('ok-')).sort());
  });

  it('each have the label bundles the portal serves (English is built into the widget)', () => {
    for (const language of WIDGET_LANGUAGES.filter((l) => l !== 'en')) {
      const code = language.replace('-', '_');
      expect(existsSync(join(widgetDist, 'labels/json', `login_${code}.json`)), language).toBe(true);
      expect(existsSync(join(widgetDist, 'labels/json', `country_${code}.json`)), language).toBe(true);
    }
  });
});
