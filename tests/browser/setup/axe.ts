// axe-core in the page under test.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's violations on the page as it is now, one line each (rule: elements). WCAG 2.2's target size (24 px,
 *  axe's `target-size`, off by default) is checked too: Lighthouse's accessibility score counts it. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
