import type { Page } from 'playwright-core';

/** Where keyboard focus is, looked up through shadow roots. */
export interface FocusReport {
  /** Tag name of the innermost focused element. */
  tag: string;
  /** Its `part` attribute, if any (e.g. `launcher`, `input`). */
  part: string | null;
  /** Whether it is `<confab-chat>`'s panel or inside it, across shadow boundaries. */
  isInPanel: boolean;
}

/** Reports the innermost focused element of `page`. */
export function focusedElement(page: Page): Promise<FocusReport> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    let isInPanel = false;
    for (let node: Node | null = active; node; node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null)) {
      if (node instanceof Element && node.getAttribute('part') === 'panel' && node.closest('section') === node) {
        isInPanel = true;
        break;
      }
    }
    return { tag: active?.localName ?? 'none', part: active?.getAttribute('part') ?? null, isInPanel };
  });
}

/** Presses Tab until the widget's launcher has focus; throws after `maxPresses`. */
export async function tabToLauncher(page: Page, maxPresses = 40): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedElement(page)).part === 'launcher') return presses;
  }
  throw new Error(`the launcher never got focus in ${maxPresses} presses of Tab; last focus: ${JSON.stringify(await focusedElement(page))}`);
}
