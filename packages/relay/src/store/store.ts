import type { Attachment, Author, ChatMessage, ConversationStatus, ConversationSummary, LinkButton, ProductContext, QuickReply, VisitorContext } from '@confab/protocol';

/** A conversation as stored, with the derived counts the agent list needs. */
export interface ConversationRecord {
  id: string;
  status: ConversationStatus;
  createdAt: number;
  /** Last activity: the newest message or status change. */
  updatedAt: number;
  /** Highest `seq` (0 while empty). */
  lastSeq: number;
  visitorLastReadSeq: number;
  agentLastReadSeq: number;
  /** Visitor messages after `agentLastReadSeq`. */
  unreadCount: number;
  lastMessage?: ChatMessage;
  context: VisitorContext;
  /** The adapter that answers it now; undefined until routing assigns one (then the chain's first). */
  responder?: string;
  /** The email address the shopper left. */
  email?: string;
  /** The shopper's rating, once given. */
  rating?: Rating;
  /** Who the shopper is, from the shop's login (`identify`). */
  identity?: Identity;
  /** The shopper's answers to the pre-chat form, by field key. */
  profile?: Profile;
}

/** Who the shopper is, from the shop's login; `isVerified` when the relay checked a hash or JWT. */
export type Identity = NonNullable<ConversationSummary['identity']>;

/** Answers to the pre-chat form, by field key. */
export type Profile = Record<string, string>;

/** A shopper's satisfaction rating (CSAT). */
export interface Rating {
  /** 1 to 5. */
  score: number;
  comment?: string;
}

/**
 * Which adapters hear of a conversation's events: every observer, plus the conversation's
 * responder (docs/adapters/README.md#routing). Without a chain, every adapter is an observer.
 */
export interface Audience {
  /** Adapters outside the routing chain: they hear everything. */
  observers: readonly string[];
  /** The routing chain; a conversation without a responder yet belongs to its first. */
  chain: readonly string[];
}

/** The responder a conversation has, or would have on its first event. */
export function responderOf(audience: Audience, responder: string | undefined): string | undefined {
  return responder ?? audience.chain[0];
}

/** The adapters to tell about one event: observers and the responder, except `origin` (no echo). */
export function recipientsOf(audience: Audience | undefined, responder: string | undefined, origin?: string): string[] {
  if (!audience) return [];
  const owner = responderOf(audience, responder);
  const names = owner === undefined || audience.observers.includes(owner) ? [...audience.observers] : [...audience.observers, owner];
  return origin === undefined ? names : names.filter((name) => name !== origin);
}

/** A message to store; `seq` is assigned by the store. */
export interface NewMessage {
  conversationId: string;
  /** The client-generated id: the idempotency key within the conversation. */
  clientId: string;
  author: Author;
  text: string;
  createdAt: number;
  /** Buttons offered with the message (bots and agents). */
  quickReplies?: readonly string[];
  /** Files sent with the message, already resolved from their upload ids. */
  attachments?: readonly Attachment[];
  /** Product cards (bots and agents). */
  products?: readonly ProductContext[];
  /** Link buttons (bots and agents). */
  buttons?: readonly LinkButton[];
  /**
   * Adapters to tell about this message: a `message` delivery (and, for a conversation's first
   * message, a `conversation-started` one before it) for each recipient is put in the outbox in the
   * same transaction as the message, so neither is stored without the other.
   */
  audience?: Audience;
  /** The adapter that posted the message: not told about it (no echo). */
  origin?: string;
  /** Makes this adapter the responder, in the same transaction (a human agent took the conversation over). */
  claimResponder?: string;
}

/** A hand-over from one responder to the next. */
export interface ResponderChange {
  /** The responder the conversation must have now, or the change is refused. */
  from: string | undefined;
  to: string;
  /** Why, for the new responder. */
  reason: string;
  now: number;
  audience: Audience;
}

/** The outcome of {@link Store.changeResponder}. */
export type ResponderChangeResult =
  | { kind: 'changed'; conversation: ConversationRecord }
  | { kind: 'not-owner'; conversation: ConversationRecord }
  | { kind: 'missing' };

/** An event as the outbox keeps it: JSON with a `type`. */
export interface OutboxEvent {
  type: string;
  [field: string]: unknown;
}

/** Whether a delivery still goes out (`pending`) or gave up and waits for a replay (`dead`). */
export type DeliveryState = 'pending' | 'dead';

/** One delivery in the outbox: an event on its way to one adapter's backend. */
export interface Delivery {
  /** Stable id, sent to the backend as its idempotency key (for example `webhook-id`). */
  deliveryId: string;
  adapter: string;
  conversationId: string;
  event: OutboxEvent;
  state: DeliveryState;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due (milliseconds since the epoch). */
  nextAttemptAt: number;
  /** Why the last attempt failed. */
  lastError: string | undefined;
  createdAt: number;
}

/** A delivery to put in the outbox. */
export interface NewDelivery {
  adapter: string;
  conversationId: string;
  event: OutboxEvent;
}

/** How an attempt at a delivery ended: gone (and removed), to be retried, or dead-lettered. */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; nextAttemptAt: number; error: string }
  | { kind: 'dead'; error: string };

/** What to do when a message is appended to a closed conversation. */
export type WhenClosed = 'reopen' | 'reject';

/** The outcome of {@link Store.appendMessage}. */
export type AppendResult =
  /** Stored with a new `seq`; `reopened` when a closed conversation was reopened by it. */
  | { kind: 'stored'; message: ChatMessage; conversation: ConversationRecord; reopened: boolean }
  /** A message with this client id was stored before; `message` is that first one. */
  | { kind: 'duplicate'; message: ChatMessage; conversation: ConversationRecord }
  /** The conversation is closed and `whenClosed` was `reject`: nothing stored. */
  | { kind: 'closed'; conversation: ConversationRecord }
  /** No such conversation: nothing stored. */
  | { kind: 'missing' };

/** Which part of a transcript to read. Without `after` or `before` it is the newest messages. */
export interface MessageQuery {
  /** Only messages with a greater `seq`; the page starts right after it. */
  after?: number;
  /** Only messages with a smaller `seq`; the page ends right before it. */
  before?: number;
  limit: number;
}

/** A page of messages, oldest first. */
export interface MessagePage {
  messages: ChatMessage[];
  /** More messages exist beyond this page in the direction read (after: newer; otherwise: older). */
  hasMore: boolean;
}

/** Which conversations to list: newest activity first. */
export interface ConversationQuery {
  status: ConversationStatus | 'all';
  limit: number;
  /** Only conversations whose `updatedAt` is smaller (the previous page's last one). */
  before?: number;
}

/** A page of conversations, newest activity first. Empty conversations (no message yet) are left out. */
export interface ConversationPage {
  conversations: ConversationRecord[];
  hasMore: boolean;
}

/** Who moved a read position. */
export type Reader = 'visitor' | 'agent';

/** The outcome of changing a conversation; `changed` is false when it already was that way. */
export interface ConversationUpdate {
  conversation: ConversationRecord;
  changed: boolean;
}

/** A quick reply's editable fields. */
export interface QuickReplyInput {
  shortcut: string;
  text: string;
}

/**
 * Where the relay keeps conversations, sessions, messages and quick replies. Every method is async
 * so that a networked store (PostgreSQL) can implement it; {@link SqliteStore} is the embedded one.
 * Methods reject with a `ConfabError`: `CONFAB_STORE_FAILED` when storage fails, and
 * `CONFAB_REQUEST_INVALID` for a quick-reply shortcut already taken.
 *
 * A write's promise resolves only once the write is durable: the relay acknowledges a message
 * when `appendMessage` resolves. Writes called one after another (without awaiting) take effect in
 * call order, and their promises settle in that order, so sequence numbers follow arrival.
 */
export interface Store {
  /** Creates a conversation and the session whose token hashes to `tokenHash`, in one transaction. */
  createConversation(input: { conversationId: string; tokenHash: string; context: VisitorContext; now: number }): Promise<ConversationRecord>;
  /** The conversation a session token (by hash) opens, if the token was ever issued here. */
  findConversationBySession(tokenHash: string): Promise<ConversationRecord | undefined>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  listConversations(query: ConversationQuery): Promise<ConversationPage>;
  /** The message stored under a client id, if any. */
  findMessage(conversationId: string, clientId: string): Promise<ChatMessage | undefined>;
  /**
   * Stores a message with the next `seq`, idempotent on `clientId`, atomically: either the
   * message and the conversation's new `lastSeq` are both stored or neither is (a store may commit
   * several writes in one transaction, as SqliteStore does).
   */
  appendMessage(message: NewMessage, whenClosed: WhenClosed): Promise<AppendResult>;
  listMessages(conversationId: string, query: MessageQuery): Promise<MessagePage>;
  /** The ones among these upload ids that a stored message carries as an attachment (the rest were never sent). */
  findSentUploads(uploadIds: readonly string[]): Promise<Set<string>>;
  /** Moves a read position forward (never back), capped at `lastSeq`. */
  markRead(conversationId: string, reader: Reader, seq: number): Promise<ConversationUpdate | undefined>;
  /**
   * Changes a conversation's status. When it did change, a `status` delivery
   * (`{ type: 'status', conversationId, status }`) is put in the outbox for each recipient of
   * `audience` but `origin`, in the same transaction.
   */
  setStatus(conversationId: string, status: ConversationStatus, now: number, audience?: Audience, origin?: string): Promise<ConversationUpdate | undefined>;
  /**
   * Passes a conversation from one responder to the next, with a `handover` delivery for the new
   * one in the same transaction; refused unless its responder is `from`.
   */
  changeResponder(conversationId: string, change: ResponderChange): Promise<ResponderChangeResult>;
  /** Stores the email the shopper left, with a `contact` delivery for the audience. */
  setEmail(conversationId: string, email: string, now: number, audience?: Audience): Promise<ConversationRecord | undefined>;
  /**
   * Stores who the shopper is (a later identity replaces it), with an `identity` delivery
   * (`{ type: 'identity', conversationId, identity }`) for the audience when it changed.
   */
  setIdentity(conversationId: string, identity: Identity, now: number, audience?: Audience): Promise<ConversationRecord | undefined>;
  /**
   * Stores the pre-chat answers, with a `profile` delivery (`{ type: 'profile', conversationId, profile }`)
   * for the audience; with `email`, also the conversation's email and its `contact` delivery when it changed.
   */
  setProfile(conversationId: string, profile: Profile, email: string | undefined, now: number, audience?: Audience): Promise<ConversationRecord | undefined>;
  /** Stores the shopper's rating (a later one replaces it), with a `rating` delivery for the audience. */
  setRating(conversationId: string, rating: Rating, now: number, audience?: Audience): Promise<ConversationRecord | undefined>;
  /** One value of an adapter's own durable state. */
  getAdapterState(adapter: string, key: string): Promise<string | undefined>;
  /** Sets (or replaces) one value of an adapter's state. */
  setAdapterState(adapter: string, key: string, value: string): Promise<void>;
  deleteAdapterState(adapter: string, key: string): Promise<void>;
  /** Replaces the visitor context. */
  setContext(conversationId: string, context: VisitorContext): Promise<ConversationRecord | undefined>;
  /** Every quick reply, by shortcut. */
  listQuickReplies(): Promise<QuickReply[]>;
  createQuickReply(input: QuickReplyInput & { id: string; now: number }): Promise<QuickReply>;
  updateQuickReply(id: string, input: QuickReplyInput & { now: number }): Promise<QuickReply | undefined>;
  /** Returns false when there was no such quick reply. */
  deleteQuickReply(id: string): Promise<boolean>;
  /** Puts deliveries in the outbox, due at once, in the order given. */
  enqueueDeliveries(deliveries: readonly NewDelivery[], now: number): Promise<void>;
  /**
   * Pending deliveries for `adapter` that are due at `now` and first in line in their conversation
   * (oldest first), so that deliveries of one conversation go out one at a time, in order.
   */
  dueDeliveries(adapter: string, now: number, limit: number): Promise<Delivery[]>;
  /** When the earliest pending delivery for `adapter` is due, or undefined when none is pending. */
  nextDeliveryAt(adapter: string): Promise<number | undefined>;
  /** Records an attempt: a delivered one leaves the outbox. Returns false for an unknown id. */
  settleDelivery(deliveryId: string, outcome: DeliveryOutcome): Promise<boolean>;
  /** Deliveries in a state, oldest first (dead letters for the console and the API). */
  listDeliveries(query: { state: DeliveryState; adapter?: string; limit: number }): Promise<Delivery[]>;
  /** How many deliveries are pending and dead, over all adapters. */
  countDeliveries(): Promise<{ pending: number; dead: number }>;
  /** Sends a dead delivery again: pending, due at once, attempts from zero. Undefined unless it was dead. */
  replayDelivery(deliveryId: string, now: number): Promise<Delivery | undefined>;
  /** Commits the writes already called for, then closes; later calls reject with `CONFAB_STORE_FAILED`. */
  close(): Promise<void>;
}
