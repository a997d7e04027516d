/** The dev console's HTML shell: no inline script or style, so it runs under a strict CSP. */

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Lit adopts constructable stylesheets; no inline <style> or style="" is used.
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function consolePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>devorg console</title>
<script type="module" src="/dev/console.js"></script>
</head>
<body>
<dev-console></dev-console>
<noscript>The devorg console needs JavaScript.</noscript>
</body>
</html>
`;
}
