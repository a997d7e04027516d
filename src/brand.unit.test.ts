import { describe, expect, it } from 'vitest';
import { applyBrand, contrastOf, DEFAULT_PRODUCT, resolveBrand } from './brand';

const DARK_SURFACE = '#1b1e25';
const DARK_BG = '#111318';

describe('resolveBrand', () => {
  it('is the default look without settings', () => {
    expect(resolveBrand({})).toEqual({ brand: { name: DEFAULT_PRODUCT }, problems: [] });
  });

  it('takes a name, a logo on the portal origin and an accent with a derived dark variant that reads on dark surfaces', () => {
    const { brand, problems } = resolveBrand({
      VITE_PORTAL_BRAND_NAME: '  Northwind Identity ',
      VITE_PORTAL_BRAND_LOGO: '/brand/logo.svg',
      VITE_PORTAL_BRAND_COLOR: '#0F766E',
    });
    expect(problems).toEqual([]);
    expect(brand.name).toBe('Northwind Identity');
    expect(brand.logoUrl).toBe('/brand/logo.svg');
    const colors = brand.colors!;
    expect(colors.light).toBe('#0f766e');
    expect(contrastOf('#ffffff', colors.lightStrong)).toBeGreaterThan(contrastOf('#ffffff', colors.light));
    for (const surface of [DARK_SURFACE, DARK_BG]) expect(contrastOf(colors.dark, surface)).toBeGreaterThanOrEqual(4.5);
    expect(contrastOf('#0b1020', colors.dark)).toBeGreaterThanOrEqual(4.5);
    expect(colors.dark).not.toBe(colors.light);
  });

  it('keeps a dark variant that is given, when it reads', () => {
    const { brand } = resolveBrand({ VITE_PORTAL_BRAND_COLOR: '#1a5fd0', VITE_PORTAL_BRAND_COLOR_DARK: '#7aa7ff' });
    expect(brand.colors?.dark).toBe('#7aa7ff');
  });

  it('refuses colours that would make text unreadable, saying why', () => {
    const light = resolveBrand({ VITE_PORTAL_BRAND_COLOR: '#ffcc00' });
    expect(light.brand.colors).toBeUndefined();
    expect(light.problems).toEqual([
      expect.stringMatching(/^VITE_PORTAL_BRAND_COLOR "#ffcc00" is too light: white text on it has a contrast of 1\.\d:1/),
    ]);

    const dark = resolveBrand({ VITE_PORTAL_BRAND_COLOR: '#1a5fd0', VITE_PORTAL_BRAND_COLOR_DARK: '#123456' });
    expect(dark.problems).toEqual([expect.stringMatching(/^VITE_PORTAL_BRAND_COLOR_DARK "#123456" is too dark for dark mode/)]);

    expect(resolveBrand({ VITE_PORTAL_BRAND_COLOR: 'teal' }).problems).toEqual([
      'VITE_PORTAL_BRAND_COLOR "teal" is not a colour of the form #1a5fd0.',
    ]);
    expect(resolveBrand({ VITE_PORTAL_BRAND_COLOR_DARK: '#7aa7ff' }).problems).toEqual([
      'VITE_PORTAL_BRAND_COLOR_DARK is set without VITE_PORTAL_BRAND_COLOR; set both, or neither.',
    ]);
  });

  it('refuses a logo the CSP would block, and a name too long for the header', () => {
    for (const logo of ['https://cdn.example.test/logo.svg', '//cdn.example.test/logo.svg', 'logo.svg', 'javascript:alert(1)']) {
      const { brand, problems } = resolveBrand({ VITE_PORTAL_BRAND_LOGO: logo });
      expect(brand.logoUrl).toBeUndefined();
      expect(problems).toEqual([expect.stringContaining(`VITE_PORTAL_BRAND_LOGO "${logo}" is not a path on the portal's origin`)]);
    }
    const long = resolveBrand({ VITE_PORTAL_BRAND_NAME: 'x'.repeat(61) });
    expect(long.brand.name).toBe(DEFAULT_PRODUCT);
    expect(long.problems).toHaveLength(1);
  });
});

describe('applyBrand', () => {
  it('sets the brand tokens on the root element, and nothing without colours', () => {
    const set: Record<string, string> = {};
    const root = { style: { setProperty: (name: string, value: string) => (set[name] = value) } } as unknown as HTMLElement;
    applyBrand({ name: 'x' }, root);
    expect(set).toEqual({});
    const { brand } = resolveBrand({ VITE_PORTAL_BRAND_COLOR: '#0f766e' });
    applyBrand(brand, root);
    expect(Object.keys(set)).toEqual(['--portal-brand', '--portal-brand-strong', '--portal-brand-dark', '--portal-brand-dark-strong']);
    expect(set['--portal-brand']).toBe('#0f766e');
  });
});
