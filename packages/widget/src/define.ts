import { ChatWidget } from './chat-widget.js';
import { ConfabAwayNotice } from './components/away-notice.js';
import { ConfabComposer } from './components/composer.js';
import { ConfabMessageList } from './components/message-list.js';
import { ConfabRatingForm } from './components/rating-form.js';
import { VERSION } from './version.js';
import { warnOnce } from './warn-once.js';

/** The custom elements of the widget, by tag. */
export const ELEMENTS: ReadonlyArray<readonly [tag: string, element: CustomElementConstructor & { version: string }]> = [
  ['confab-chat', ChatWidget],
  ['confab-message-list', ConfabMessageList],
  ['confab-composer', ConfabComposer],
  ['confab-away-notice', ConfabAwayNotice],
  ['confab-rating-form', ConfabRatingForm],
];

/**
 * Registers `<confab-chat>` and the elements it is made of, each once. Safe to call any number
 * of times and from several copies of the widget (the script tag and an npm bundle, say): a tag
 * already taken is left alone, with one console warning if the copy that took it is a different
 * version. Never throws.
 *
 * @example
 * ```ts
 * import { defineElements } from '@confab/widget';
 * defineElements();
 * document.body.append(Object.assign(document.createElement('confab-chat'), { relay: 'https://chat.example.com' }));
 * ```
 */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of ELEMENTS) {
    const existing = registry.get(tag) as (CustomElementConstructor & { version?: unknown }) | undefined;
    if (existing === element) continue;
    if (existing) {
      if (existing.version !== VERSION) {
        warnOnce(
          `define:${tag}`,
          `<${tag}> is already defined by @confab/widget ${String(existing.version ?? '(unknown version)')}; ` +
            `this copy (${VERSION}) uses that one. Load the widget once: the script tag or the npm package.`,
        );
      }
      continue;
    }
    try {
      registry.define(tag, element);
    } catch (error) {
      // Only possible if this very class was registered under another name by hand.
      warnOnce(`define:${tag}`, `<${tag}> could not be defined: ${String(error)}`);
    }
  }
}
