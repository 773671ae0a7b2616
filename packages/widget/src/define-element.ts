import { VERSION } from './version.js';
import { warnOnce } from './warn-once.js';

/** A widget element class: a custom element that says which widget version it belongs to. */
export type WidgetElement = CustomElementConstructor & { version: string };

// Kept apart from define.ts, which imports the elements: lazy parts import this without a cycle.
/** Registers one element under `tag` unless the tag is taken (then as {@link defineElements} says). */
export function defineElement(tag: string, element: WidgetElement, registry: CustomElementRegistry = customElements): void {
  const existing = registry.get(tag) as (CustomElementConstructor & { version?: unknown }) | undefined;
  try {
    if (!existing) registry.define(tag, element);
    else if (existing !== element && existing.version !== VERSION) {
      warnOnce(
        `define:${tag}`,
        `<${tag}> is already defined by @confab/widget ${existing.version ?? '(unknown version)'}; ` +
          `this copy (${VERSION}) uses that one. Load the widget once: the script tag or the npm package.`,
      );
    }
  } catch (error) {
    // Only possible if this very class was registered under another name by hand.
    warnOnce(`define:${tag}`, `<${tag}> could not be defined: ${error}`);
  }
}
