import type { Attachment, Author, Availability, ConfabError, ConversationStatus, LinkButton, PreChatForm, ProductContext } from '@confab/protocol';

/**
 * Where the connection is:
 * - `idle`: created with `autoConnect: false`, `connect()` not called yet;
 * - `connecting`: the first attempt, until the relay's `welcome`;
 * - `open`: welcomed; messages flow;
 * - `reconnecting`: the connection was lost; waiting for the next attempt or making it, until the
 *   next `welcome`;
 * - `closed`: final, after `close()` or a close code that retrying cannot fix.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why a socket closed: the WebSocket close code and reason. When the client gave up on a socket
 * itself (no `pong`, no `welcome` in time, missing messages it could not fetch) the code is 1006.
 */
export interface CloseReason {
  code: number;
  reason: string;
}

/**
 * Where one of the shopper's own messages is: `pending` (not yet acknowledged by the relay),
 * `sent` (durably stored, has a `seq`), `read` (an agent has read it) or `failed` (refused for
 * good, for example `CONFAB_TEXT_INVALID`; it will not be sent again).
 */
export type DeliveryStatus = 'pending' | 'sent' | 'read' | 'failed';

/**
 * One message of the conversation as the client shows it. Objects are snapshots: when a status
 * changes the client replaces the object, so compare by `id`, never mutate them.
 */
export interface TranscriptMessage {
  /** Client-generated id (nanoid); stable from `send()` on. */
  id: string;
  /** Position in the conversation; `undefined` until the relay acknowledged the message. */
  seq: number | undefined;
  author: Author;
  text: string;
  /** Milliseconds since the Unix epoch: the relay's clock once stored, the local clock before. */
  createdAt: number;
  /** Meaningful for the shopper's own messages; always `sent` for others' messages. */
  status: DeliveryStatus;
  /** Written by this visitor (in any tab), i.e. `author.role === 'visitor'`. */
  isOwn: boolean;
  /** Buttons an agent's or bot's message offers: tapping one should `send()` its text. */
  quickReplies?: string[];
  /** Files sent with the message, their `url` absolute (an own pending message shows them at once). */
  attachments?: Attachment[];
  /** Product cards a bot or agent recommends. */
  products?: ProductContext[];
  /** Link buttons under a bot's or agent's message. */
  buttons?: LinkButton[];
}

/**
 * A reply being written (a bot streaming its answer), not a message yet: `text` is the whole reply
 * so far. The `message` with the same `id` replaces it once stored.
 */
export interface Draft {
  id: string;
  author: Author;
  text: string;
}

/** The events of a `ChatClient`, each with its one payload object. */
export interface ClientEvents {
  /** Every real change of `client.state`; `reason` is set when a socket closed. */
  state: { from: ConnectionState; to: ConnectionState; reason?: CloseReason };
  /**
   * After each `welcome`. `resumed` is false for a new conversation; `lostConversationId` is set
   * when the stored session could not be resumed: its transcript is gone from `client.messages`.
   */
  session: { conversationId: string; resumed: boolean; lostConversationId?: string };
  /**
   * A message the client did not know before: exactly once per id, including the shopper's own
   * messages when `send()` queues them (status `pending`) and older ones loaded by `history()`.
   * Place it by `seq` (or re-read `client.messages`), since older messages can arrive late.
   */
  message: TranscriptMessage;
  /** An own message changed status; `seq` once stored, `error` when it failed. */
  delivery: { id: string; status: DeliveryStatus; seq?: number; error?: ConfabError };
  /** An agent or bot started or stopped typing. */
  typing: { isTyping: boolean; author: Author };
  /** The agents have read the shopper's messages up to and including `seq`. */
  read: { seq: number };
  /**
   * The shopper's read position (`client.visitorReadSeq`) moved forward: `markRead()` in this tab
   * or another tab on the same storage, or the relay's `welcome` (another device).
   */
  seen: { seq: number };
  /**
   * An agent's or bot's message the shopper should hear about: emitted once per message across
   * all of the shopper's tabs, in the tab elected to notify (a visible one if there is one). Not
   * for messages already there when the client started (history, the replay after a reload),
   * nor ones already read, nor the shopper's own. The `message` event comes first.
   */
  notify: TranscriptMessage;
  /** The conversation was closed by an agent, or reopened. */
  conversation: { status: ConversationStatus };
  /**
   * A reply is being written, or grew: `text` is everything so far. Never for an id the transcript
   * holds; when the finished `message` with this id arrives it replaces the draft (no `draft-end`).
   */
  draft: Draft;
  /** The draft `id` was abandoned (the bot's stream failed, or the connection dropped): remove it. */
  'draft-end': { id: string };
  /**
   * Whether a person answers now, from the relay's business hours: after a `welcome` whose
   * availability differs from before. `undefined` when the relay has no business hours.
   */
  availability: { availability: Availability | undefined };
  /**
   * The pre-chat form to show (`client.preChat`) changed: a `welcome` brought one or none, a
   * profile was accepted (`undefined`), or `reset()`.
   */
  'pre-chat': { preChat: PreChatForm | undefined };
  /**
   * Whether the relay accepted the shopper's `identify()` changed: `true` once it did, `false`
   * with the `error` when it refused it for good (the identity is dropped), `false` after `reset()`.
   */
  identity: { isIdentified: boolean; error?: ConfabError };
  /**
   * `reset()` here (`source: 'call'`) or in another tab on the same storage (`'other-tab'`) dropped
   * the conversation: `messages`, `drafts` and `preChat` are empty and the state is `idle`.
   */
  reset: { source: 'call' | 'other-tab' };
  /**
   * Something went wrong that no promise reports: an error frame from the relay, an undecodable or
   * unknown frame (the connection stays up), a close code that stops reconnecting, or messages
   * that could not be recovered (`CONFAB_NOT_FOUND`).
   */
  error: ConfabError;
}
