import { html, type TemplateResult } from 'lit';
import type { PanelStrings } from '../strings.js';

/**
 * What `<confab-message-list>` shows only in some chats, in a chunk of its own loaded when one
 * of them first shows: a reply a bot is still writing, the quick replies under the newest
 * message, and the "New messages" button. Style them with {@link messageListExtrasStyles}.
 */
export { messageListExtrasStyles } from './message-list-extras.styles.js';

/** A reply being written: outside the log and hidden from screen readers (the finished message is announced). */
export function renderDraft(author: string, text: unknown): TemplateResult {
  return html`<div class="message team draft" part="draft" aria-hidden="true">
    <span class="author">${author}</span>
    <div class="text" dir="auto">${text}</div>
  </div>`;
}

/** The quick replies offered under the newest message, as buttons; `onPick` gets the one tapped. */
export function renderQuickReplies(replies: readonly string[], strings: PanelStrings, onPick: (text: string) => void): TemplateResult {
  return html`<div class="quick-replies" part="quick-replies" role="group" aria-label=${strings.quickReplies}>
    ${replies.map((text) => html`<button type="button" part="quick-reply" @click=${() => onPick(text)}>${text}</button>`)}
  </div>`;
}

/** The button that scrolls to messages that arrived while the shopper read older ones. */
export function renderJumpButton(strings: PanelStrings, onClick: () => void): TemplateResult {
  return html`<button class="jump" part="new-messages" type="button" @click=${onClick}>${strings.newMessages}</button>`;
}
