import type { Author, ChatMessage } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConfabDiscardReplyEvent, ConfabLoadEarlierEvent, ConfabReloadTranscriptEvent, ConfabRetryReplyEvent } from '../events.js';
import { formatFullTime, formatMessageTime } from '../format.js';
import { authorLabel } from '../labels.js';
import type { PendingReply, Transcript } from '../store.js';
import { en, type Strings } from '../strings.js';
import { transcriptViewStyles } from './transcript-view.styles.js';

/** Within this many pixels of the bottom counts as "reading the newest messages". */
const STICK_TO_BOTTOM_PX = 48;

/**
 * The open conversation's messages (`<confab-transcript>`), in a `role="log"` region: author,
 * time in the agent's locale and the text, always as text, never as HTML. Shows replies still
 * being sent (with Retry and Discard when they failed), "Seen" under the agent's last message once
 * the shopper has read it, and who is typing. Keeps the view at the newest message unless the
 * agent scrolled up, and keeps the position when earlier messages are loaded above.
 *
 * @event confab-load-earlier - "Load earlier messages" was pressed.
 * @event confab-reload-transcript - "Try again" was pressed after loading failed.
 * @event confab-retry-reply - Retry was pressed on a failed reply.
 * @event confab-discard-reply - Discard was pressed on a failed reply.
 */
export class TranscriptView extends LitElement {
  static override properties = {
    strings: { attribute: false },
    locale: {},
    conversationId: { attribute: false },
    transcript: { attribute: false },
    pending: { attribute: false },
    visitorLastReadSeq: { attribute: false },
    typing: { attribute: false },
  };
  static override styles = transcriptViewStyles;

  declare strings: Strings;
  declare locale: string;
  declare conversationId: string | undefined;
  /** The messages held, or `undefined` before loading started. */
  declare transcript: Transcript | undefined;
  /** Replies being sent or failed, oldest first. */
  declare pending: readonly PendingReply[];
  /** The shopper has read up to this `seq`. */
  declare visitorLastReadSeq: number;
  /** Who is typing in this conversation (the shopper, other agents). */
  declare typing: readonly Author[];

  #scrollMemo: { top: number; height: number; atBottom: boolean; firstSeq: number | undefined } | undefined;

  constructor() {
    super();
    this.strings = en;
    this.locale = 'en';
    this.conversationId = undefined;
    this.transcript = undefined;
    this.pending = [];
    this.visitorLastReadSeq = 0;
    this.typing = [];
  }

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  /** Moves keyboard focus to the message log. */
  focusLog(): void {
    this.#scroller?.focus();
  }

  protected override willUpdate(): void {
    const scroller = this.#scroller;
    if (!scroller) return;
    this.#scrollMemo = {
      top: scroller.scrollTop,
      height: scroller.scrollHeight,
      atBottom: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= STICK_TO_BOTTOM_PX,
      firstSeq: this.transcript?.messages[0]?.seq,
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    const scroller = this.#scroller;
    if (!scroller) return;
    const memo = this.#scrollMemo;
    const firstSeq = this.transcript?.messages[0]?.seq;
    const switched = changed.has('conversationId');
    const grewPending = changed.has('pending') && this.pending.length > ((changed.get('pending') as readonly PendingReply[] | undefined)?.length ?? 0);
    if (switched || !memo || grewPending) {
      scroller.scrollTop = scroller.scrollHeight;
    } else if (memo.firstSeq !== undefined && firstSeq !== undefined && firstSeq < memo.firstSeq) {
      // Earlier messages were added above: keep the ones the agent was reading in place.
      scroller.scrollTop = memo.top + (scroller.scrollHeight - memo.height);
    } else if (memo.atBottom) {
      scroller.scrollTop = scroller.scrollHeight;
    }
  }

  protected override render() {
    const s = this.strings;
    const transcript = this.transcript;
    if (!transcript || (transcript.status === 'loading' && transcript.messages.length === 0)) {
      return html`<div class="center" role="status">${s.loadingTranscript}</div>`;
    }
    if (transcript.status === 'error' && transcript.messages.length === 0) {
      return html`<div class="center" role="alert">
        <p>${s.transcriptFailed}</p>
        <button type="button" data-testid="reload-transcript" @click=${this.#reload}>${s.retryLoad}</button>
      </div>`;
    }
    const lastAgentSeq = [...transcript.messages].reverse().find((m) => m.author.role === 'agent')?.seq;
    const seenSeq = lastAgentSeq !== undefined && this.visitorLastReadSeq >= lastAgentSeq ? lastAgentSeq : undefined;
    return html`
      <div
        class="scroller"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label=${s.transcriptLabel}
        aria-busy=${transcript.isLoadingEarlier || transcript.status === 'loading' ? 'true' : 'false'}
        tabindex="0"
        data-testid="transcript"
      >
        ${transcript.hasEarlier
          ? html`<div class="earlier">
              <button type="button" data-testid="load-earlier" ?disabled=${transcript.isLoadingEarlier} @click=${this.#loadEarlier}>
                ${transcript.isLoadingEarlier ? s.loadingEarlier : s.loadEarlier}
              </button>
            </div>`
          : transcript.messages.length > 0
            ? html`<p class="note">${s.beginning}</p>`
            : nothing}
        <ol>
          ${repeat(
            transcript.messages,
            (message) => message.id,
            (message) => this.#renderMessage(message, message.seq === seenSeq),
          )}
          ${repeat(
            this.pending,
            (reply) => reply.id,
            (reply) => this.#renderPending(reply),
          )}
        </ol>
      </div>
      <p class="typing" role="status" data-testid="typing-indicator">
        ${this.typing.length > 0 ? s.typing(this.typing.map((author) => authorLabel(author, s))) : nothing}
      </p>
    `;
  }

  #renderMessage(message: ChatMessage, isSeen: boolean) {
    const role = message.author.role;
    const className = role === 'agent' || role === 'bot' ? 'mine' : role === 'system' ? 'system' : 'theirs';
    return html`<li class=${className} data-testid="message" data-message-id=${message.id} data-seq=${message.seq} data-role=${role}>
      <div class="meta">
        <span class="author">${authorLabel(message.author, this.strings)}</span>
        <time datetime=${new Date(message.createdAt).toISOString()} title=${formatFullTime(message.createdAt, this.locale)}>
          ${formatMessageTime(message.createdAt, this.locale)}
        </time>
      </div>
      <p class="bubble" data-testid="message-text">${message.text}</p>
      ${isSeen ? html`<p class="state" data-testid="seen">${this.strings.seen}</p>` : nothing}
    </li>`;
  }

  #renderPending(reply: PendingReply) {
    const s = this.strings;
    const isFailed = reply.status === 'failed';
    return html`<li class=${isFailed ? 'mine failed' : 'mine pending'} data-testid="pending-reply" data-reply-id=${reply.id} data-status=${reply.status}>
      <p class="bubble">${reply.text}</p>
      ${isFailed
        ? html`<p class="state" role="alert">
            ${s.notSent}
            <button type="button" class="link" data-testid="retry-reply" @click=${() => this.dispatchEvent(new ConfabRetryReplyEvent({ replyId: reply.id }))}>
              ${s.retrySend}
            </button>
            <button type="button" class="link" data-testid="discard-reply" @click=${() => this.dispatchEvent(new ConfabDiscardReplyEvent({ replyId: reply.id }))}>
              ${s.discard}
            </button>
          </p>`
        : html`<p class="state">${s.sending}</p>`}
    </li>`;
  }

  #loadEarlier(): void {
    this.dispatchEvent(new ConfabLoadEarlierEvent());
  }

  #reload(): void {
    if (this.conversationId !== undefined) this.dispatchEvent(new ConfabReloadTranscriptEvent({ conversationId: this.conversationId }));
  }
}
