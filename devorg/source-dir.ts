/**
 * devorg's source folder, for the files it reads or bundles at run time (the hosted pages' and the dev
 * console's scripts). One place for `import.meta.url`: when devorg runs as one bundled file (the e2e
 * run's start-up, playwright.config.ts), the bundler defines `import.meta.url` as devorg/main.ts's URL,
 * which names this same folder.
 */
export const DEVORG_DIR = new URL('./', import.meta.url);
