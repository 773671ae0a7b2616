import type { TranscriptMessage } from '@confab/client';
import { html, nothing, type TemplateResult } from 'lit';
import { QuickReplyEvent } from '../events.js';
import { hasMarkup, markdownRenderer } from '../markdown/load-markdown.js';
import { authorLabel, type ConfabMessageList } from './message-list.js';

/**
 * What `<confab-message-list>` shows only in some chats, in a chunk of its own loaded when one
 * of them first shows: the replies a bot is still writing, the quick replies under the newest
 * message, and the "New messages" button. Style them with `styles`.
 */
export { messageListExtrasStyles as styles } from './message-list-extras.styles.js';

/**
 * The replies `list` shows as being written, oldest first: outside the log and hidden from screen
 * readers (the finished message is announced). `awaitRenderer` is called for markup while the
 * Markdown renderer is not in yet; until then the text shows plain.
 */
export function renderDrafts(list: ConfabMessageList, awaitRenderer: () => void): TemplateResult[] {
  return list.drafts.map(
    (draft) => html`<div class="message team draft" part="draft" aria-hidden="true">
      <span class="author">${authorLabel(draft.author, false, list.strings)}</span>
      <div class="text" dir="auto">${renderDraftText(draft.text, awaitRenderer)}</div>
    </div>`,
  );
}

function renderDraftText(text: string, awaitRenderer: () => void) {
  const renderer = markdownRenderer();
  if (renderer) return renderer(text);
  // A draft is hidden from screen readers, so it shows as plain text until the renderer is in.
  if (hasMarkup(text)) awaitRenderer();
  return html`<p>${text}</p>`;
}

/**
 * The quick replies of `message`, the newest, as buttons if it is an agent's or a bot's. The
 * one tapped calls `onAnswer` and then fires a {@link QuickReplyEvent} on `list`.
 */
export function renderQuickReplies(list: ConfabMessageList, message: TranscriptMessage, onAnswer: () => void) {
  const role = message.author.role;
  if (message.isOwn || (role !== 'agent' && role !== 'bot')) return nothing;
  const pick = (text: string) => {
    onAnswer();
    list.dispatchEvent(new QuickReplyEvent({ text, messageId: message.id }));
  };
  return html`<div class="quick-replies" part="quick-replies" role="group" aria-label=${list.strings.quickReplies}>
    ${message.quickReplies!.map((text) => html`<button type="button" part="quick-reply" @click=${() => pick(text)}>${text}</button>`)}
  </div>`;
}

/** The button that scrolls `list` to messages that arrived while the shopper read older ones. */
export function renderJumpButton(list: ConfabMessageList): TemplateResult {
  return html`<button class="jump" part="new-messages" type="button" @click=${() => list.scrollToEnd()}>${list.strings.newMessages}</button>`;
}
