/**
 * axe-core on the page as it is now: the serious and critical WCAG 2.1 A/AA violations, one line each.
 *
 * The same rules and results as `new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()`, at a fraction of
 * its cost: AxeBuilder evaluates the unminified axe source (1.3 MB) twice per scan and merges the frames'
 * results in a blank page it opens for each scan. Here the minified build of the same axe-core (the one
 * @axe-core/playwright depends on) is put into the document once, and `axe.run` reports violations in
 * full (`resultTypes`: the other kinds, which the assertions never read, come with one node each). A
 * document with frames, which `axe.run` alone would not look into, goes through AxeBuilder.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const axeCore = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
const AXE_SOURCE = readFileSync(axeCore.resolve('axe-core/axe.min.js'), 'utf8');

declare global {
  interface Window {
    axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> };
  }
}

async function violationsOf(page: Page): Promise<AxeResults['violations']> {
  if (page.frames().length > 1) return (await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()).violations;
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate((o) => window.axe!.run(document, o), options);
  return results.violations;
}

/** `rule (impact): help — targets` for each serious or critical violation. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await violationsOf(page))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
