import type { Author, ConversationSummary } from '@confab/protocol';
import { html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { ConfabFilterChangeEvent, ConfabLoadMoreConversationsEvent, ConfabSelectConversationEvent } from '../events.js';
import { formatMessageTime } from '../format.js';
import { conversationTitle, messagePreview, responderBadge, responderState } from '../labels.js';
import type { ConsoleState } from '../store.js';
import { en, type ConversationFilter, type Strings } from '../strings.js';
import { conversationListStyles } from './conversation-list.styles.js';

const FILTERS: readonly ConversationFilter[] = ['all', 'open', 'closed'];

/**
 * The live conversation list (`<confab-conversation-list>`): a navigation landmark of buttons,
 * each named with the visitor, product, unread count, presence and last message, plus the
 * open/closed/all filter. Arrow keys, Home and End move between conversations.
 *
 * @event confab-select-conversation - A conversation was chosen.
 * @event confab-filter-change - The filter was changed.
 * @event confab-load-more-conversations - "Load more" was pressed.
 */
export class ConversationList extends LitElement {
  static override properties = {
    strings: { attribute: false },
    locale: {},
    conversations: { attribute: false },
    selectedId: { attribute: false },
    filter: {},
    typing: { attribute: false },
    listStatus: { attribute: false },
    hasMore: { type: Boolean, attribute: 'has-more' },
  };
  static override styles = conversationListStyles;

  declare strings: Strings;
  /** BCP 47 locale for times. */
  declare locale: string;
  /** The conversations to show, already filtered and in list order. */
  declare conversations: readonly ConversationSummary[];
  declare selectedId: string | undefined;
  declare filter: ConversationFilter;
  /** Who is typing, by conversation id. */
  declare typing: ReadonlyMap<string, readonly Author[]>;
  declare listStatus: ConsoleState['listStatus'];
  /** Whether a "load more" button is shown. */
  declare hasMore: boolean;

  constructor() {
    super();
    this.strings = en;
    this.locale = 'en';
    this.conversations = [];
    this.selectedId = undefined;
    this.filter = 'all';
    this.typing = new Map();
    this.listStatus = 'idle';
    this.hasMore = false;
  }

  protected override render() {
    const s = this.strings;
    const isLoading = this.listStatus === 'loading';
    return html`
      <nav aria-labelledby="list-heading">
        <div class="top">
          <h2 id="list-heading">${s.conversationsLabel}</h2>
          <div class="filters" role="group" aria-label=${s.filterLabel}>
            ${FILTERS.map(
              (filter) => html`<button
                type="button"
                data-testid=${`filter-${filter}`}
                aria-pressed=${this.filter === filter ? 'true' : 'false'}
                @click=${() => this.#setFilter(filter)}
              >
                ${s.filters[filter]}
              </button>`,
            )}
          </div>
        </div>
        ${this.conversations.length === 0
          ? html`<p class="empty" role="status">${isLoading ? s.loadingConversations : s.noConversations}</p>`
          : html`<ul data-testid="conversation-list" @keydown=${this.#onKeydown}>
              ${repeat(
                this.conversations,
                (conversation) => conversation.id,
                (conversation) => this.#renderItem(conversation),
              )}
            </ul>`}
        ${this.hasMore
          ? html`<button class="more" type="button" ?disabled=${isLoading} @click=${this.#loadMore} data-testid="load-more-conversations">
              ${isLoading ? s.loadingConversations : s.loadMoreConversations}
            </button>`
          : nothing}
      </nav>
    `;
  }

  #renderItem(conversation: ConversationSummary) {
    const s = this.strings;
    const title = conversationTitle(conversation, s);
    const product = conversation.context.product?.name;
    const typists = this.typing.get(conversation.id) ?? [];
    const isTyping = typists.some((a) => a.role === 'visitor');
    const preview = isTyping ? s.typingPreview : messagePreview(conversation, s);
    const unread = conversation.unreadCount;
    const isSelected = conversation.id === this.selectedId;
    const activity = conversation.lastMessage?.createdAt ?? conversation.updatedAt;
    const responder = responderBadge(conversation, s);
    const name = [
      title,
      product,
      responder,
      conversation.status === 'closed' ? s.closedBadge : undefined,
      unread > 0 ? s.unreadCount(unread) : undefined,
      conversation.visitorOnline ? s.online : s.offline,
      preview,
    ]
      .filter(Boolean)
      .join(s.nameSeparator);
    return html`<li>
      <button
        type="button"
        class=${unread > 0 ? 'item unread' : 'item'}
        data-testid="conversation-item"
        data-conversation-id=${conversation.id}
        data-unread=${unread}
        aria-current=${isSelected ? 'true' : 'false'}
        aria-label=${name}
        @click=${() => this.dispatchEvent(new ConfabSelectConversationEvent({ conversationId: conversation.id }))}
      >
        <span class=${conversation.visitorOnline ? 'dot online' : 'dot'} aria-hidden="true"></span>
        <span class="title">${title}</span>
        <time datetime=${new Date(activity).toISOString()}>${formatMessageTime(activity, this.locale)}</time>
        ${product ? html`<span class="product">${product}</span>` : nothing}
        <span class=${isTyping ? 'preview typing' : 'preview'}>${preview}</span>
        ${responder
          ? html`<span class=${`responder ${responderState(conversation).kind}`} data-testid="responder-badge">${responder}</span>`
          : nothing}
        ${unread > 0
          ? html`<span class="badge" data-testid="unread-badge">${unread > 99 ? '99+' : unread}</span>`
          : conversation.status === 'closed'
            ? html`<span class="closed-tag">${s.closedBadge}</span>`
            : nothing}
      </button>
    </li>`;
  }

  #setFilter(filter: ConversationFilter): void {
    if (filter !== this.filter) this.dispatchEvent(new ConfabFilterChangeEvent({ filter }));
  }

  #loadMore(): void {
    this.dispatchEvent(new ConfabLoadMoreConversationsEvent());
  }

  #onKeydown(event: KeyboardEvent): void {
    const items = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.item')];
    const current = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    if (current === -1) return;
    let next: number;
    if (event.key === 'ArrowDown') next = Math.min(items.length - 1, current + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, current - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else return;
    event.preventDefault();
    items[next]?.focus();
  }
}
