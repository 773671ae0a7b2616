import type { LinkButton, ProductContext, QuickReply } from '@confab/protocol';
import type { ReplyCards } from './reply-cards.js';
import type { ConversationFilter } from './strings.js';

/** Base of the console's DOM events: bubbling, composed (they cross shadow roots), with a typed `detail`. */
class ConsoleEvent<Detail> extends Event {
  readonly detail: Detail;
  constructor(type: string, detail: Detail) {
    super(type, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** An event whose listener may answer asynchronously, like `FetchEvent.respondWith()`. */
class RespondableEvent<Detail> extends ConsoleEvent<Detail> {
  #response: Promise<void> | undefined;
  /** Lets the element that fired the event wait for the outcome (and show its error). */
  respondWith(outcome: Promise<unknown>): void {
    this.#response = outcome.then(() => undefined);
  }
  /** Settles when the listener's work is done; resolves at once when nobody responded. */
  get response(): Promise<void> {
    return this.#response ?? Promise.resolve();
  }
}

/** The agent picked a conversation in the list. */
export class ConfabSelectConversationEvent extends ConsoleEvent<{ conversationId: string }> {
  constructor(detail: { conversationId: string }) {
    super('confab-select-conversation', detail);
  }
}

/** The agent chose which conversations the list shows. */
export class ConfabFilterChangeEvent extends ConsoleEvent<{ filter: ConversationFilter }> {
  constructor(detail: { filter: ConversationFilter }) {
    super('confab-filter-change', detail);
  }
}

/** The agent asked for older conversations. */
export class ConfabLoadMoreConversationsEvent extends ConsoleEvent<Record<string, never>> {
  constructor() {
    super('confab-load-more-conversations', {});
  }
}

/** The agent asked for earlier messages of the open conversation. */
export class ConfabLoadEarlierEvent extends ConsoleEvent<Record<string, never>> {
  constructor() {
    super('confab-load-earlier', {});
  }
}

/** The agent asked to load a transcript again after it failed. */
export class ConfabReloadTranscriptEvent extends ConsoleEvent<{ conversationId: string }> {
  constructor(detail: { conversationId: string }) {
    super('confab-reload-transcript', detail);
  }
}

/** What the reply box sends: text, files, and the product cards and link buttons added to it. */
export interface SendReplyDetail extends ReplyCards {
  text: string;
  files: readonly File[];
}

/** The agent sent a reply from the reply box. */
export class ConfabSendReplyEvent extends ConsoleEvent<SendReplyDetail> {
  constructor(detail: SendReplyDetail) {
    super('confab-send-reply', detail);
  }
}

/** The product cards or link buttons waiting in the reply box changed (added or removed). */
export class ConfabCardsChangeEvent extends ConsoleEvent<{ cards: ReplyCards }> {
  constructor(detail: { cards: ReplyCards }) {
    super('confab-cards-change', detail);
  }
}

/** The product form was submitted with valid fields. */
export class ConfabAddProductEvent extends ConsoleEvent<{ product: ProductContext }> {
  constructor(detail: { product: ProductContext }) {
    super('confab-add-product', detail);
  }
}

/** The link-button form was submitted with valid fields. */
export class ConfabAddLinkButtonEvent extends ConsoleEvent<{ button: LinkButton }> {
  constructor(detail: { button: LinkButton }) {
    super('confab-add-link-button', detail);
  }
}

/** A product or link-button form was closed without adding anything (Cancel or Escape). */
export class ConfabCloseCardFormEvent extends ConsoleEvent<Record<string, never>> {
  constructor() {
    super('confab-close-card-form', {});
  }
}

/** The text in the reply box changed (typed, pasted, quick reply inserted). */
export class ConfabDraftChangeEvent extends ConsoleEvent<{ text: string }> {
  constructor(detail: { text: string }) {
    super('confab-draft-change', detail);
  }
}

/** The agent asked to send a failed reply again. */
export class ConfabRetryReplyEvent extends ConsoleEvent<{ replyId: string }> {
  constructor(detail: { replyId: string }) {
    super('confab-retry-reply', detail);
  }
}

/** The agent gave up on a failed reply. */
export class ConfabDiscardReplyEvent extends ConsoleEvent<{ replyId: string }> {
  constructor(detail: { replyId: string }) {
    super('confab-discard-reply', detail);
  }
}

/** The agent confirmed closing a conversation. */
export class ConfabCloseConversationEvent extends ConsoleEvent<{ conversationId: string }> {
  constructor(detail: { conversationId: string }) {
    super('confab-close-conversation', detail);
  }
}

/** The sign-in form was submitted; `token` is absent when the tab already holds one. */
export class ConfabSignInEvent extends ConsoleEvent<{ token?: string; name: string }> {
  constructor(detail: { token?: string; name: string }) {
    super('confab-sign-in', detail);
  }
}

/** The quick-reply manager was closed (Close button or Escape). */
export class ConfabCloseQuickRepliesEvent extends ConsoleEvent<Record<string, never>> {
  constructor() {
    super('confab-close-quick-replies', {});
  }
}

/** The Failed deliveries view was closed (Close button or Escape). */
export class ConfabCloseDeliveriesEvent extends ConsoleEvent<Record<string, never>> {
  constructor() {
    super('confab-close-deliveries', {});
  }
}

/** A quick reply was chosen in the `/` menu. */
export class ConfabQuickReplyPickEvent extends ConsoleEvent<{ reply: QuickReply }> {
  constructor(detail: { reply: QuickReply }) {
    super('confab-quick-reply-pick', detail);
  }
}

/** The `/` menu's active option changed; `optionId` is the id of its element, if any. */
export class ConfabQuickReplyActiveEvent extends ConsoleEvent<{ optionId: string | undefined }> {
  constructor(detail: { optionId: string | undefined }) {
    super('confab-quick-reply-active', detail);
  }
}

/** The `/` menu was dismissed (Escape). */
export class ConfabQuickReplyDismissEvent extends ConsoleEvent<Record<string, never>> {
  constructor() {
    super('confab-quick-reply-dismiss', {});
  }
}

/** A quick reply was added (no `id`) or changed in the manager; answer with `respondWith()`. */
export class ConfabQuickReplySaveEvent extends RespondableEvent<{ id?: string; shortcut: string; text: string }> {
  constructor(detail: { id?: string; shortcut: string; text: string }) {
    super('confab-quick-reply-save', detail);
  }
}

/** A quick reply was deleted in the manager; answer with `respondWith()`. */
export class ConfabQuickReplyDeleteEvent extends RespondableEvent<{ id: string }> {
  constructor(detail: { id: string }) {
    super('confab-quick-reply-delete', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'confab-select-conversation': ConfabSelectConversationEvent;
    'confab-filter-change': ConfabFilterChangeEvent;
    'confab-load-more-conversations': ConfabLoadMoreConversationsEvent;
    'confab-load-earlier': ConfabLoadEarlierEvent;
    'confab-reload-transcript': ConfabReloadTranscriptEvent;
    'confab-send-reply': ConfabSendReplyEvent;
    'confab-draft-change': ConfabDraftChangeEvent;
    'confab-cards-change': ConfabCardsChangeEvent;
    'confab-add-product': ConfabAddProductEvent;
    'confab-add-link-button': ConfabAddLinkButtonEvent;
    'confab-close-card-form': ConfabCloseCardFormEvent;
    'confab-retry-reply': ConfabRetryReplyEvent;
    'confab-discard-reply': ConfabDiscardReplyEvent;
    'confab-close-conversation': ConfabCloseConversationEvent;
    'confab-sign-in': ConfabSignInEvent;
    'confab-close-quick-replies': ConfabCloseQuickRepliesEvent;
    'confab-close-deliveries': ConfabCloseDeliveriesEvent;
    'confab-quick-reply-pick': ConfabQuickReplyPickEvent;
    'confab-quick-reply-active': ConfabQuickReplyActiveEvent;
    'confab-quick-reply-dismiss': ConfabQuickReplyDismissEvent;
    'confab-quick-reply-save': ConfabQuickReplySaveEvent;
    'confab-quick-reply-delete': ConfabQuickReplyDeleteEvent;
  }
}
