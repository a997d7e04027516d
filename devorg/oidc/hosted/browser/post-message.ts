/**
 * `response_mode=okta_post_message`: hands the authorization response to the page that framed (or
 * opened) this one, only if that page has the client's origin (`targetOrigin`, the redirect URI's).
 */
interface PostMessageConfig {
  targetOrigin: string;
  data: Record<string, string>;
}

const block = document.getElementById('okta-post-message');
if (block?.textContent) {
  const { targetOrigin, data } = JSON.parse(block.textContent) as PostMessageConfig;
  const opener = window.opener as Window | null;
  const target = opener ?? (window.parent !== window ? window.parent : null);
  target?.postMessage(data, targetOrigin);
}

// A module, not a global script: its names stay its own.
export {};
