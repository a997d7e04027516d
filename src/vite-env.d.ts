/** The portal's settings (see src/config.ts; vite.config.ts fills in devorg's when none are given). */
interface ImportMetaEnv {
  readonly VITE_OKTA_ISSUER?: string;
  readonly VITE_OKTA_CLIENT_ID?: string;
  readonly VITE_OKTA_REDIRECT_URI?: string;
  readonly VITE_OKTA_SCOPES?: string;
  readonly VITE_OKTA_TOKEN_STORAGE?: string;
  readonly VITE_OKTA_SIGN_IN?: string;
  readonly VITE_DEVORG_URL?: string;
  readonly VITE_API_URL?: string;
  /** The brand (see src/brand.ts). */
  readonly VITE_PORTAL_BRAND_NAME?: string;
  readonly VITE_PORTAL_BRAND_LOGO?: string;
  readonly VITE_PORTAL_BRAND_COLOR?: string;
  readonly VITE_PORTAL_BRAND_COLOR_DARK?: string;
  /** Where the portal serves the Sign-In Widget's label bundles (set by scripts/widget-labels.ts). */
  readonly VITE_WIDGET_ASSETS?: string;
}
