import type { Author, ChatMessage, ConversationStatus, ConversationSummary, VisitorContext } from '@confab/protocol';

/**
 * The first message of a conversation was written: the backend may create its own conversation
 * (a helpdesk ticket, a Slack thread). Delivered right before that first `message`.
 */
export interface ConversationStartedEvent {
  type: 'conversation-started';
  conversationId: string;
  context: VisitorContext;
}

/**
 * A message was written: by the shopper, or by an agent or bot through another adapter or the
 * console (mirrored, so every backend keeps the whole transcript). An adapter never receives the
 * messages it posted itself. `message.attachments` (files; their `url` is relative to the relay,
 * such as `/v1/uploads/<id>/<name>`), `message.products` and `message.buttons` come when the
 * message has them; the text may then be empty.
 */
export interface MessageEvent {
  type: 'message';
  conversationId: string;
  message: ChatMessage;
  /** The shopper's page, product and locale when the message was written. */
  context: VisitorContext;
}

/** The conversation was closed or reopened. An adapter that closed it is not told. */
export interface StatusEvent {
  type: 'status';
  conversationId: string;
  status: ConversationStatus;
}

/**
 * The adapter now owns the conversation (docs/adapters/README.md#routing): the responder before it
 * handed over. Read what was said so far with `context.conversations.transcript()`.
 */
export interface HandoverEvent {
  type: 'handover';
  conversationId: string;
  /** The adapter that owned it before, if any. */
  from?: string;
  /** Why, in words for the agent: "The shopper asked for a person". */
  reason: string;
  context: VisitorContext;
}

/** The shopper rated the conversation (CSAT). */
export interface RatingEvent {
  type: 'rating';
  conversationId: string;
  /** 1 (very unsatisfied) to 5 (very satisfied). */
  score: number;
  comment?: string;
}

/** The shopper left an email address to be answered at (outside business hours, typically). */
export interface ContactEvent {
  type: 'contact';
  conversationId: string;
  email: string;
}

/** Who the shopper is, as the shop told the widget (`identify()`); `isVerified` when the relay checked its hash or JWT. */
export type ShopperIdentity = NonNullable<ConversationSummary['identity']>;

/**
 * The shop said who the shopper is (`identify()` after its login), or that identity changed. An
 * unverified identity (no `identitySecret` on the relay, or none checked) is only a claim.
 */
export interface IdentityEvent {
  type: 'identity';
  conversationId: string;
  identity: ShopperIdentity;
}

/**
 * The shopper answered the pre-chat form: answers by field key (`name`, `email`, custom keys
 * such as `order`). An `email` answer also arrives as a `contact` event when it is new.
 */
export interface ProfileEvent {
  type: 'profile';
  conversationId: string;
  profile: Record<string, string>;
}

/** Every event that reaches an adapter through the durable outbox, as `delivery.event`. */
export type AdapterEvent =
  | ConversationStartedEvent
  | MessageEvent
  | StatusEvent
  | HandoverEvent
  | RatingEvent
  | ContactEvent
  | IdentityEvent
  | ProfileEvent;

/** The `type` values of {@link AdapterEvent}. */
export type AdapterEventType = AdapterEvent['type'];

/** Someone started or stopped typing (the shopper, or an agent or bot of another adapter). */
export interface TypingLiveEvent {
  type: 'typing';
  conversationId: string;
  isTyping: boolean;
  author: Author;
}

/** The shopper (`visitor`) or the agents read the conversation up to `seq`. */
export interface ReadLiveEvent {
  type: 'read';
  conversationId: string;
  seq: number;
  by: 'visitor' | 'agent';
}

/**
 * Events too short-lived for the outbox: told once, at most, to adapters that listen
 * (`Adapter.notify`), never retried; a later one supersedes them.
 */
export type LiveEvent = TypingLiveEvent | ReadLiveEvent;
