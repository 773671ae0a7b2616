import { ChatWidget } from './chat-widget.js';
import { ConfabComposer } from './components/composer.js';
import { ConfabMessageList } from './components/message-list.js';
import { defineElement, type WidgetElement } from './define-element.js';

/**
 * The custom elements every chat needs, by tag. The parts only some chats show (the away notice,
 * the rating, the pre-chat form…) are defined when first shown; see lazy-elements.ts.
 */
export const ELEMENTS: ReadonlyArray<readonly [tag: string, element: WidgetElement]> = [
  ['confab-chat', ChatWidget],
  ['confab-message-list', ConfabMessageList],
  ['confab-composer', ConfabComposer],
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
  for (const [tag, element] of ELEMENTS) defineElement(tag, element, registry);
}
