import { nanoid } from 'nanoid';
import {
  ConfabError,
  createId,
  type Attachment,
  type Author,
  type ChatMessage,
  type ConversationSummary,
  type LinkButton,
  type ProductContext,
  type TranscriptPage,
  type VisitorContext,
} from '@confab/protocol';
import type { LiveEvent } from './adapters/adapter-events.js';
import { DraftStream } from './draft-stream.js';
import type { Hub, VisitorPeer } from './hub.js';
import type { Clock } from './rate-limit.js';
import { validAttachmentIds, validButtons, validProducts, validateMessageText, type AttachmentResolver } from './rich-content.js';
import { hashToken } from './secrets.js';
import {
  recipientsOf,
  responderOf,
  type Audience,
  type ConversationQuery,
  type ConversationRecord,
  type Identity,
  type MessageQuery,
  type Profile,
  type Rating,
  type Store,
} from './store/store.js';
import { TypingTracker, type Timers } from './typing.js';

/** Options for {@link ConversationService}. */
export interface ConversationServiceOptions {
  store: Store;
  hub: Hub;
  /** Longest message text in code points; longer ones are refused. */
  maxTextLength: number;
  /** @default Date.now */
  now?: Clock;
  /** How long typing indicators last without renewal. @default 6000 */
  typingExpiryMs?: number;
  timers?: Timers;
  /** Which adapters hear of each conversation's events, through the outbox. @default none */
  audience?: Audience;
  /** The adapter agents in the console act as (`console`), when there is one. */
  consoleAdapter?: string;
  /** Called after deliveries were committed to the outbox (wakes the dispatchers). */
  onDeliveries?: () => void;
  /** Tells these adapters of a typing or read event (best effort). */
  onLiveEvent?: (event: LiveEvent, recipients: readonly string[]) => void;
  /** Shortest time between two draft frames of a streamed reply. @default 100 */
  draftIntervalMs?: number;
  /** Resolves upload ids into attachments; without it, messages with attachments are refused. */
  uploads?: AttachmentResolver;
}

/** A visitor session opened by `hello`. */
export interface OpenedSession {
  /** The token to give the client: the one it presented, or a new one. */
  token: string;
  conversation: ConversationRecord;
  /** False when a new conversation was started (no token, or an unknown one). */
  resumed: boolean;
}

/** What posting a message did; `duplicate` when its id was stored before (that first message is returned). */
export interface PostedMessage {
  message: ChatMessage;
  duplicate: boolean;
}

/** An agent's (or bot's) reply as the agent API or an adapter gives it. */
export interface AgentReply {
  text: string;
  /** Idempotency key; generated when absent. */
  id?: string;
  authorName?: string;
  /** @default 'agent' */
  role?: 'agent' | 'bot';
  /** Buttons offered with the message. */
  quickReplies?: readonly string[];
  /** Ids of files uploaded to this conversation first (`POST /v1/uploads?conversationId=`). */
  attachments?: readonly string[];
  /** Product cards to show (checked with the protocol's `productContextSchema`). */
  products?: readonly ProductContext[];
  /** Link buttons: a label and an `http`, `https` or `mailto` URL each (at most 5). */
  buttons?: readonly LinkButton[];
}

/** Who posts a reply: an adapter (not told of it, and a human agent there takes the conversation), or the agent API. */
export interface ReplyOrigin {
  adapter: string;
}

/** What a hand-over came to (see AdapterConversations.handOver). */
export type HandoverResult =
  | { kind: 'handed-over'; to: string }
  | { kind: 'not-owner'; owner: string | undefined }
  | { kind: 'last-in-chain' }
  | { kind: 'missing' };

/** Outcomes of agent actions that can meet a missing or closed conversation. */
export type AgentOutcome<T> = { kind: 'done'; value: T } | { kind: 'missing' } | { kind: 'closed' };

const VISITOR: Author = { role: 'visitor' };
/** Replay and history read the store in pages this big. */
const REPLAY_PAGE = 200;

function agentAuthor(name: string | undefined, role: 'agent' | 'bot' = 'agent'): Author {
  return name === undefined ? { role } : { role, name };
}

const NO_AUDIENCE: Audience = { observers: [], chain: [] };
const MAX_QUICK_REPLIES = 10;
const MAX_QUICK_REPLY_LENGTH = 100;

/** Checks buttons offered with a reply; throws CONFAB_REQUEST_INVALID. */
function validQuickReplies(quickReplies: readonly string[] | undefined): readonly string[] | undefined {
  if (quickReplies === undefined) return undefined;
  if (!Array.isArray(quickReplies) || quickReplies.length > MAX_QUICK_REPLIES) {
    throw new ConfabError('CONFAB_REQUEST_INVALID', `quickReplies must be a list of at most ${MAX_QUICK_REPLIES} texts`);
  }
  for (const [index, text] of quickReplies.entries()) {
    if (typeof text !== 'string' || text.trim() === '' || [...text].length > MAX_QUICK_REPLY_LENGTH) {
      throw new ConfabError('CONFAB_REQUEST_INVALID', `quickReplies[${index}] must be a text of 1 to ${MAX_QUICK_REPLY_LENGTH} characters`);
    }
  }
  return quickReplies.length === 0 ? undefined : quickReplies;
}

/**
 * The relay's chat logic, shared by the visitor socket and the agent API: stores through the
 * {@link Store}, then tells every interested connection through the {@link Hub}. The socket and
 * HTTP layers only translate frames and requests into these calls.
 */
export class ConversationService {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #maxTextLength: number;
  readonly #now: Clock;
  readonly #typing: TypingTracker;
  readonly #audience: Audience;
  readonly #hasAdapters: boolean;
  readonly #consoleAdapter: string | undefined;
  readonly #onDeliveries: () => void;
  readonly #onLiveEvent: ((event: LiveEvent, recipients: readonly string[]) => void) | undefined;
  readonly #draftIntervalMs: number;
  readonly #uploads: AttachmentResolver | undefined;

  constructor(options: ConversationServiceOptions) {
    this.#store = options.store;
    this.#audience = options.audience ?? NO_AUDIENCE;
    this.#hasAdapters = this.#audience.observers.length + this.#audience.chain.length > 0;
    this.#consoleAdapter = options.consoleAdapter;
    this.#onDeliveries = options.onDeliveries ?? (() => {});
    this.#onLiveEvent = options.onLiveEvent;
    this.#draftIntervalMs = options.draftIntervalMs ?? 100;
    this.#uploads = options.uploads;
    this.#hub = options.hub;
    this.#maxTextLength = options.maxTextLength;
    this.#now = options.now ?? Date.now;
    const trackerOptions: ConstructorParameters<typeof TypingTracker>[0] = {
      onExpire: (conversationId, author) => this.#announceTyping(conversationId, author, false),
    };
    if (options.typingExpiryMs !== undefined) trackerOptions.expiryMs = options.typingExpiryMs;
    if (options.timers !== undefined) trackerOptions.timers = options.timers;
    this.#typing = new TypingTracker(trackerOptions);
  }

  /** Builds the agent-facing summary of a conversation; `audience` fills in the responder of a conversation not yet routed. */
  static summaryOf(record: ConversationRecord, visitorOnline: boolean, audience: Audience = NO_AUDIENCE): ConversationSummary {
    const summary: ConversationSummary = {
      id: record.id,
      status: record.status,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      lastSeq: record.lastSeq,
      unreadCount: record.unreadCount,
      visitorLastReadSeq: record.visitorLastReadSeq,
      agentLastReadSeq: record.agentLastReadSeq,
      visitorOnline,
      context: record.context,
    };
    if (record.lastMessage) summary.lastMessage = record.lastMessage;
    const responder = responderOf(audience, record.responder);
    if (responder !== undefined) summary.responder = responder;
    if (record.email !== undefined) summary.email = record.email;
    if (record.rating !== undefined) summary.rating = record.rating;
    if (record.identity !== undefined) summary.identity = record.identity;
    if (record.profile !== undefined) summary.profile = record.profile;
    return summary;
  }

  /** The adapter that answers a conversation now (undefined without routing). */
  responderOf(record: ConversationRecord): string | undefined {
    return responderOf(this.#audience, record.responder);
  }

  /**
   * Resumes the conversation a token opens, or starts a new one (with a new token) when there is
   * no token or the relay does not know it. A given `context` replaces the stored one.
   */
  async openSession(hello: { token?: string; context?: VisitorContext }): Promise<OpenedSession> {
    if (hello.token !== undefined) {
      const found = await this.#store.findConversationBySession(hashToken(hello.token));
      if (found) {
        const conversation = hello.context ? ((await this.#store.setContext(found.id, hello.context)) ?? found) : found;
        return { token: hello.token, conversation, resumed: true };
      }
    }
    const token = nanoid();
    const conversation = await this.#store.createConversation({
      conversationId: nanoid(),
      tokenHash: hashToken(token),
      context: hello.context ?? {},
      now: this.#now(),
    });
    return { token, conversation, resumed: false };
  }

  /**
   * Adds a visitor socket. The agents get a new summary when it is the first tab (the shopper came
   * online) or when its `hello` brought a new context (the shopper is on another page).
   */
  async connectVisitor(conversationId: string, peer: VisitorPeer, hasNewContext = false): Promise<void> {
    const { isFirst } = await this.#hub.joinConversation(conversationId, peer);
    if (isFirst || hasNewContext) await this.#publishSummary(conversationId);
  }

  /** Removes a visitor socket; when it was the last tab, typing ends and the agents hear the shopper left. */
  async disconnectVisitor(conversationId: string, peer: VisitorPeer): Promise<void> {
    const { isLast } = await this.#hub.leaveConversation(conversationId, peer);
    if (!isLast) return;
    if (this.#typing.stop(conversationId, VISITOR)) this.#announceTyping(conversationId, VISITOR, false);
    await this.#publishSummary(conversationId);
  }

  /** The message stored under a client id, if any (to acknowledge a resend without storing it). */
  findMessage(conversationId: string, clientId: string): Promise<ChatMessage | undefined> {
    return this.#store.findMessage(conversationId, clientId);
  }

  /**
   * Stores a shopper's message (reopening a closed conversation) and sends it to the
   * conversation's other tabs and to the agents. `attachments` are already resolved (see
   * {@link resolveAttachments}); with them the text may be empty. Throws `CONFAB_TEXT_*` for bad text.
   */
  async postVisitorMessage(
    conversationId: string,
    input: { id: string; text: string; attachments?: readonly Attachment[] },
    sender: VisitorPeer,
  ): Promise<PostedMessage> {
    const attachments = input.attachments && input.attachments.length > 0 ? input.attachments : undefined;
    const text = validateMessageText(input.text, this.#maxTextLength, attachments !== undefined);
    const result = await this.#store.appendMessage(
      {
        conversationId,
        clientId: input.id,
        author: VISITOR,
        text,
        createdAt: this.#now(),
        audience: this.#audience,
        ...(attachments ? { attachments } : {}),
      },
      'reopen',
    );
    if (result.kind === 'duplicate') return { message: result.message, duplicate: true };
    if (this.#hasAdapters) this.#onDeliveries();
    if (result.kind !== 'stored') throw new Error(`Conversation ${conversationId} of a connected visitor is missing`);
    if (result.reopened) this.#hub.toConversation(conversationId, { type: 'status', status: 'open' });
    this.#hub.toConversation(conversationId, { type: 'message', message: result.message }, sender);
    await this.#afterMessage(result.conversation, result.message);
    return { message: result.message, duplicate: false };
  }

  /**
   * Stores an agent's (or bot's) reply and sends it to the shopper's tabs, the agents and the
   * adapters but `origin`. A human agent's reply makes its adapter (the console for the agent API)
   * the conversation's responder, when it is in the routing chain: the bot stops answering.
   * The text may be empty when the reply carries attachments (upload ids of this conversation,
   * resolved here), product cards or link buttons. Throws `CONFAB_TEXT_*` for bad text and
   * `CONFAB_REQUEST_INVALID` for bad quick replies, products, buttons or upload ids.
   */
  async postAgentMessage(conversationId: string, reply: AgentReply, origin?: ReplyOrigin): Promise<AgentOutcome<PostedMessage>> {
    const quickReplies = validQuickReplies(reply.quickReplies);
    const products = validProducts(reply.products);
    const buttons = validButtons(reply.buttons);
    const attachmentIds = validAttachmentIds(reply.attachments);
    const hasOtherContent = attachmentIds.length > 0 || products !== undefined || buttons !== undefined;
    const text = validateMessageText(reply.text, this.#maxTextLength, hasOtherContent);
    const attachments = await this.resolveAttachments(conversationId, attachmentIds);
    const role = reply.role ?? 'agent';
    const adapter = origin?.adapter ?? this.#consoleAdapter;
    const claims = role === 'agent' && adapter !== undefined && this.#audience.chain.includes(adapter);
    const result = await this.#store.appendMessage(
      {
        conversationId,
        clientId: reply.id ?? createId(),
        author: agentAuthor(reply.authorName, role),
        text,
        createdAt: this.#now(),
        audience: this.#audience,
        ...(quickReplies ? { quickReplies } : {}),
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(products ? { products } : {}),
        ...(buttons ? { buttons } : {}),
        ...(adapter === undefined ? {} : { origin: adapter }),
        ...(claims ? { claimResponder: adapter } : {}),
      },
      'reject',
    );
    switch (result.kind) {
      case 'missing':
        return { kind: 'missing' };
      case 'closed':
        return { kind: 'closed' };
      case 'duplicate':
        return { kind: 'done', value: { message: result.message, duplicate: true } };
      case 'stored':
        if (this.#hasAdapters) this.#onDeliveries();
        this.#hub.toConversation(conversationId, { type: 'message', message: result.message });
        await this.#afterMessage(result.conversation, result.message);
        return { kind: 'done', value: { message: result.message, duplicate: false } };
    }
  }

  /**
   * Streams a reply: while `parts` produces text, the shopper's tabs see it grow as `draft` frames
   * (at most one per `draftIntervalMs`), then it is stored like {@link postAgentMessage}, and its
   * `message` frame (same id) replaces the draft. If `parts` throws, the tabs get `draft-end`,
   * nothing is stored and the error is rethrown.
   */
  async streamAgentMessage(
    conversationId: string,
    reply: Omit<AgentReply, 'text'>,
    parts: AsyncIterable<string>,
    origin?: ReplyOrigin,
  ): Promise<AgentOutcome<PostedMessage>> {
    const id = reply.id ?? createId();
    const existing = await this.#store.findMessage(conversationId, id);
    if (existing) return { kind: 'done', value: { message: existing, duplicate: true } };
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) return { kind: 'missing' };
    if (conversation.status === 'closed') return { kind: 'closed' };
    const author = agentAuthor(reply.authorName, reply.role ?? 'agent');
    const draft = new DraftStream({
      intervalMs: this.#draftIntervalMs,
      maxTextLength: this.#maxTextLength,
      send: (text) => this.#hub.toConversation(conversationId, { type: 'draft', id, author, text }),
    });
    let text: string;
    try {
      for await (const part of parts) draft.append(part);
      text = draft.finish();
    } catch (error) {
      draft.abandon();
      this.#hub.toConversation(conversationId, { type: 'draft-end', id });
      throw error;
    }
    try {
      return await this.postAgentMessage(conversationId, { ...reply, id, text }, origin);
    } catch (error) {
      this.#hub.toConversation(conversationId, { type: 'draft-end', id });
      throw error;
    }
  }

  /**
   * Passes a conversation from `from` (its responder) to the next responder of the chain, which
   * gets a `handover` delivery; the agents see the new responder in the summary.
   */
  async handOver(conversationId: string, from: string, reason: string): Promise<HandoverResult> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) return { kind: 'missing' };
    const owner = this.responderOf(conversation);
    if (owner !== from) return { kind: 'not-owner', owner };
    const chain = this.#audience.chain;
    const to = chain[chain.indexOf(from) + 1];
    if (to === undefined) return { kind: 'last-in-chain' };
    const change = await this.#store.changeResponder(conversationId, { from, to, reason, now: this.#now(), audience: this.#audience });
    if (change.kind === 'missing') return { kind: 'missing' };
    if (change.kind === 'not-owner') return { kind: 'not-owner', owner: this.responderOf(change.conversation) };
    this.#onDeliveries();
    await this.#publishSummary(change.conversation);
    return { kind: 'handed-over', to };
  }

  /** Stores the email the shopper left (to be answered at); the adapters get a `contact` event. */
  async setEmail(conversationId: string, email: string): Promise<void> {
    const conversation = await this.#store.setEmail(conversationId, email, this.#now(), this.#audience);
    if (!conversation) return;
    if (this.#hasAdapters) this.#onDeliveries();
    await this.#publishSummary(conversation);
  }

  /**
   * The attachments behind upload ids of this conversation, in order (none for no ids). Throws
   * `CONFAB_REQUEST_INVALID` for an unknown id, one of another conversation, or any id when the
   * relay takes no uploads.
   */
  async resolveAttachments(conversationId: string, ids: readonly string[]): Promise<Attachment[]> {
    if (ids.length === 0) return [];
    if (!this.#uploads) throw new ConfabError('CONFAB_REQUEST_INVALID', 'This relay takes no uploads (setting uploads is false); send the message without attachments');
    return this.#uploads.attachmentsFor(conversationId, ids);
  }

  /** Stores who the shopper is (checked by the caller); the adapters get an `identity` event. */
  async identify(conversationId: string, identity: Identity): Promise<void> {
    const conversation = await this.#store.setIdentity(conversationId, identity, this.#now(), this.#audience);
    if (!conversation) return;
    if (this.#hasAdapters) this.#onDeliveries();
    await this.#publishSummary(conversation);
  }

  /**
   * Stores the pre-chat answers (checked by the caller) and, with `email`, the conversation's
   * email; the adapters get a `profile` event (and a `contact` one for a new email).
   */
  async setProfile(conversationId: string, profile: Profile, email?: string): Promise<void> {
    const conversation = await this.#store.setProfile(conversationId, profile, email, this.#now(), this.#audience);
    if (!conversation) return;
    if (this.#hasAdapters) this.#onDeliveries();
    await this.#publishSummary(conversation);
  }

  /** Stores the shopper's rating; the adapters get a `rating` event. */
  async rate(conversationId: string, rating: Rating): Promise<void> {
    const conversation = await this.#store.setRating(conversationId, rating, this.#now(), this.#audience);
    if (!conversation) return;
    if (this.#hasAdapters) this.#onDeliveries();
    await this.#publishSummary(conversation);
  }

  /** Tells the adapters that listen of a typing or read event, unless it came from `origin`. */
  async #notifyAdapters(event: LiveEvent, origin?: string): Promise<void> {
    if (!this.#onLiveEvent || !this.#hasAdapters) return;
    const conversation = await this.#store.getConversation(event.conversationId);
    if (!conversation) return;
    const recipients = recipientsOf(this.#audience, conversation.responder, origin);
    if (recipients.length > 0) this.#onLiveEvent(event, recipients);
  }

  async #afterMessage(conversation: ConversationRecord, message: ChatMessage): Promise<void> {
    // Writing ends typing: the indicator would otherwise linger until it expires.
    if (this.#typing.stop(conversation.id, message.author)) this.#announceTyping(conversation.id, message.author, false);
    this.#hub.toAgents({ type: 'message', conversationId: conversation.id, message });
    await this.#publishSummary(conversation);
  }

  /** The shopper started or stopped typing. */
  visitorTyping(conversationId: string, isTyping: boolean): void {
    void this.#notifyAdapters({ type: 'typing', conversationId, isTyping, author: VISITOR }).catch(() => undefined);
    if (isTyping) {
      this.#typing.start(conversationId, VISITOR);
      this.#announceTyping(conversationId, VISITOR, true);
    } else if (this.#typing.stop(conversationId, VISITOR)) {
      this.#announceTyping(conversationId, VISITOR, false);
    }
  }

  /** An agent (or an adapter's bot or agent) started or stopped typing; starting is refused in a closed conversation. */
  async agentTyping(conversationId: string, isTyping: boolean, authorName?: string, origin?: ReplyOrigin): Promise<AgentOutcome<void>> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) return { kind: 'missing' };
    const author = agentAuthor(authorName);
    void this.#notifyAdapters({ type: 'typing', conversationId, isTyping, author }, origin?.adapter ?? this.#consoleAdapter).catch(() => undefined);
    if (isTyping) {
      if (conversation.status === 'closed') return { kind: 'closed' };
      this.#typing.start(conversationId, author);
      this.#announceTyping(conversationId, author, true);
    } else if (this.#typing.stop(conversationId, author)) {
      this.#announceTyping(conversationId, author, false);
    }
    return { kind: 'done', value: undefined };
  }

  #announceTyping(conversationId: string, author: Author, isTyping: boolean): void {
    // The shopper sees agents and bots typing; agents see everyone (other agents included).
    if (author.role !== 'visitor') this.#hub.toConversation(conversationId, { type: 'typing', isTyping, author });
    this.#hub.toAgents({ type: 'typing', conversationId, isTyping, author });
  }

  /** The shopper has seen everything up to `seq`. */
  async markVisitorRead(conversationId: string, seq: number): Promise<void> {
    const update = await this.#store.markRead(conversationId, 'visitor', seq);
    if (!update?.changed) return;
    this.#hub.toAgents({ type: 'read', conversationId, seq: update.conversation.visitorLastReadSeq, by: 'visitor' });
    void this.#notifyAdapters({ type: 'read', conversationId, seq: update.conversation.visitorLastReadSeq, by: 'visitor' }).catch(() => undefined);
    await this.#publishSummary(update.conversation);
  }

  /** The agents have read the shopper's messages up to `seq`; the shopper's tabs are told. */
  async markAgentRead(conversationId: string, seq: number): Promise<AgentOutcome<void>> {
    const update = await this.#store.markRead(conversationId, 'agent', seq);
    if (!update) return { kind: 'missing' };
    if (update.changed) {
      const readSeq = update.conversation.agentLastReadSeq;
      this.#hub.toConversation(conversationId, { type: 'read', seq: readSeq });
      this.#hub.toAgents({ type: 'read', conversationId, seq: readSeq, by: 'agent' });
      void this.#notifyAdapters({ type: 'read', conversationId, seq: readSeq, by: 'agent' }, this.#consoleAdapter).catch(() => undefined);
      await this.#publishSummary(update.conversation);
    }
    return { kind: 'done', value: undefined };
  }

  /** Replaces the visitor context the agents see. */
  async setContext(conversationId: string, context: VisitorContext): Promise<void> {
    const conversation = await this.#store.setContext(conversationId, context);
    if (conversation) await this.#publishSummary(conversation);
  }

  /**
   * Closes a conversation (again is fine); the shopper's tabs get `status: closed` and the adapters
   * a `status` event, except the adapter named `by` that asked for the close (no echo).
   */
  async close(conversationId: string, by?: ReplyOrigin): Promise<ConversationSummary | undefined> {
    const origin = by?.adapter ?? this.#consoleAdapter;
    const update = await this.#store.setStatus(conversationId, 'closed', this.#now(), this.#audience, origin);
    if (!update) return undefined;
    if (update.changed) {
      if (this.#hasAdapters) this.#onDeliveries();
      this.#hub.toConversation(conversationId, { type: 'status', status: 'closed' });
      return this.#publishSummary(update.conversation);
    }
    return this.#summarize(update.conversation);
  }

  /** One conversation's summary. */
  async summary(conversationId: string): Promise<ConversationSummary | undefined> {
    const record = await this.#store.getConversation(conversationId);
    return record && this.#summarize(record);
  }

  /** A page of conversations with at least one message, newest activity first. */
  async list(query: ConversationQuery): Promise<{ conversations: ConversationSummary[]; hasMore: boolean }> {
    const page = await this.#store.listConversations(query);
    const online = await this.#hub.onlineConversations(page.conversations.map((record) => record.id));
    return {
      conversations: page.conversations.map((record) => ConversationService.summaryOf(record, online.has(record.id), this.#audience)),
      hasMore: page.hasMore,
    };
  }

  /** A page of a transcript, oldest first; undefined for an unknown conversation. */
  async transcript(conversationId: string, query: MessageQuery): Promise<TranscriptPage | undefined> {
    if (!(await this.#store.getConversation(conversationId))) return undefined;
    return this.#store.listMessages(conversationId, query);
  }

  /**
   * Hands every message after `afterSeq` to `send`, in order, one page of the store at a time. The
   * next page is read only when `send` has settled, so a slow reader is never buffered ahead;
   * `send` returns false to stop (the connection closed).
   */
  async replay(conversationId: string, afterSeq: number, send: (messages: ChatMessage[]) => boolean | Promise<boolean>): Promise<void> {
    let after = afterSeq;
    for (;;) {
      const page = await this.#store.listMessages(conversationId, { after, limit: REPLAY_PAGE });
      const last = page.messages.at(-1);
      if (!last) return;
      if (!(await send(page.messages))) return;
      if (!page.hasMore) return;
      after = last.seq;
    }
  }

  /** Older messages for the visitor's `history` request. */
  history(conversationId: string, query: { before?: number; limit: number }): Promise<TranscriptPage> {
    return this.#store.listMessages(conversationId, query);
  }

  /** Stops the typing timers (on shutdown). */
  dispose(): void {
    this.#typing.dispose();
  }

  async #summarize(record: ConversationRecord): Promise<ConversationSummary> {
    const online = await this.#hub.onlineConversations([record.id]);
    return ConversationService.summaryOf(record, online.has(record.id), this.#audience);
  }

  /**
   * Sends the agents a conversation's current summary. Conversations without messages are not
   * announced: every page view with the widget opens one, and the agents' list would fill with
   * shoppers who never wrote.
   */
  async #publishSummary(conversation: ConversationRecord | string): Promise<ConversationSummary | undefined> {
    const record = typeof conversation === 'string' ? await this.#store.getConversation(conversation) : conversation;
    if (!record) return undefined;
    const summary = await this.#summarize(record);
    if (record.lastSeq > 0) this.#hub.toAgents({ type: 'conversation', conversation: summary });
    return summary;
  }
}
