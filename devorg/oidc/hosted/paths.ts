/** Where the hosted pages' own files are served (same origin as the pages, so `script-src 'self'` covers them). */
export const ASSET_PATH = '/login/assets';
/** The Sign-In Widget's `dist/` folder, served as it is published (its CSS finds fonts and images at `../font`, `../img`). */
export const WIDGET_PATH = `${ASSET_PATH}/widget`;
