import { adoptStyles, type CSSResult } from 'lit';

/**
 * Adds `styles` to an element's shadow root, after the styles of its class: for the styles of a
 * part loaded later, so that the app chunk does not carry them. Call it once per root and styles.
 * Like Lit's own styles it works under a strict style-src CSP: a constructed stylesheet, or where
 * there are none, Lit's `<style>` fallback (with `litNonce`).
 */
export function addStyles(renderRoot: HTMLElement | DocumentFragment, styles: CSSResult): void {
  const root = renderRoot as ShadowRoot;
  const sheet = styles.styleSheet;
  if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  else adoptStyles(root, [styles]);
}
