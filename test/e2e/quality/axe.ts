import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG conformance tags audited: A and AA of WCAG 2.0, 2.1 and 2.2. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] as const;

/** One failed axe rule, with what a reader needs to find and fix it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending nodes; a nested array steps into a shadow root. */
  targets: string[];
}

/**
 * Runs axe-core in `page` (injected from the npm package, so no network) with {@link WCAG_TAGS}
 * over the whole document, open shadow roots included, and returns the violations.
 */
export async function auditPage(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: axe.source });
  return page.evaluate(async (tags) => {
    const engine = (window as unknown as { axe: typeof axe }).axe;
    const result = await engine.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  }, [...WCAG_TAGS]);
}

/** One line per violation and one per offending node, for a failure message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((violation) => [`${violation.id} (${violation.impact}): ${violation.help} — ${violation.helpUrl}`, ...violation.targets.map((target) => `    at ${target}`)].join('\n'))
    .join('\n');
}
