/**
 * `@confab/widget`: the `<confab-chat>` element for apps that bundle their own JavaScript.
 * Shops without a build step use the script tag instead (docs/script-tag.md).
 *
 * @example
 * ```ts
 * import { defineElements } from '@confab/widget';
 * defineElements();
 * // <confab-chat relay="https://chat.example.com"></confab-chat>
 * ```
 */
export { defineElements, ELEMENTS } from './define.js';
export { ChatWidget } from './chat-widget.js';
export type { WidgetPosition } from './chat-widget.js';
export { ConfabComposer } from './components/composer.js';
export { ConfabMessageList, displayStatus } from './components/message-list.js';
export { ConfabAwayNotice } from './components/away-notice.js';
export { ConfabRatingForm } from './components/rating-form.js';
export { ConnectionController } from './controllers/connection-controller.js';
export type {
  ChatClientLike,
  ConnectionControllerOptions,
  SessionStorageLike,
} from './controllers/connection-controller.js';
export {
  ComposerSubmitEvent,
  ComposerTypingEvent,
  ConfabCloseEvent,
  ConfabMessageSentEvent,
  ConfabOpenEvent,
  ConfabRequestCloseEvent,
  ConfabRequestOpenEvent,
} from './events.js';
export type { CloseSource, OpenSource } from './events.js';
export { formatLocalTime, readPageContext } from './context/page-context.js';
export type { PageContextSources } from './context/page-context.js';
export {
  PRODUCT_ATTRIBUTES,
  readAttributeProduct,
  readJsonLdProduct,
  readProductContext,
} from './context/product-context.js';
export { PageContextSync } from './context/page-context-sync.js';
export type { ContextTarget, PageContextSyncOptions } from './context/page-context-sync.js';
export { watchLocation } from './context/watch-location.js';
export type { WatchLocationOptions } from './context/watch-location.js';
export { LAUNCHER_LABELS, cachedStrings, en, loadStrings, resolveLocale, toSupportedLocale } from './strings.js';
export type { AuthorLabels, StatusLabels, Strings, SupportedLocale } from './strings.js';
export { NotificationSound } from './notification-sound.js';
export { VERSION } from './version.js';
