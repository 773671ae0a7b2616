import type { DeliveryStatus, Draft, TranscriptMessage } from '@confab/client';
import type { Author } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { QuickReplyEvent } from '../events.js';
import { renderMarkdown } from '../markdown/render-markdown.js';
import { en, type Strings } from '../strings.js';
import { VERSION } from '../version.js';
import { messageListStyles } from './message-list.styles.js';
import { loadElement } from '../lazy-elements.js';
import type { RichMessage } from './message-parts.js';
import { visuallyHiddenStyles } from '../visually-hidden.styles.js';

// Within this many pixels of the bottom the list counts as "at the newest message" and follows
// new ones; further up, the shopper is reading older messages and is left alone.
const PIN_THRESHOLD_PX = 48;

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function formatTime(timestamp: number, lang: string): string {
  let format = timeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
    timeFormats.set(lang, format);
  }
  return format.format(timestamp);
}

/**
 * The status shown on one of the shopper's messages: `read` once agents have read up to its
 * `seq`, even if the client has not updated the message itself.
 */
export function displayStatus(message: TranscriptMessage, agentReadSeq: number): DeliveryStatus {
  if (message.status === 'sent' && message.seq !== undefined && message.seq <= agentReadSeq) return 'read';
  return message.status;
}

function authorLabel(author: Author, isOwn: boolean, strings: Strings): string {
  if (isOwn) return strings.authors.visitor;
  return author.name ?? strings.authors[author.role];
}

/** The message whose quick replies are on offer: the newest one, if it is the team's and has some. */
function offeringQuickReplies(messages: readonly TranscriptMessage[]): TranscriptMessage | undefined {
  const newest = messages.at(-1);
  const isTeam = newest !== undefined && !newest.isOwn && (newest.author.role === 'agent' || newest.author.role === 'bot');
  return isTeam && newest.quickReplies?.length ? newest : undefined;
}

/**
 * The conversation: a `role="log"` live region whose new messages screen readers announce, the
 * typing indicator and a greeting while the conversation is empty. Message text is a small
 * Markdown subset (see `parseMarkdown()`) rendered through Lit templates, never parsed as HTML;
 * only http, https and mailto URLs become links, opened in a new tab. Attachments (thumbnails or
 * file links), product cards and link buttons sit inside their message, so a screen reader
 * announces them together with its text.
 *
 * A reply a bot is still writing shows as a growing draft bubble outside the live region, hidden
 * from screen readers, so they are not fed every few words: the finished message takes its place
 * in the log and is announced once, whole. The newest agent or bot message's quick replies show
 * as buttons under it (outside the log too) until the shopper taps one or writes.
 *
 * Follows new messages (and growing drafts) while the shopper is at the bottom; once they scroll
 * up to read, it stays put and offers a "New messages" button instead.
 *
 * @event confab-quick-reply - {@link QuickReplyEvent}: the shopper tapped a quick reply.
 * @csspart message - every message; also `message-own`, `message-team` or `message-system`.
 * @csspart draft - a reply being written.
 * @csspart attachment-image - the link around an image thumbnail; `attachment-file` a file link.
 * @csspart product - a product card; `link-button` a link under a message.
 * @csspart quick-replies - the group of quick-reply buttons; each is `quick-reply`.
 * @csspart new-messages - the button that scrolls to messages that arrived while reading older ones.
 * @cssproperty --confab-accent - background of the shopper's messages.
 * @cssproperty --confab-accent-contrast - text of the shopper's messages.
 * @cssproperty --confab-team-bubble - background of agent and bot messages.
 * @cssproperty --confab-team-bubble-text - text of agent and bot messages.
 * @cssproperty --confab-muted - times, names, status.
 * @cssproperty --confab-error - "Not sent".
 */
export class ConfabMessageList extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = [visuallyHiddenStyles, messageListStyles];
  static override properties = {
    messages: { attribute: false },
    strings: { attribute: false },
    agentReadSeq: { attribute: false },
    typing: { attribute: false },
    drafts: { attribute: false },
    hasNewBelow: { state: true },
    answered: { state: true },
  };

  /** The transcript, oldest first. Pass a new array for every change. */
  declare messages: readonly TranscriptMessage[];
  /** The language pack. @default English */
  declare strings: Strings;
  /** Agents have read the shopper's messages up to this `seq`. */
  declare agentReadSeq: number;
  /** The agent or bot who is typing, if any. */
  declare typing: Author | undefined;
  /** Replies being written, oldest first. Pass a new array for every change. */
  declare drafts: readonly Draft[];
  protected declare hasNewBelow: boolean;
  /** The message whose quick replies the shopper already used. */
  protected declare answered: string | undefined;

  // Parsed once per message object: the client hands over a new object whenever one changes.
  readonly #texts = new WeakMap<TranscriptMessage, unknown>();
  #isPinned = true;
  #scrollPending = false;

  constructor() {
    super();
    this.messages = [];
    this.strings = en;
    this.agentReadSeq = 0;
    this.typing = undefined;
    this.drafts = [];
    this.hasNewBelow = false;
    this.answered = undefined;
  }

  /** Whether the view is at the newest message (and therefore follows new ones). */
  get isPinned(): boolean {
    return this.#isPinned;
  }

  /** Scrolls to the newest message and follows new ones again. */
  scrollToEnd(): void {
    this.#isPinned = true;
    this.hasNewBelow = false;
    this.#scrollPending = true;
    this.requestUpdate();
  }

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroller');
  }

  // Decided before rendering, so that no property changes after an update (which would render twice).
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('messages') && !changed.has('typing') && !changed.has('drafts')) return;
    const previous = changed.get('messages');
    const grew = changed.has('messages') && previous !== undefined && this.messages.length > previous.length;
    const newest = this.messages.at(-1);
    const sentByShopper = grew && newest?.isOwn === true && newest.status === 'pending';
    if (this.#isPinned || sentByShopper) {
      this.#isPinned = true;
      this.hasNewBelow = false;
      this.#scrollPending = true;
    } else if (grew) {
      this.hasNewBelow = true;
    }
  }

  protected override updated(): void {
    if (!this.#scrollPending) return;
    this.#scrollPending = false;
    const scroller = this.#scroller;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  protected override render() {
    const s = this.strings;
    const lastOwnIndex = this.messages.findLastIndex((message) => message.isOwn);
    return html`
      <!-- Focusable so keyboard users can scroll the conversation (WCAG 2.1.1). -->
      <div class="scroller" tabindex="0" @scroll=${this.#onScroll}>
        ${this.messages.length === 0 ? html`<p class="greeting">${s.greeting}</p>` : nothing}
        <div role="log" aria-live="polite" aria-relevant="additions" aria-label=${s.messages}>
          ${repeat(
            this.messages,
            (message) => message.id,
            (message, index) => this.#renderMessage(message, index === lastOwnIndex),
          )}
        </div>
        ${this.#renderQuickReplies()}
        ${repeat(
          this.drafts,
          (draft) => draft.id,
          (draft) => html`<div class="message team draft" part="draft" aria-hidden="true">
            <span class="author">${authorLabel(draft.author, false, s)}</span>
            <div class="text" dir="auto">${renderMarkdown(draft.text)}</div>
          </div>`,
        )}
        <p class="typing" role="status">${this.typing ? s.typing(this.typing.name) : ''}</p>
      </div>
      ${this.hasNewBelow
        ? html`<button class="jump" part="new-messages" type="button" @click=${() => this.scrollToEnd()}>
            ${s.newMessages}
          </button>`
        : nothing}
    `;
  }

  #renderQuickReplies() {
    const offering = offeringQuickReplies(this.messages);
    if (!offering || offering.id === this.answered) return nothing;
    return html`<div class="quick-replies" part="quick-replies" role="group" aria-label=${this.strings.quickReplies}>
      ${offering.quickReplies!.map(
        (text) => html`<button type="button" part="quick-reply" @click=${() => this.#pick(offering.id, text)}>${text}</button>`,
      )}
    </div>`;
  }

  #pick(messageId: string, text: string): void {
    this.answered = messageId;
    this.dispatchEvent(new QuickReplyEvent({ text, messageId }));
  }

  #renderText(message: TranscriptMessage) {
    if (!message.text.trim()) return nothing;
    let text = this.#texts.get(message);
    if (!text) this.#texts.set(message, (text = renderMarkdown(message.text)));
    // dir="auto": a Hebrew message reads right to left in an English widget, and vice versa.
    return html`<div class="text" dir="auto">${text}</div>`;
  }

  /** Attachments, product cards and link buttons, in an element loaded with the first message that has them. */
  #renderParts(message: RichMessage, s: Strings) {
    if (!message.attachments?.length && !message.products?.length && !message.buttons?.length) return nothing;
    void loadElement('confab-message-parts');
    return html`<confab-message-parts
      exportparts="attachment-image, attachment-file, product, link-button"
      .message=${message}
      .strings=${s}
    ></confab-message-parts>`;
  }

  #renderMessage(message: RichMessage, isLastOwn: boolean) {
    const s = this.strings;
    const role = message.isOwn ? 'own' : message.author.role === 'system' ? 'system' : 'team';
    const status = message.isOwn ? displayStatus(message, this.agentReadSeq) : undefined;
    // Every own message carries its status for screen readers; on screen only the latest, and any
    // still sending or failed, to keep the conversation uncluttered.
    const showStatus = status !== undefined && (isLastOwn || status === 'pending' || status === 'failed');
    const label = authorLabel(message.author, message.isOwn, s);
    return html`
      <div class="message ${role} ${status ?? ''}" part="message message-${role}">
        ${role === 'team'
          ? html`<span class="author">${label}</span>`
          : html`<span class="visually-hidden">${label}:</span>`}
        ${this.#renderText(message)}${this.#renderParts(message, s)}
        <span class="meta">
          <time datetime=${new Date(message.createdAt).toISOString()}>${formatTime(message.createdAt, s.lang)}</time>
          ${status === undefined
            ? nothing
            : html`<span class="status ${showStatus ? '' : 'visually-hidden'}">· ${s.status[status]}</span>`}
        </span>
      </div>
    `;
  }

  #onScroll(): void {
    const scroller = this.#scroller;
    if (!scroller) return;
    this.#isPinned = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= PIN_THRESHOLD_PX;
    if (this.#isPinned) this.hasNewBelow = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-message-list': ConfabMessageList;
  }
}
