import type { DeliveryStatus, Draft, TranscriptMessage } from '@confab/client';
import type { Author } from '@confab/protocol';
import { html, LitElement, nothing, render, type CSSResult, type PropertyValues } from 'lit';
import { hasMarkup, loadMarkdown, markdownRenderer, markdownStyles } from '../markdown/load-markdown.js';
import { addStyles } from '../add-styles.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import { messageListStyles } from './message-list.styles.js';
import { loadElement, loadListExtras } from '../lazy-elements.js';
import type { RichMessage } from './message-parts.js';
import { visuallyHiddenStyles } from '../visually-hidden.styles.js';

type Extras = typeof import('./message-list-extras.js');
/** The extras chunk once loaded (see loadListExtras()). */
let extras: Extras | undefined;

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

/** The author's name on screen or for screen readers. */
export function authorLabel(author: Author, isOwn: boolean, strings: PanelStrings): string {
  if (isOwn) return strings.authors.visitor;
  return author.name ?? strings.authors[author.role];
}

/**
 * The conversation: a `role="log"` live region whose new messages screen readers announce, the
 * typing indicator and a greeting while the conversation is empty. Message text is a small
 * Markdown subset (see `parseMarkdown()`) rendered through Lit templates, never parsed as HTML;
 * only http, https and mailto URLs become links, opened in a new tab. The renderer is loaded
 * with the first text that has markup; until it is in, such a message (and any after it) waits
 * to join the log, so that it is announced once, formatted. Attachments (thumbnails or
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
  declare strings: PanelStrings;
  /** Agents have read the shopper's messages up to this `seq`. */
  declare agentReadSeq: number;
  /** The agent or bot who is typing, if any. */
  declare typing: Author | undefined;
  /** Replies being written, oldest first. Pass a new array for every change. */
  declare drafts: readonly Draft[];
  protected declare hasNewBelow: boolean;
  /** The message whose quick replies the shopper already used. */
  protected declare answered: string | undefined;

  /**
   * How long a message with markup waits for the Markdown renderer's chunk before it is shown as
   * plain text (on a very slow network a reply must not stay hidden). @default 3000
   */
  static rendererWaitMs = 3000;

  // Parsed once per message object: the client hands over a new object whenever one changes.
  readonly #texts = new WeakMap<TranscriptMessage, unknown>();
  // Messages shown unformatted because the renderer failed to load: formatting them later would
  // replace their text in the log, which screen readers would announce a second time.
  readonly #shownPlain = new Set<string>();
  readonly #rows = new Map<string, HTMLElement>();
  // What the log shows in this update: the messages, up to the first one waiting for the renderer.
  #shown: readonly TranscriptMessage[] = [];
  #isAwaitingRenderer = false;
  // Styles of chunks loaded later (formatted text, the extras), each added once.
  readonly #addedStyles = new Set<CSSResult>();
  #isPinned = true;
  #scrollPending = false;

  constructor() {
    super();
    this.messages = [];
    this.strings = en;
    this.agentReadSeq = 0;
    this.drafts = [];
    this.hasNewBelow = false;
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
    const newest = this.messages.at(-1)!;
    // Older messages inserted above (a history page) are not news: only a new last message is.
    const grew = previous !== undefined && this.messages.length > previous.length && newest.id !== previous.at(-1)?.id;
    // (Called while an update is under way, scrollToEnd() requests no second one.)
    if (this.#isPinned || (grew && newest.isOwn && newest.status === 'pending')) this.scrollToEnd();
    else if (grew) this.hasNewBelow = true;
  }

  protected override update(changed: PropertyValues<this>): void {
    this.#shown = this.#shownMessages();
    // The styles of formatted text come with the renderer: added once it is in, before it renders.
    this.#addStyles(markdownStyles());
    super.update(changed);
    this.#renderLog();
  }

  protected override updated(): void {
    if (!this.#scrollPending) return;
    this.#scrollPending = false;
    const scroller = this.#scroller;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }

  protected override render() {
    const s = this.strings;
    // The log's rows are rendered by #renderLog().
    return html`
      <!-- Focusable so keyboard users can scroll the conversation (WCAG 2.1.1). -->
      <div class="scroller" tabindex="0" @scroll=${this.#onScroll}>
        ${this.messages.length === 0 ? html`<p class="greeting">${s.greeting}</p>` : nothing}
        <div role="log" aria-live="polite" aria-relevant="additions" aria-label=${s.messages}></div>
        ${this.#renderQuickReplies()}
        ${this.#renderDrafts()}
        <p class="typing" role="status">${this.typing ? s.typing(this.typing.name) : ''}</p>
      </div>
      ${this.hasNewBelow ? this.#extras()?.renderJumpButton(this) : nothing}
    `;
  }

  /**
   * Renders one row per shown message into the log, keyed by message id. Lit reuses an array's
   * DOM by position, which would turn older messages inserted above (a history page, a filled
   * gap) into new text in every row below and new rows at the end, announced again; rows kept
   * by id stay put, only the inserted ones are added, and scroll anchoring keeps the view.
   */
  #renderLog(): void {
    const log = this.renderRoot.querySelector('[role="log"]')!;
    const shown = this.#shown;
    const lastOwn = shown.findLast((message) => message.isOwn);
    const ids = new Set(shown.map((message) => message.id));
    // Removed first, so that no row is moved (and announced again) just to close a gap.
    for (const [id, row] of this.#rows) {
      if (ids.has(id)) continue;
      row.remove();
      this.#rows.delete(id);
    }
    let next = log.firstElementChild;
    for (const message of shown) {
      let row = this.#rows.get(message.id);
      if (!row) this.#rows.set(message.id, (row = document.createElement('div')));
      render(this.#renderMessage(message, message === lastOwn), row, { host: this });
      if (row === next) next = row.nextElementSibling;
      else log.insertBefore(row, next);
    }
  }

  #addStyles(styles: CSSResult | undefined): void {
    if (!styles || this.#addedStyles.has(styles)) return;
    this.#addedStyles.add(styles);
    addStyles(this.renderRoot, styles);
  }

  /** The messages up to the first one whose markup waits for the renderer (which is then loading). */
  #shownMessages(): readonly TranscriptMessage[] {
    if (markdownRenderer()) return this.messages;
    const waiting = this.messages.findIndex((message) => hasMarkup(message.text) && !this.#shownPlain.has(message.id));
    if (waiting < 0) return this.messages;
    this.#awaitRenderer();
    return this.messages.slice(0, waiting);
  }

  /**
   * Loads the Markdown renderer and renders again once it is in, or once it failed or took longer
   * than {@link ConfabMessageList.rendererWaitMs} (then the waiting messages show as plain text;
   * the renderer keeps loading for later ones).
   */
  #awaitRenderer(): void {
    if (this.#isAwaitingRenderer) return;
    this.#isAwaitingRenderer = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ConfabMessageList.rendererWaitMs)));
    void Promise.race([loadMarkdown(), slow]).then((renderer) => {
      clearTimeout(timer);
      this.#isAwaitingRenderer = false;
      if (!renderer) for (const message of this.messages) if (hasMarkup(message.text)) this.#shownPlain.add(message.id);
      // Messages that waited join the log now: follow them as if they had just arrived.
      if (this.#isPinned) this.scrollToEnd();
      else this.requestUpdate();
    });
  }

  #renderDrafts() {
    const parts = this.drafts.length > 0 ? this.#extras() : undefined;
    return parts?.renderDrafts(this, () => this.#awaitRenderer()) ?? nothing;
  }

  // Only the newest message can offer quick replies (the extras check that it is the team's).
  #renderQuickReplies() {
    const newest = this.#shown.at(-1);
    if (!newest?.quickReplies?.length || newest.id === this.answered) return nothing;
    return this.#extras()?.renderQuickReplies(this, newest, () => (this.answered = newest.id));
  }

  /**
   * The extras chunk with its styles added to this list, if loaded; else starts loading it and
   * renders again once it is in (until then a draft, quick replies or the jump button wait).
   */
  #extras(): Extras | undefined {
    if (extras) {
      this.#addStyles(extras.styles);
    } else {
      void loadListExtras().then((loaded) => {
        if (!loaded) return;
        extras = loaded;
        this.requestUpdate();
      });
    }
    return extras;
  }

  #renderText(message: TranscriptMessage) {
    if (!message.text.trim()) return nothing;
    const renderer = markdownRenderer();
    let text: unknown = message.text;
    if (renderer && hasMarkup(message.text) && !this.#shownPlain.has(message.id)) {
      text = this.#texts.get(message);
      if (!text) this.#texts.set(message, (text = renderer(message.text)));
    }
    // dir="auto": a Hebrew message reads right to left in an English widget, and vice versa.
    return html`<div class="text" dir="auto">${text}</div>`;
  }

  /** Attachments, product cards and link buttons, in an element loaded with the first message that has them. */
  #renderParts(message: RichMessage, s: PanelStrings) {
    if (!message.attachments?.length && !message.products?.length && !message.buttons?.length) return nothing;
    void loadElement('confab-message-parts');
    return html`<confab-message-parts
      exportparts="attachment-image,attachment-file,product,link-button"
      .message=${message}
      .strings=${s}></confab-message-parts>`;
  }

  #renderMessage(message: RichMessage, isLastOwn: boolean) {
    const s = this.strings;
    const role = message.isOwn ? 'own' : message.author.role === 'system' ? 'system' : 'team';
    const status = message.isOwn ? displayStatus(message, this.agentReadSeq) : undefined;
    // Every own message carries its status for screen readers; on screen only the latest, and any
    // still sending or failed, to keep the conversation uncluttered.
    const showStatus = isLastOwn || status === 'pending' || status === 'failed';
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
