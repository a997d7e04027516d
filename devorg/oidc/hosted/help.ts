/**
 * `GET /help/login`: the org's sign-in help page, where the Sign-In Widget's "Help" link points unless the
 * app sets `helpLinks.help` (the widget builds `<org>/help/login`). Okta serves a page of end-user
 * advice there; so does devorg, naming what this org offers.
 */
import { Hono } from 'hono';
import type { OrgContext } from '../../context';
import { documentOf, escapeHtml, sendPage } from './html';

export function helpRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.get('/login', (c) => {
    const org = escapeHtml(ctx.config.orgName);
    const unlock = ctx.config.passwordPolicy.recoveryUnlocks
      ? '<li>Locked out after too many wrong passwords? Resetting your password unlocks your account.</li>'
      : '<li>Locked out after too many wrong passwords? Ask your administrator to unlock your account.</li>';
    const body = `<main>
<h1>Help with signing in to ${org}</h1>
<ul>
<li>Forgot your password? Choose “Forgot password?” on the sign-in page and follow the steps.</li>
${unlock}
<li>No longer have a security method you set up (a phone, an authenticator app, a passkey)? Your administrator can reset it, and you set it up again at your next sign-in.</li>
<li>Codes by email or SMS can take a minute to arrive; ask for a new one if it expired.</li>
</ul>
<p>For anything else, contact your administrator.</p>
</main>`;
    return sendPage(c, documentOf(`Help with signing in to ${ctx.config.orgName}`, body));
  });
  return app;
}
