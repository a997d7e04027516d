/**
 * The portal in a French browser: the widget's labels in French, fetched from the portal's own origin
 * (never Okta's CDN), the portal's own words in French, `<html lang="fr">`; signing in and signing up
 * work the same. Located by the French names the widget (its login_fr.json) and the portal show.
 */
import type { Page, Request } from '@playwright/test';
import { E2E } from '../playwright.config';
import { fillForm, submitToOrg } from './pages/sign-in-page';
import { expect, requires, test } from './fixtures';
import { seriousViolations } from './support/axe';

requires('outbox');

test.use({ locale: 'fr-FR' });

/** Every request the page makes, to tell where the widget's labels come from. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

test('signs in in French: the widget’s labels come from the portal, the dashboard speaks French', async ({ page, user, outbox }) => {
  const requests = recordRequests(page);
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Accédez à votre compte' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByLabel("Nom d'utilisateur")).toBeVisible();
  expect(await seriousViolations(page), 'identify').toEqual([]);

  await page.getByLabel("Nom d'utilisateur").fill(user.login);
  await submitToOrg(page, page.getByRole('button', { name: 'Suivant' }));
  await page.getByLabel('Mot de passe', { exact: true }).fill(user.password);
  await submitToOrg(page, page.getByRole('button', { name: 'Vérifier' }));

  // The default policy's second factor: the email code (enrolled at this first sign-in).
  const code = page.getByLabel('Saisir le code');
  const instead = page.getByRole('button', { name: 'Entrer un code de vérification à la place' });
  await expect(code.or(instead).first()).toBeVisible();
  if (await instead.isVisible()) await instead.click();
  const message = await outbox.next(user.email);
  await code.fill(message.code);
  await submitToOrg(page, page.getByRole('button', { name: 'Vérifier' }));
  await submitToOrg(page, page.getByRole('link', { name: 'Continuer', exact: true }));

  await expect(page.getByRole('heading', { level: 1, name: `Bienvenue, ${user.firstName} ${user.lastName}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Votre profil' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  await expect(page).toHaveTitle(/^Tableau de bord · /);
  await expect(page.getByText('Mot de passe et code par e-mail, avec authentification multifacteur')).toBeVisible();
  expect(await seriousViolations(page), 'dashboard').toEqual([]);

  const labels = requests.map((r) => r.url()).filter((url) => /\/labels\/json\//.test(url));
  expect(labels.map((url) => new URL(url).pathname.replace(/^.*\/labels\/json\//, '')).sort()).toEqual([
    'country_fr.json',
    'login_fr.json',
  ]);
  for (const url of labels) expect(new URL(url).origin).toBe(new URL(E2E.portalUrl).origin);
  // Nothing but the portal and the org (and the protected API) was asked for anything.
  const origins = new Set(requests.map((r) => new URL(r.url()).origin));
  expect([...origins].sort()).toEqual([...new Set([E2E.portalUrl, E2E.orgUrl, E2E.apiUrl].map((u) => new URL(u).origin))].sort());
});

test('signs up in French and lands on the French dashboard as the new user', async ({ page, registrant, outbox }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: "S'inscrire" }).click();
  await expect(page.getByRole('heading', { name: "S'inscrire" })).toBeVisible();
  await fillForm([
    [page.getByLabel('E-mail'), registrant.email],
    [page.getByLabel('Prénom'), registrant.firstName],
    [page.getByLabel('Nom de famille'), registrant.lastName],
  ]);
  await submitToOrg(page, page.getByRole('button', { name: "S'inscrire" }));

  await expect(page.getByRole('heading', { name: 'Configurer un mot de passe' })).toBeVisible();
  await fillForm([
    [page.getByLabel('Saisissez le mot de passe', { exact: true }), registrant.password],
    [page.getByLabel('Saisissez à nouveau le mot de passe'), registrant.password],
  ]);
  await submitToOrg(page, page.getByRole('button', { name: 'Suivant' }), /\/idp\/idx\/challenge\/answer$/);

  const message = await outbox.next(registrant.email);
  await page.getByLabel('Saisir le code').fill(message.code);
  await submitToOrg(page, page.getByRole('button', { name: 'Vérifier' }), /\/idp\/idx\/challenge\/answer$/);
  await submitToOrg(page, page.getByRole('link', { name: 'Continuer', exact: true }), /\/idp\/idx\/skip$/);

  await expect(page.getByRole('heading', { level: 1, name: `Bienvenue, ${registrant.firstName} ${registrant.lastName}` })).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE' });

  test('gets the widget in German inside the English portal, each saying its language', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Weiter' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('#portal-sign-in-widget')).toHaveAttribute('lang', 'de');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
