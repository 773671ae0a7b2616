import type { Attachment, Author, ChatMessage, LinkButton, ProductContext } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConfabDiscardReplyEvent, ConfabLoadEarlierEvent, ConfabReloadTranscriptEvent, ConfabRetryReplyEvent } from '../events.js';
import { formatBytes, formatFullTime, formatMessageTime, formatPrice, relayFileUrl, safeHttpUrl, safeLinkUrl } from '../format.js';
import { authorLabel } from '../labels.js';
import type { PendingReply, Transcript } from '../store.js';
import { en, type Strings } from '../strings.js';
import { transcriptViewStyles } from './transcript-view.styles.js';

/** Within this many pixels of the bottom counts as "reading the newest messages". */
const STICK_TO_BOTTOM_PX = 48;
/** The box an image thumbnail is scaled into, in CSS pixels. */
const THUMBNAIL_BOX = { width: 240, height: 180 };
/** SVG can carry script and the relay serves it as a download: shown as a file, never as an image. */
const THUMBNAIL_EXCLUDED = new Set(['image/svg+xml']);

/** The thumbnail size of an image: its own size scaled down (never up) to fit the box. */
function thumbnailSize(attachment: Attachment): { width: number; height: number } | undefined {
  if (attachment.width === undefined || attachment.height === undefined) return undefined;
  const scale = Math.min(1, THUMBNAIL_BOX.width / attachment.width, THUMBNAIL_BOX.height / attachment.height);
  return { width: Math.max(1, Math.round(attachment.width * scale)), height: Math.max(1, Math.round(attachment.height * scale)) };
}

/**
 * The open conversation's messages (`<confab-transcript>`), in a `role="log"` region: author,
 * time in the agent's locale and the text, always as text, never as HTML. Files show as image
 * thumbnails (opening the full image in a new tab) or as chips with name, size and a download
 * link, their URLs resolved against the relay's origin; product cards and link buttons show
 * compactly, and only `http:`/`https:` (and `mailto:` for buttons) URLs become links or images. Shows replies still
 * being sent, with their files, cards and buttons (with Retry and Discard when they failed, and the
 * relay's error code when it refused one), "Seen" under the agent's last message once
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
    relayOrigin: { attribute: false },
    transcript: { attribute: false },
    pending: { attribute: false },
    visitorLastReadSeq: { attribute: false },
    typing: { attribute: false },
  };
  static override styles = transcriptViewStyles;

  declare strings: Strings;
  declare locale: string;
  declare conversationId: string | undefined;
  /** The relay's origin, which attachment URLs (such as `/v1/uploads/<id>/<name>`) are relative to. @default location.origin */
  declare relayOrigin: string;
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
    this.relayOrigin = globalThis.location?.origin ?? '';
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
      ${message.text !== '' || !this.#hasRichParts(message) ? html`<p class="bubble" data-testid="message-text">${message.text}</p>` : nothing}
      ${this.#renderAttachments(message.attachments)} ${this.#renderProducts(message.products)} ${this.#renderButtons(message.buttons)}
      ${isSeen ? html`<p class="state" data-testid="seen">${this.strings.seen}</p>` : nothing}
    </li>`;
  }

  #renderPending(reply: PendingReply) {
    const s = this.strings;
    const isFailed = reply.status === 'failed';
    const hasRichParts = Boolean(reply.files?.length || reply.products?.length || reply.buttons?.length);
    // A 4xx is the relay refusing this reply (a bad field): sending it again will not help, so say why.
    const isRefused = isFailed && reply.errorStatus !== undefined && reply.errorStatus >= 400 && reply.errorStatus < 500;
    return html`<li class=${isFailed ? 'mine failed' : 'mine pending'} data-testid="pending-reply" data-reply-id=${reply.id} data-status=${reply.status}>
      ${reply.text !== '' || !hasRichParts ? html`<p class="bubble">${reply.text}</p>` : nothing}
      ${reply.files?.length
        ? html`<ul class="files" aria-label=${s.attachmentsLabel}>
            ${reply.files.map(
              (file) =>
                html`<li class="file-chip" data-testid="pending-file" data-uploaded=${file.attachment ? 'true' : 'false'}>
                  <span class="file-name">${file.name}</span>
                  <span class="file-size">${formatBytes(file.size, this.locale)}</span>
                </li>`,
            )}
          </ul>`
        : nothing}
      ${this.#renderProducts(reply.products)} ${this.#renderButtons(reply.buttons)}
      ${isFailed
        ? html`<p class="state" role="alert">
            ${s.notSent}
            ${isRefused && reply.errorCode ? html`<span data-testid="reply-refused">${s.refusedWith(reply.errorCode)}</span>` : nothing}
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

  #hasRichParts(message: ChatMessage): boolean {
    return Boolean(message.attachments?.length || message.products?.length || message.buttons?.length);
  }

  #renderAttachments(attachments: readonly Attachment[] | undefined) {
    if (!attachments?.length) return nothing;
    const s = this.strings;
    return html`<ul class="files" aria-label=${s.attachmentsLabel} data-testid="message-attachments">
      ${attachments.map((attachment) => {
        const url = relayFileUrl(attachment.url, this.relayOrigin);
        const size = formatBytes(attachment.size, this.locale);
        if (!url) {
          return html`<li class="file-chip" data-testid="attachment-file"><span class="file-name">${attachment.name}</span><span class="file-size">${size}</span></li>`;
        }
        const thumbnail = thumbnailSize(attachment);
        if (attachment.type.startsWith('image/') && !THUMBNAIL_EXCLUDED.has(attachment.type) && thumbnail) {
          return html`<li class="image">
            <a href=${url} target="_blank" rel="noopener noreferrer" aria-label=${s.openImage(attachment.name)} data-testid="attachment-image">
              <img src=${url} alt=${attachment.name} width=${thumbnail.width} height=${thumbnail.height} loading="lazy" decoding="async" referrerpolicy="no-referrer" />
            </a>
          </li>`;
        }
        return html`<li class="file-chip">
          <a href=${url} download=${attachment.name} rel="noopener noreferrer" aria-label=${s.downloadFile(attachment.name, size)} data-testid="attachment-file">
            <span class="file-name">${attachment.name}</span>
            <span class="file-size">${size}</span>
          </a>
        </li>`;
      })}
    </ul>`;
  }

  #renderProducts(products: readonly ProductContext[] | undefined) {
    if (!products?.length) return nothing;
    return html`<ul class="products" aria-label=${this.strings.productsLabel} data-testid="message-products">
      ${products.map((product) => {
        const image = safeHttpUrl(product.image);
        const url = safeHttpUrl(product.url);
        const name = product.name ?? product.sku ?? url ?? '';
        return html`<li class="product" data-testid="message-product">
          ${image ? html`<img src=${image} alt="" width="40" height="40" loading="lazy" decoding="async" referrerpolicy="no-referrer" />` : nothing}
          <span class="product-name">
            ${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer" data-testid="product-card-link">${name}</a>` : name}
          </span>
          ${product.price === undefined ? nothing : html`<span class="product-price">${formatPrice(product.price, product.currency, this.locale)}</span>`}
        </li>`;
      })}
    </ul>`;
  }

  #renderButtons(buttons: readonly LinkButton[] | undefined) {
    if (!buttons?.length) return nothing;
    return html`<ul class="link-buttons" aria-label=${this.strings.linkButtonsLabel} data-testid="message-buttons">
      ${buttons.map((button) => {
        const url = safeLinkUrl(button.url);
        if (!url) return html`<li><span class="link-button" data-testid="message-button">${button.label}</span></li>`;
        const isMail = url.startsWith('mailto:');
        return html`<li>
          <a class="link-button" href=${url} target=${isMail ? nothing : '_blank'} rel="noopener noreferrer" data-testid="message-button">${button.label}</a>
        </li>`;
      })}
    </ul>`;
  }

  #loadEarlier(): void {
    this.dispatchEvent(new ConfabLoadEarlierEvent());
  }

  #reload(): void {
    if (this.conversationId !== undefined) this.dispatchEvent(new ConfabReloadTranscriptEvent({ conversationId: this.conversationId }));
  }
}
