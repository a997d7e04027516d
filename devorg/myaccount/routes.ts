/**
 * `/idp/myaccount`: Okta's MyAccount API, the user managing their own account with a bearer access
 * token (auth-js's `myaccount` module): profile, password, authenticators and their enrollments, emails,
 * phones and sessions. Who may call and what they may do is `auth.ts`; every change lands in the store
 * the rest of devorg uses and is a System Log event (`audit.ts`).
 */
import { Hono } from 'hono';
import type { OrgContext } from '../context';
import { requireCaller, type MyAccountEnv } from './auth';
import { authenticatorRoutes } from './authenticators';
import { contactRoutes } from './contact';
import { passwordRoutes } from './password';
import { phoneRoutes } from './phones';
import { profileRoutes } from './profile';
import { sessionRoutes } from './sessions';

export function myAccountRoutes(ctx: OrgContext): Hono<MyAccountEnv> {
  const app = new Hono<MyAccountEnv>();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-cache, no-store');
  });
  app.use('*', requireCaller(ctx));
  profileRoutes(ctx, app);
  passwordRoutes(ctx, app);
  authenticatorRoutes(ctx, app);
  contactRoutes(ctx, app);
  phoneRoutes(ctx, app);
  sessionRoutes(ctx, app);
  return app;
}
