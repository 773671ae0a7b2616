import type { LitElement } from 'lit';
import { elementsLoaded } from '../lazy-elements.js';

// Tests resolve Lit's development build, which announces itself on the console once per page.
// Marking the warning as issued keeps test output silent; every other Lit warning still shows.
// Import this module before anything that imports Lit.
const lit = globalThis as { litIssuedWarnings?: Set<string> };
lit.litIssuedWarnings ??= new Set();
lit.litIssuedWarnings.add('dev-mode');

/** Waits until `element` and every Lit element in its shadow tree have finished updating. */
export async function settle(element: LitElement): Promise<void> {
  for (let round = 0; round < 5; round++) {
    // Parts loaded on first use (lazy-elements.ts) upgrade once their chunk is in.
    await elementsLoaded();
    const pending = [element, ...litDescendants(element)].filter((el) => el.isUpdatePending);
    if (pending.length === 0 && round > 0) return;
    await Promise.all([element, ...litDescendants(element)].map((el) => el.updateComplete));
  }
}

function litDescendants(element: Element): LitElement[] {
  const found: LitElement[] = [];
  const root = element.shadowRoot;
  if (!root) return found;
  for (const child of root.querySelectorAll('*')) {
    if ('updateComplete' in child) found.push(child as LitElement, ...litDescendants(child));
  }
  return found;
}

/** The first element matching `selector` in `element`'s shadow tree, looking into nested shadow roots. */
export function deepQuery<T extends Element = HTMLElement>(element: Element, selector: string): T | null {
  const root = element.shadowRoot;
  if (!root) return null;
  const direct = root.querySelector<T>(selector);
  if (direct) return direct;
  for (const child of root.querySelectorAll('*')) {
    const nested = deepQuery<T>(child, selector);
    if (nested) return nested;
  }
  return null;
}

/** Every element matching `selector` in `element`'s shadow tree and nested shadow roots. */
export function deepQueryAll<T extends Element = HTMLElement>(element: Element, selector: string): T[] {
  const root = element.shadowRoot;
  if (!root) return [];
  const found = [...root.querySelectorAll<T>(selector)];
  for (const child of root.querySelectorAll('*')) found.push(...deepQueryAll<T>(child, selector));
  return found;
}

/** Text content with whitespace collapsed, as a screen reader would read it out in one go. */
export function textOf(node: Node | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
