import type { TranscriptMessage } from '@confab/client';
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { addStyles } from '../add-styles.js';
import type { ChatWidget } from '../chat-widget.js';
import type { ConnectionController } from '../controllers/connection-controller.js';
import type { OpenSource } from '../events.js';
import { withExtras } from '../extra-strings.js';
import type { PanelStrings } from '../strings.js';
import { requestNotifyPermission, showNotification } from './desktop-notification.js';
import { notifyButtonStyles } from './notify-button.styles.js';
import { TitleFlash } from './title-flash.js';

/**
 * What the widget does to get a hidden tab's attention, in one chunk loaded when first needed:
 * the flashing title, the desktop notification and the "Notify me" button. The chime stays in
 * the app chunk because it must be unlocked in the shopper's first gesture.
 */
export { TitleFlash } from './title-flash.js';
export { notifyPermission, requestNotifyPermission, showNotification } from './desktop-notification.js';
export { notifyButtonStyles } from './notify-button.styles.js';
// The words of both, in English too, come with this chunk.
export { withExtras } from '../extra-strings.js';

/** What of `<confab-chat>` the attention part reads. */
export type AttentionHost = ReactiveControllerHost & Pick<ChatWidget, 'renderRoot' | 'unreadCount' | 'notifications'>;

/**
 * `<confab-chat>`'s ways to get a hidden tab's attention, added to it once this chunk is in (with
 * the "Notify me" button's styles); the title flash stops when the widget leaves the page.
 */
export class Attention implements ReactiveController {
  readonly #host: AttentionHost;
  readonly #connection: Pick<ConnectionController, 'conversationId'>;
  /** Opens the panel as the shopper asked, with the cancelable request event. */
  readonly #requestOpen: (source: OpenSource) => void;
  #titleFlash: TitleFlash | undefined;

  constructor(host: AttentionHost, connection: Pick<ConnectionController, 'conversationId'>, requestOpen: (source: OpenSource) => void) {
    this.#host = host;
    this.#connection = connection;
    this.#requestOpen = requestOpen;
    host.addController(this);
    // The button's styles (the title flash and notifications need none).
    addStyles(host.renderRoot, notifyButtonStyles);
  }

  hostDisconnected(): void {
    this.#titleFlash?.stop();
  }

  /**
   * A reply that arrived while the tab was hidden: flashes the title with the unread count and,
   * where the shop offers them (`notifications`) and the shopper allowed them, shows a desktop
   * notification; a click on it opens the chat.
   */
  tellHiddenTab(message: TranscriptMessage, strings: PanelStrings): void {
    const host = this.#host;
    const s = withExtras(strings);
    (this.#titleFlash ??= new TitleFlash()).start(s.titleUnread(Math.max(1, host.unreadCount)));
    if (!host.notifications) return;
    showNotification({
      title: s.notificationTitle(message.author.name ?? s.authors[message.author.role]),
      body: message.text,
      // The conversation's notifications replace each other.
      tag: `confab:${this.#connection.conversationId ?? ''}`,
      onClick: () => this.#requestOpen('notification'),
    });
  }

  /** The "Notify me of replies" button: a press asks for the permission (the prompt runs within the click). */
  render(strings: PanelStrings): TemplateResult {
    return html`<button class="notify" part="notify" type="button" @click=${this.#onNotifyClick}>${withExtras(strings).enableNotifications}</button>`;
  }

  // An arrow function: Lit calls listeners with the widget as `this`.
  readonly #onNotifyClick = async (): Promise<void> => {
    await requestNotifyPermission();
    this.#host.requestUpdate();
  };
}
