import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import {
  CLOSE_CODES,
  ConfabError,
  decodeClientMessage,
  encode,
  type ClientMessage,
  type ClientMessageOf,
  type Attachment,
  type Availability,
  type Limits,
  type PreChatForm,
  type ServerMessage,
} from '@confab/protocol';
import type { ConversationService } from './conversations.js';
import type { VisitorPeer } from './hub.js';
import { verifyIdentity } from './identity/verify-identity.js';
import { checkProfile, shouldOfferPreChat } from './pre-chat/pre-chat-form.js';
import { TokenBucket, type Clock } from './rate-limit.js';
import { validAttachmentIds, validateMessageText } from './rich-content.js';
import { SocketChannel, looksLikeHello } from './socket-channel.js';

/** Messages a connection may send at once after a quiet spell (docs/relay-config.md). */
export const MESSAGE_BURST = 20;
/** Other frames (typing, read, context, history, ping): bursts and rate per minute, per connection. */
const OTHER_FRAMES_BURST = 60;
const OTHER_FRAMES_PER_MINUTE = 300;
/** Page size of `history` answers when the client names none. */
const DEFAULT_HISTORY_LIMIT = 50;

/** Options for {@link VisitorConnection}. */
export interface VisitorConnectionOptions {
  socket: WebSocket;
  log: FastifyBaseLogger;
  conversations: ConversationService;
  limits: Limits;
  heartbeatMs: number;
  handshakeTimeoutMs: number;
  messagesPerMinute: number;
  /** The bound of the outgoing queue; past it the connection is closed with 4009. */
  maxQueuedBytes: number;
  /** How long a close started by the relay may take before the socket is cut. @default 5000 */
  closeGraceMs?: number;
  now?: Clock;
  /** Whether the team is in now, from the business hours; undefined without them. */
  availability?: () => Availability | undefined;
  /** The pre-chat form, offered in `welcome` until the conversation has answered it. */
  preChat?: PreChatForm;
  /** The secret `identify` hashes and JWTs are checked with; without it identities are unverified. */
  identitySecret?: string;
}

type Phase = 'hello' | 'replaying' | 'live' | 'closed';

/**
 * One shopper's WebSocket (`/v1/ws`), from `hello` to close: opens or resumes the session,
 * replays what the client missed, then relays frames both ways through the
 * {@link ConversationService}. Anything the client does wrong costs only its own connection.
 */
export class VisitorConnection implements VisitorPeer {
  readonly #options: VisitorConnectionOptions;
  readonly #channel: SocketChannel;
  readonly #messages: TokenBucket;
  readonly #otherFrames: TokenBucket;
  #phase: Phase = 'hello';
  #conversationId: string | undefined;
  /** Live frames that arrive while the backlog is replayed; sent right after it. */
  #held: { frame: ServerMessage; encoded: string }[] = [];
  /** Their size, which counts against the outgoing queue's bound like unsent bytes do. */
  #heldBytes = 0;
  #hasJoined = false;

  constructor(options: VisitorConnectionOptions) {
    this.#options = options;
    const now = options.now ? { now: options.now } : {};
    this.#messages = new TokenBucket({ capacity: MESSAGE_BURST, perMinute: options.messagesPerMinute, ...now });
    this.#otherFrames = new TokenBucket({ capacity: OTHER_FRAMES_BURST, perMinute: OTHER_FRAMES_PER_MINUTE, ...now });
    this.#channel = new SocketChannel({
      socket: options.socket,
      log: options.log,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      maxQueuedBytes: options.maxQueuedBytes,
      ...(options.closeGraceMs === undefined ? {} : { closeGraceMs: options.closeGraceMs }),
      onFrame: (raw) => this.#handle(raw),
      onClose: () => this.#closed(),
      ...now,
    });
  }

  deliver(frame: ServerMessage, encoded: string): void {
    if (!this.#channel.isOpen) return;
    if (this.#phase === 'live') {
      this.#channel.sendEncoded(encoded);
    } else if (this.#phase === 'replaying') {
      // A client whose replay is slow while live traffic piles up is a slow consumer too: the
      // held frames are bounded like the socket's own queue.
      this.#heldBytes += Buffer.byteLength(encoded);
      if (this.#heldBytes + this.#channel.queuedBytes > this.#options.maxQueuedBytes) {
        this.#channel.closeAsSlowConsumer(this.#heldBytes + this.#channel.queuedBytes);
        this.#held = [];
        this.#heldBytes = 0;
        return;
      }
      this.#held.push({ frame, encoded });
    }
  }

  async #handle(raw: string | Buffer): Promise<void> {
    let frame: ClientMessage;
    try {
      frame = decodeClientMessage(raw as string);
    } catch (error) {
      if (!(error instanceof ConfabError)) throw error;
      if (this.#phase === 'hello' && !looksLikeHello(raw)) return this.#channel.refuseOutOfHandshake('The first frame must be hello');
      return this.#channel.reject(error);
    }
    if (frame.type === 'hello') {
      if (this.#phase !== 'hello') return this.#channel.refuseOutOfHandshake('hello may be sent only once per connection');
      return this.#hello(frame);
    }
    if (this.#phase === 'hello') return this.#channel.refuseOutOfHandshake(`Got "${frame.type}" before hello; send hello first`);
    if (frame.type === 'message') return this.#message(frame);
    if (!this.#otherFrames.take()) {
      return this.#channel.reject(new ConfabError('CONFAB_RATE_LIMITED', `Too many "${frame.type}" frames; slow down`));
    }
    const conversationId = this.#conversationId!;
    const { conversations } = this.#options;
    switch (frame.type) {
      case 'typing':
        return conversations.visitorTyping(conversationId, frame.isTyping);
      case 'read':
        return conversations.markVisitorRead(conversationId, frame.seq);
      case 'context':
        return conversations.setContext(conversationId, frame.context);
      case 'history':
        return this.#history(frame);
      case 'contact':
        return this.#request(frame.requestId, () => conversations.setEmail(conversationId, frame.email));
      case 'rate':
        return this.#request(frame.requestId, () =>
          conversations.rate(conversationId, frame.comment === undefined || frame.comment.trim() === '' ? { score: frame.score } : { score: frame.score, comment: frame.comment }),
        );
      case 'identify':
        return this.#request(frame.requestId, async () => {
          const identity = verifyIdentity(frame, this.#options.identitySecret, (this.#options.now ?? Date.now)());
          await conversations.identify(conversationId, identity);
        });
      case 'profile':
        return this.#request(frame.requestId, async () => {
          const { profile, email } = checkProfile(this.#options.preChat, frame.fields);
          await conversations.setProfile(conversationId, profile, email);
        });
      case 'ping':
        return this.#channel.send(frame.nonce === undefined ? { type: 'pong' } : { type: 'pong', nonce: frame.nonce });
    }
  }

  async #hello(hello: ClientMessageOf<'hello'>): Promise<void> {
    const version = this.#channel.negotiate(hello.versions);
    if (version === undefined) return;
    this.#channel.handshakeDone();
    const { conversations, limits, heartbeatMs } = this.#options;
    let session;
    try {
      session = await conversations.openSession({
        ...(hello.token === undefined ? {} : { token: hello.token }),
        ...(hello.context === undefined ? {} : { context: hello.context }),
      });
    } catch (error) {
      if (!(error instanceof ConfabError)) throw error;
      this.#options.log.warn({ code: error.code, err: error }, 'could not open a visitor session');
      this.#channel.sendError(error.code, error.message);
      // 1011 (RFC 6455: the server hit an unexpected condition); the client reconnects with backoff.
      this.#channel.close(CLOSE_CODES.INTERNAL_ERROR, 'session unavailable');
      return;
    }
    if (!this.#channel.isOpen) return;
    const conversation = session.conversation;
    this.#conversationId = conversation.id;
    this.#phase = 'replaying';
    this.#hasJoined = true;
    await conversations.connectVisitor(conversation.id, this, hello.context !== undefined);
    if (!this.#channel.isOpen) return;

    const availability = this.#options.availability?.();
    const { preChat } = this.#options;
    this.#channel.send({
      type: 'welcome',
      version,
      token: session.token,
      conversationId: conversation.id,
      resumed: session.resumed,
      lastSeq: conversation.lastSeq,
      visitorReadSeq: conversation.visitorLastReadSeq,
      status: conversation.status,
      limits,
      heartbeatMs,
      ...(availability === undefined ? {} : { availability }),
      ...(preChat && shouldOfferPreChat(preChat, conversation.profile !== undefined, availability?.isOpen) ? { preChat } : {}),
    });
    // A client's lastSeq belongs to its old conversation when the session was not resumed.
    let replayedUpTo = session.resumed ? (hello.lastSeq ?? 0) : 0;
    // Paced: a backlog of days can be far larger than the queue bound, and a client that reads at
    // network speed must get all of it rather than a 4009.
    await conversations.replay(conversation.id, replayedUpTo, async (messages) => {
      const isOpen = await this.#channel.sendPaced(messages.map((message) => encode({ type: 'message', message })));
      if (isOpen) replayedUpTo = messages.at(-1)?.seq ?? replayedUpTo;
      return isOpen;
    });
    if (!this.#channel.isOpen) return;
    if (conversation.agentLastReadSeq > 0) this.#channel.send({ type: 'read', seq: conversation.agentLastReadSeq });
    // Frames keep being held while the held ones are sent (pacing may wait), so repeat until
    // none is left; going live happens in the same turn as the last check, so none slips past.
    while (this.#held.length > 0) {
      const held = this.#held;
      this.#held = [];
      this.#heldBytes = 0;
      const fresh = held.filter(({ frame }) => frame.type !== 'message' || frame.message.seq > replayedUpTo);
      if (!(await this.#channel.sendPaced(fresh.map(({ encoded }) => encoded)))) return;
    }
    if (this.#phase === 'replaying') this.#phase = 'live';
  }

  async #message(frame: ClientMessageOf<'message'>): Promise<void> {
    const conversationId = this.#conversationId!;
    const { conversations, limits } = this.#options;
    const attachmentIds = frame.attachments ?? [];
    let refusal: ConfabError | undefined;
    try {
      validAttachmentIds(attachmentIds);
      validateMessageText(frame.text, limits.maxTextLength, attachmentIds.length > 0);
    } catch (error) {
      if (!(error instanceof ConfabError)) throw error;
      refusal = error;
    }
    if (!refusal && !this.#messages.take()) {
      refusal = new ConfabError('CONFAB_RATE_LIMITED', `More than ${this.#options.messagesPerMinute} messages per minute; wait a moment and send it again`);
    }
    // A resend of a stored message is acknowledged again, whatever its text, and costs no rate
    // budget. Looking it up only on these rare paths keeps the common one at a single write.
    if (refusal) return this.#refuseUnlessStored(frame.id, refusal);
    let attachments: Attachment[] = [];
    try {
      if (attachmentIds.length > 0) attachments = await conversations.resolveAttachments(conversationId, attachmentIds);
    } catch (error) {
      if (!(error instanceof ConfabError)) throw error;
      this.#messages.giveBack();
      // Unknown or foreign upload ids will not get better: refused like bad text (a resend of a
      // stored message is still acknowledged). Storage trouble is not acknowledged, so it is sent again.
      if (error.code === 'CONFAB_REQUEST_INVALID') return this.#refuseUnlessStored(frame.id, error);
      this.#options.log.warn({ code: error.code, err: error }, 'could not read the attachments of a visitor message');
      return this.#channel.sendError(error.code, error.message, { id: frame.id });
    }
    let posted;
    try {
      posted = await conversations.postVisitorMessage(conversationId, { id: frame.id, text: frame.text, attachments }, this);
    } catch (error) {
      if (error instanceof ConfabError) {
        // Not acknowledged, so the client keeps the message and sends it again later.
        this.#options.log.warn({ code: error.code, err: error }, 'could not store a visitor message');
        return this.#channel.sendError(error.code, error.message, { id: frame.id });
      }
      throw error;
    }
    if (posted.duplicate) this.#messages.giveBack();
    this.#channel.send({ type: 'ack', id: posted.message.id, seq: posted.message.seq, createdAt: posted.message.createdAt });
  }

  async #refuseUnlessStored(clientId: string, refusal: ConfabError): Promise<void> {
    let stored;
    try {
      stored = await this.#options.conversations.findMessage(this.#conversationId!, clientId);
    } catch (error) {
      if (error instanceof ConfabError) return this.#channel.sendError(error.code, error.message, { id: clientId });
      throw error;
    }
    if (stored) return this.#channel.send({ type: 'ack', id: stored.id, seq: stored.seq, createdAt: stored.createdAt });
    this.#channel.reject(refusal, { id: clientId });
  }

  /** Runs a request without data; answers `done`, or an error naming the request. */
  async #request(requestId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.#channel.send({ type: 'done', requestId });
    } catch (error) {
      if (error instanceof ConfabError) return this.#channel.sendError(error.code, error.message, { requestId });
      throw error;
    }
  }

  async #history(frame: ClientMessageOf<'history'>): Promise<void> {
    const query = { limit: frame.limit ?? DEFAULT_HISTORY_LIMIT, ...(frame.before === undefined ? {} : { before: frame.before }) };
    try {
      const page = await this.#options.conversations.history(this.#conversationId!, query);
      this.#channel.send({ type: 'history', requestId: frame.requestId, messages: page.messages, hasMore: page.hasMore });
    } catch (error) {
      if (error instanceof ConfabError) return this.#channel.sendError(error.code, error.message, { requestId: frame.requestId });
      throw error;
    }
  }

  #closed(): void {
    this.#phase = 'closed';
    this.#held = [];
    this.#heldBytes = 0;
    if (this.#hasJoined && this.#conversationId !== undefined) {
      this.#options.conversations.disconnectVisitor(this.#conversationId, this).catch((error: unknown) => {
        this.#options.log.warn({ err: error }, 'could not announce that a visitor left');
      });
    }
  }
}
