import type { AuthorRole, ChatMessage, ConversationSummary, LinkButton, ProductContext, TranscriptPage } from '@confab/protocol';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AttemptOutcome } from '../outbox/retry-policy.js';
import type { Delivery } from '../store/store.js';
import type { AdapterEvent, LiveEvent } from './adapter-events.js';

/** A reply an adapter posts into a conversation: from its helpdesk's agent, or from its bot. */
export interface AdapterReply {
  text: string;
  /**
   * Idempotency key (8 to 64 URL-safe characters): posting the same id twice stores one message.
   * Derive it from the backend's own message or delivery id, so a retried callback is stored once.
   * Generated when absent.
   */
  id?: string;
  /** Shown to the shopper, such as "Mia" or "Shop assistant". */
  authorName?: string;
  /** `bot` for automated answers; a human reply is `agent`. @default 'agent' */
  role?: Extract<AuthorRole, 'agent' | 'bot'>;
  /** Buttons the shopper can tap to send one of these texts (at most 10, each up to 100 characters). */
  quickReplies?: readonly string[];
  /**
   * Upload ids of files to send with the reply (at most 10, each once): upload them to this
   * conversation first with `POST /v1/uploads?conversationId=<id>&name=<file name>` and the agent
   * token (docs/attachments.md). With attachments, product cards or buttons the text may be empty.
   * An unknown id, or one of another conversation, is refused with `CONFAB_REQUEST_INVALID`.
   */
  attachments?: readonly string[];
  /** Product cards to recommend (at most 10), checked with the protocol's product schema. */
  products?: readonly ProductContext[];
  /** Link buttons under the reply (at most 5): a label and an `http`, `https` or `mailto` URL each. */
  buttons?: readonly LinkButton[];
}

/** A reply whose text comes from the stream of parts. */
export type StreamedReply = Omit<AdapterReply, 'text'>;

/** What posting did; `duplicate` when a message with that id was stored before (and is returned). */
export interface PostedReply {
  message: ChatMessage;
  duplicate: boolean;
}

/** Outcomes of adapter actions that can meet a missing or closed conversation. */
export type AdapterOutcome<T> = { kind: 'done'; value: T } | { kind: 'missing' } | { kind: 'closed' };

/** What a hand-over came to. */
export type HandoverOutcome =
  /** The conversation now belongs to `to`, which gets a `handover` event. */
  | { kind: 'handed-over'; to: string }
  /** This adapter is not the conversation's responder (any more): nothing changed. */
  | { kind: 'not-owner'; owner: string | undefined }
  /** No responder comes after this one in the chain: it keeps the conversation. */
  | { kind: 'last-in-chain' }
  | { kind: 'missing' };

/**
 * A conversation as an adapter sees it: its summary plus who answers it now (docs/adapters/README.md#routing).
 */
export interface AdapterConversation extends ConversationSummary {
  /** The adapter that owns the conversation now; undefined when no routing chain is configured. */
  responder: string | undefined;
}

/**
 * What an adapter may do to the relay's conversations, always in its own name: everything posted
 * is mirrored to the other adapters but never sent back to this one. These are the only ways in.
 */
export interface AdapterConversations {
  /** Stores a reply and sends it to the shopper; throws `CONFAB_TEXT_*` for bad text. */
  postMessage(conversationId: string, reply: AdapterReply): Promise<AdapterOutcome<PostedReply>>;
  /**
   * Streams a reply to the shopper while `parts` produces it: the text so far is shown as a draft
   * (coalesced, a few frames a second), then stored as one message when `parts` ends. If `parts`
   * throws, the draft is withdrawn, nothing is stored and the error is rethrown.
   */
  streamMessage(conversationId: string, reply: StreamedReply, parts: AsyncIterable<string>): Promise<AdapterOutcome<PostedReply>>;
  /** Shows or hides "typing…" to the shopper. */
  typing(conversationId: string, isTyping: boolean, authorName?: string): Promise<AdapterOutcome<void>>;
  /** Closes the conversation (again is fine); undefined when there is none. */
  close(conversationId: string): Promise<ConversationSummary | undefined>;
  /**
   * Passes the conversation to the next responder of the routing chain (a bot to a human, say),
   * which gets a `handover` event and reads the transcript. Only the current responder can.
   */
  handOver(conversationId: string, reason: string): Promise<HandoverOutcome>;
  /** The conversation and its current responder; undefined when there is none. */
  get(conversationId: string): Promise<AdapterConversation | undefined>;
  /** A page of the transcript, oldest first (`after` a seq, up to `limit` messages); undefined when there is none. */
  transcript(conversationId: string, query: { after?: number; limit: number }): Promise<TranscriptPage | undefined>;
}

/**
 * A small durable key-value store of the adapter's own, kept in the relay's database: what it must
 * remember across restarts, such as the helpdesk's conversation id for each Confab conversation
 * (and back). Keys are up to 200 characters, values up to 4096; other adapters cannot see them.
 */
export interface AdapterState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** How an adapter reaches the relay: its conversations, its own durable state and a logger named after it. */
export interface AdapterContext {
  readonly conversations: AdapterConversations;
  readonly state: AdapterState;
  readonly log: FastifyBaseLogger;
}

/** {@link AdapterContext} during one attempt, with the signal that aborts it when the relay stops. */
export interface AttemptContext extends AdapterContext {
  readonly signal: AbortSignal;
}

/** A delivery as an adapter receives it: the outbox row with its event typed. */
export interface AdapterDelivery extends Omit<Delivery, 'event'> {
  event: AdapterEvent;
}

/**
 * A backend the relay forwards conversations to (docs/adapters/README.md). Events reach it through
 * the durable outbox: `attempt` is called for each delivery, at least once, in order within a
 * conversation, and its outcome decides between done, retry and dead letter. `routes` mounts the
 * backend's callbacks (its agents' replies) under `/v1/adapters/<name>/`.
 */
export interface Adapter {
  /** Lowercase letters, digits and -: its name in the outbox, the logs and `/v1/adapters/<name>/`. */
  readonly name: string;
  /**
   * Makes one attempt at one delivery. Resolves with what it came to; a rejection counts as a
   * retryable failure. The same delivery may be attempted again after a crash, so use
   * `delivery.deliveryId` as the backend's idempotency key. When `context.signal` aborts (the
   * relay is stopping), give up quickly: the attempt is then not recorded and made again later.
   */
  attempt(delivery: AdapterDelivery, context: AttemptContext): Promise<AttemptOutcome>;
  /** Typing and read receipts, told at most once and never retried. Must not throw. */
  notify?(event: LiveEvent, context: AdapterContext): void;
  /** Registers inbound HTTP routes; the app is already prefixed with `/v1/adapters/<name>`. */
  routes?(app: FastifyInstance, context: AdapterContext): Promise<void>;
  /** Called once when the relay stops, after the last attempt ended. */
  close?(): Promise<void>;
}
