/**
 * The portal's brand as configuration: its name, a logo, an accent colour (VITE_PORTAL_BRAND_*). The
 * accent is checked for contrast and given a variant for dark mode, so a brand can't make the portal (or
 * the widget card, themed from the same tokens in styles/widget-theme.css) unreadable. On the boot path:
 * no Lit, no auth-js.
 */

export const DEFAULT_PRODUCT = 'Identity Portal';

export interface BrandColors {
  /** The accent on light surfaces (buttons, links); white text on it meets 4.5:1. */
  light: string;
  lightStrong: string;
  /** The accent on dark surfaces; it meets 4.5:1 against them, and dark text on it does too. */
  dark: string;
  darkStrong: string;
}

export interface Brand {
  name: string;
  /** A path on the portal's own origin (the CSP allows images from it only), e.g. /brand/logo.svg. */
  logoUrl?: string;
  /** Absent: the design tokens' own colours (styles/tokens.css). */
  colors?: BrandColors;
}

export interface BrandResult {
  brand: Brand;
  /** Settings that were ignored, in words, for the configuration page. */
  problems: string[];
}

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** styles/tokens.css: the light background, and the dark background and surface, and dark text on accents. */
const LIGHT_BG: Rgb = [0xf5, 0xf6, 0xf8];
const DARK_BG: Rgb = [0x11, 0x13, 0x18];
const DARK_SURFACE: Rgb = [0x1b, 0x1e, 0x25];
const DARK_ON_ACCENT: Rgb = [0x0b, 0x10, 0x20];
/** WCAG 2.x AA for normal text. */
const AA = 4.5;
const MAX_NAME = 60;

export function resolveBrand(env: Record<string, string | undefined>): BrandResult {
  const read = (name: string) => env[name]?.trim() ?? '';
  const problems: string[] = [];
  const name = read('VITE_PORTAL_BRAND_NAME');
  if (name.length > MAX_NAME) problems.push(`VITE_PORTAL_BRAND_NAME is longer than ${MAX_NAME} characters; it must fit the header.`);
  const logoUrl = checkLogo(read('VITE_PORTAL_BRAND_LOGO'), problems);
  const colors = checkColors(read('VITE_PORTAL_BRAND_COLOR'), read('VITE_PORTAL_BRAND_COLOR_DARK'), problems);
  return {
    brand: {
      name: name && name.length <= MAX_NAME ? name : DEFAULT_PRODUCT,
      ...(logoUrl ? { logoUrl } : {}),
      ...(colors ? { colors } : {}),
    },
    problems,
  };
}

/** The brand's colours as the design tokens' custom properties, on `root` (CSSOM: allowed by the CSP). */
export function applyBrand(brand: Brand, root: HTMLElement = document.documentElement): void {
  const { colors } = brand;
  if (!colors) return;
  root.style.setProperty('--portal-brand', colors.light);
  root.style.setProperty('--portal-brand-strong', colors.lightStrong);
  root.style.setProperty('--portal-brand-dark', colors.dark);
  root.style.setProperty('--portal-brand-dark-strong', colors.darkStrong);
}

/** `resolveBrand` for the running page (Vite env). */
function loadBrand(): BrandResult {
  // Each variable spelled out: Vite replaces `import.meta.env.NAME` statically.
  return resolveBrand({
    VITE_PORTAL_BRAND_NAME: import.meta.env.VITE_PORTAL_BRAND_NAME,
    VITE_PORTAL_BRAND_LOGO: import.meta.env.VITE_PORTAL_BRAND_LOGO,
    VITE_PORTAL_BRAND_COLOR: import.meta.env.VITE_PORTAL_BRAND_COLOR,
    VITE_PORTAL_BRAND_COLOR_DARK: import.meta.env.VITE_PORTAL_BRAND_COLOR_DARK,
  });
}

function checkLogo(value: string, problems: string[]): string | undefined {
  if (!value) return undefined;
  // One leading slash, no scheme or host: a file of the portal (public/), which the CSP's img-src allows.
  if (!/^\/(?!\/)[^\s?#\\]*$/.test(value)) {
    problems.push(
      `VITE_PORTAL_BRAND_LOGO "${value}" is not a path on the portal's origin. Put the file in public/ and give its path, ` +
        'e.g. /brand/logo.svg (the portal’s Content-Security-Policy allows images from its own origin only).',
    );
    return undefined;
  }
  return value;
}

function checkColors(light: string, dark: string, problems: string[]): BrandColors | undefined {
  if (!light) {
    if (dark) problems.push('VITE_PORTAL_BRAND_COLOR_DARK is set without VITE_PORTAL_BRAND_COLOR; set both, or neither.');
    return undefined;
  }
  const base = parseHex(light);
  if (!base) {
    problems.push(`VITE_PORTAL_BRAND_COLOR "${light}" is not a colour of the form #1a5fd0.`);
    return undefined;
  }
  const onBase = contrast(WHITE, base);
  if (onBase < AA || contrast(base, LIGHT_BG) < AA) {
    problems.push(
      `VITE_PORTAL_BRAND_COLOR "${light}" is too light: white text on it has a contrast of ${onBase.toFixed(1)}:1, ` +
        `and links in it need ${AA}:1 too. Choose a darker shade.`,
    );
    return undefined;
  }
  let darkAccent: Rgb | undefined;
  if (dark) {
    darkAccent = parseHex(dark);
    if (!darkAccent) {
      problems.push(`VITE_PORTAL_BRAND_COLOR_DARK "${dark}" is not a colour of the form #7aa7ff.`);
      return undefined;
    }
    if (!readableOnDark(darkAccent)) {
      problems.push(
        `VITE_PORTAL_BRAND_COLOR_DARK "${dark}" is too dark for dark mode: it has a contrast of ` +
          `${contrast(darkAccent, DARK_SURFACE).toFixed(1)}:1 with the dark surface, which needs ${AA}:1. Choose a lighter shade.`,
      );
      return undefined;
    }
  } else {
    darkAccent = lightenForDark(base);
  }
  return {
    light: toHex(base),
    lightStrong: toHex(mix(base, BLACK, 0.2)),
    dark: toHex(darkAccent),
    darkStrong: toHex(mix(darkAccent, WHITE, 0.25)),
  };
}

function readableOnDark(color: Rgb): boolean {
  return contrast(color, DARK_SURFACE) >= AA && contrast(color, DARK_BG) >= AA && contrast(DARK_ON_ACCENT, color) >= AA;
}

/** The brand colour mixed with white in 5 % steps until it reads on the dark surfaces. */
function lightenForDark(color: Rgb): Rgb {
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(color, WHITE, step / 20);
    if (readableOnDark(candidate)) return candidate;
  }
  return WHITE;
}

function parseHex(value: string): Rgb | undefined {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value);
  if (!match) return undefined;
  const digits = match[1] ?? '';
  const hex = digits.length === 3 ? [...digits].map((c) => c + c).join('') : digits;
  const channel = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return [channel(0), channel(2), channel(4)];
}

function toHex(color: Rgb): string {
  return `#${color.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function mix(a: Rgb, b: Rgb, amountOfB: number): Rgb {
  const channel = (i: 0 | 1 | 2) => a[i] + (b[i] - a[i]) * amountOfB;
  return [channel(0), channel(1), channel(2)];
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** For tests and callers holding hex strings. */
export function contrastOf(a: string, b: string): number {
  const x = parseHex(a);
  const y = parseHex(b);
  if (!x || !y) throw new RangeError(`not hex colours: ${a}, ${b}`);
  return contrast(x, y);
}

/** The running portal's brand, read once. */
export const BRAND: BrandResult = loadBrand();
