/**
 * The app's pages: a layout and one function per page, each returning escaped HTML (./html). The profile
 * shows every claim of `req.userContext.userinfo` as text, whatever the org put in it.
 */
import { html, type Html } from './html';

export interface Viewer {
  /** Shown in the header when signed in. */
  name?: string;
  signedIn: boolean;
}

function layout(title: string, viewer: Viewer, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Web app</title>
        <link rel="stylesheet" href="/web.css" />
      </head>
      <body>
        <header class="web-header">
          <a class="web-brand" href="/">Web app</a>
          <nav aria-label="Main">
            <a href="/">Home</a>
            <a href="/profile">Profile</a>
            ${
              viewer.signedIn
                ? html`<form method="post" action="/logout"><button type="submit">Sign out</button></form>`
                : html`<a href="/login">Sign in</a>`
            }
          </nav>
        </header>
        <main>${body}</main>
      </body>
    </html>`.markup;
}

export function homePage(viewer: Viewer): string {
  const body = viewer.signedIn
    ? html`<h1>Hi ${viewer.name ?? 'there'}!</h1>
        <p>You're signed in. <a href="/profile">See your profile</a>.</p>`
    : html`<h1>Welcome</h1>
        <p>You're not signed in.</p>
        <p><a class="web-button" href="/login">Sign in</a></p>`;
  return layout('Home', viewer, body);
}

/** A claim's value as text: strings as they are, anything else (numbers, booleans, objects) as JSON. */
function claimText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function profilePage(viewer: Viewer, userinfo: Record<string, unknown>, scope: string | undefined): string {
  const claims = Object.entries(userinfo);
  const body = html`<h1>Your profile</h1>
    <p>What the org's userinfo endpoint returned for this sign-in (<code>req.userContext.userinfo</code>).</p>
    <table aria-label="Claims">
      <thead>
        <tr>
          <th scope="col">Claim</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        ${claims.map(
          ([name, value]) =>
            html`<tr>
              <th scope="row">${name}</th>
              <td>${claimText(value)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${scope ? html`<p>Granted scopes: <code>${scope}</code></p>` : ''}`;
  return layout('Profile', viewer, body);
}

export interface Problem {
  status: number;
  title: string;
  /** One sentence for the user, e.g. "Sign-in failed: …". */
  message: string;
  /** What would fix it, when there is something to say. */
  hint?: string;
}

export function problemPage(viewer: Viewer, problem: Problem): string {
  const body = html`<h1>${problem.title}</h1>
    <p role="alert">${problem.message}</p>
    ${problem.hint ? html`<p>${problem.hint}</p>` : ''}
    <p><a href="/">Back to the home page</a></p>`;
  return layout(problem.title, viewer, body);
}
