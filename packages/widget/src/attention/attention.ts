import type { TranscriptMessage } from '@confab/client';
import { html, type TemplateResult } from 'lit';
import { withExtras } from '../extra-strings.js';
import type { PanelStrings } from '../strings.js';
import { showNotification } from './desktop-notification.js';
import type { TitleFlash } from './title-flash.js';

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

/** A reply that arrived while the tab was hidden, as {@link tellHiddenTab} tells it. */
export interface HiddenReply {
  message: TranscriptMessage;
  /** The widget's language pack. */
  strings: PanelStrings;
  /** Unread replies so far (at least this one). */
  unreadCount: number;
  /** Whether to show a desktop notification too: the shop offers them (`notifications`). */
  notifies: boolean;
  /** The conversation, so that its notifications replace each other. */
  conversationId: string | undefined;
  /** A click on the notification: open the chat. */
  onClick: () => void;
}

/** Flashes the title with the unread count and, if offered and allowed, shows a desktop notification. */
export function tellHiddenTab(flash: TitleFlash, { message, strings, unreadCount, notifies, conversationId, onClick }: HiddenReply): void {
  const s = withExtras(strings);
  flash.start(s.titleUnread(Math.max(1, unreadCount)));
  if (!notifies) return;
  showNotification({
    title: s.notificationTitle(message.author.name ?? s.authors[message.author.role]),
    body: message.text,
    tag: `confab:${conversationId ?? ''}`,
    onClick,
  });
}

/** The "Notify me of replies" button; style it with {@link notifyButtonStyles}. */
export function renderNotifyButton(strings: PanelStrings, onClick: () => void): TemplateResult {
  return html`<button class="notify" part="notify" type="button" @click=${onClick}>${withExtras(strings).enableNotifications}</button>`;
}
