import {
  DEFAULT_LIMITS,
  createId,
  textLength,
  type Attachment,
  type Author,
  type Availability,
  type ChatMessage,
  type ClientMessage,
  type ClientMessageOf,
  type ConversationStatus,
  type Limits,
  type PreChatForm,
  type ServerMessage,
} from '@confab/protocol';
import type { WebSocketLike } from '../options.js';
import { fakeWebSocket, type FakeSocket, type FakeWebSocket } from './fake-socket.js';

/** Options of {@link FakeRelay}. */
export interface FakeRelayOptions {
  heartbeatMs?: number;
  limits?: Limits;
  /** Business hours, sent in every `welcome`. */
  availability?: Availability;
  /** The pre-chat form, sent in `welcome` until a `profile` was stored. */
  preChat?: PreChatForm;
}

/** How the fake relay answers an `identify` frame: `done`, not at all, or an error frame with this code. */
export type IdentifyCheck = (frame: ClientMessageOf<'identify'>) => RequestAnswer;

/** How the fake relay answers `contact` and `rate`: `done`, not at all, or an error frame with this code. */
export type RequestAnswer = 'done' | 'none' | { code: string };

/**
 * An in-memory relay for one conversation speaking protocol v1 over fake sockets: handshake and
 * resume, idempotent store with acks, broadcast, history, ping. Knobs let tests lose, hold and
 * repeat frames. Sockets are accepted in a microtask, like a real (asynchronous) open.
 */
export class FakeRelay {
  readonly sockets: FakeWebSocket;
  /** The conversation, by seq. */
  log: ChatMessage[] = [];
  token = createId();
  conversationId = createId();
  status: ConversationStatus = 'open';
  heartbeatMs: number;
  limits: Limits;
  availability: Availability | undefined;
  /** How `contact` and `rate` frames are answered. */
  requestAnswer: RequestAnswer = 'done';
  /** Every `contact` and `rate` frame received, in order (resent ones included). */
  readonly requests: ClientMessage[] = [];
  /** The email and rating as stored: a later one replaces the earlier, as on the real relay. */
  email: string | undefined;
  rating: { score: number; comment?: string } | undefined;
  /** Sent in `welcome` while no profile is stored. */
  preChat: PreChatForm | undefined;
  /** The stored pre-chat answers, and every `profile` frame received. */
  profile: Record<string, string> | undefined;
  readonly profiles: ClientMessageOf<'profile'>[] = [];
  /** How `identify` frames are answered; every one received, in order; the accepted one. */
  checkIdentity: IdentifyCheck = () => 'done';
  readonly identifies: ClientMessageOf<'identify'>[] = [];
  identity: ClientMessageOf<'identify'> | undefined;
  /** Files uploaded (by id) that messages may carry; URLs relative to the relay, as the real one gives them. */
  readonly uploads = new Map<string, Attachment>();
  /** Refuse new connections (they fail with 1006). */
  isDown = false;
  /** Frames from the client are lost (a cut cable), until the socket is dropped. */
  isBlackhole = false;
  /** The messages after `hello.lastSeq` are not replayed (a relay that loses them). */
  isSkippingReplay = false;
  /** Acks are held back until `releaseAcks()`. */
  isHoldingAcks = false;
  /** Sends `welcome.visitorReadSeq` (the highest `read` so far), as relays from 0.2 on do. */
  sendsVisitorReadSeq = true;
  /** Every socket that got a welcome and is still open. */
  readonly live = new Set<FakeSocket>();
  /** `read` positions the visitor reported, `typing` and `context` frames received. */
  readonly reads: number[] = [];
  readonly typing: boolean[] = [];
  readonly contexts: unknown[] = [];
  /** Every hello received, in order. */
  readonly hellos: ClientMessage[] = [];
  #heldAcks: { socket: FakeSocket; frame: ServerMessage }[] = [];
  #now = 1_700_000_000_000;

  constructor(options: FakeRelayOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 25_000;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.availability = options.availability;
    this.preChat = options.preChat;
    this.sockets = fakeWebSocket((socket) => {
      socket.onSend = (frame) => {
        if (!this.isBlackhole) this.#handle(socket, frame);
      };
      queueMicrotask(() => {
        if (socket.readyState !== 0) return;
        if (this.isDown) socket.drop(1006);
        else socket.open();
      });
    });
  }

  /** The constructor to pass as the client's `WebSocket` option. */
  get WebSocket(): WebSocketLike {
    return this.sockets.WebSocket;
  }

  /** Messages the visitor wrote, in stored order. */
  get visitorMessages(): ChatMessage[] {
    return this.log.filter((message) => message.author.role === 'visitor');
  }

  /** An agent writes; every live socket gets the message. */
  agentSays(text: string, author: Author = { role: 'agent', name: 'Mei' }): ChatMessage {
    const message = this.#store(createId(), text, author);
    this.broadcast({ type: 'message', message });
    return message;
  }

  /** A bot's finished reply with a chosen id (that of its drafts) and optional quick replies. */
  botSays(id: string, text: string, quickReplies?: string[]): ChatMessage {
    const message = this.#store(id, text, { role: 'bot', name: 'Shop assistant' });
    if (quickReplies) message.quickReplies = quickReplies;
    this.broadcast({ type: 'message', message });
    return message;
  }

  /** An agent's message with product cards and link buttons. */
  agentRecommends(text: string, extras: Pick<ChatMessage, 'products' | 'buttons' | 'attachments'>): ChatMessage {
    const message = { ...this.#store(createId(), text, { role: 'agent', name: 'Mei' }), ...extras };
    this.log[message.seq - 1] = message;
    this.broadcast({ type: 'message', message });
    return message;
  }

  /** Registers an uploaded file, as `POST /v1/uploads` would, and returns it. */
  addUpload(name: string, type = 'image/png'): Attachment {
    const id = createId();
    const attachment: Attachment = { id, name, type, size: 1234, url: `/v1/uploads/${id}/${encodeURIComponent(name)}` };
    this.uploads.set(id, attachment);
    return attachment;
  }

  /** A bot's reply so far, as a `draft` frame to every live socket. */
  draft(id: string, text: string): void {
    this.broadcast({ type: 'draft', id, author: { role: 'bot', name: 'Shop assistant' }, text });
  }

  /** Sends a frame to every live socket. */
  broadcast(frame: object): void {
    for (const socket of this.live) socket.receive(frame);
  }

  /** Drops every live socket (a network cut or a restart). */
  dropAll(code = 1006): void {
    for (const socket of [...this.live]) socket.drop(code);
    this.live.clear();
    this.isBlackhole = false;
  }

  /** Delivers the held acks to their sockets if still open; acks for closed sockets are lost. */
  releaseAcks(): void {
    const held = this.#heldAcks;
    this.#heldAcks = [];
    for (const { socket, frame } of held) if (this.live.has(socket)) socket.receive(frame);
  }

  /** Forgets the session: the next hello gets a new conversation (`resumed: false`). */
  forgetSession(): void {
    this.log = [];
    this.reads.length = 0;
    this.profile = this.identity = undefined;
    this.token = createId();
    this.conversationId = createId();
  }

  #store(id: string, text: string, author: Author): ChatMessage {
    const message: ChatMessage = { id, seq: this.log.length + 1, author, text, createdAt: (this.#now += 1000) };
    this.log.push(message);
    return message;
  }

  #handle(socket: FakeSocket, frame: ClientMessage): void {
    switch (frame.type) {
      case 'hello': {
        this.hellos.push(frame);
        const resumed = frame.token === this.token;
        const lastSeq = resumed ? (frame.lastSeq ?? 0) : 0;
        socket.receive({
          type: 'welcome',
          version: 1,
          token: this.token,
          conversationId: this.conversationId,
          resumed,
          lastSeq: this.log.length,
          visitorReadSeq: this.sendsVisitorReadSeq && resumed ? Math.max(0, ...this.reads) : undefined,
          status: this.status,
          limits: this.limits,
          heartbeatMs: this.heartbeatMs,
          ...(this.availability ? { availability: this.availability } : {}),
          ...(this.preChat && !(resumed && this.profile) ? { preChat: this.preChat } : {}),
        });
        this.live.add(socket);
        if (!this.isSkippingReplay) for (const message of this.log) if (message.seq > lastSeq) socket.receive({ type: 'message', message });
        socket.addEventListener('close', () => this.live.delete(socket));
        return;
      }
      case 'message': {
        if (textLength(frame.text) > this.limits.maxTextLength) {
          socket.receive({ type: 'error', code: 'CONFAB_TEXT_TOO_LONG', message: 'Too long', id: frame.id });
          return;
        }
        const attachments = frame.attachments?.map((id) => this.uploads.get(id));
        if (attachments?.includes(undefined)) {
          socket.receive({ type: 'error', code: 'CONFAB_REQUEST_INVALID', message: 'Unknown upload', id: frame.id });
          return;
        }
        let message = this.log.find((stored) => stored.id === frame.id);
        if (!message) {
          message = this.#store(frame.id, frame.text, { role: 'visitor' });
          if (attachments) message.attachments = attachments as Attachment[];
          for (const other of this.live) if (other !== socket) other.receive({ type: 'message', message });
        }
        const ack: ServerMessage = { type: 'ack', id: message.id, seq: message.seq, createdAt: message.createdAt };
        if (this.isHoldingAcks) this.#heldAcks.push({ socket, frame: ack });
        else socket.receive(ack);
        return;
      }
      case 'history': {
        const before = frame.before ?? Infinity;
        const older = this.log.filter((message) => message.seq < before);
        const limit = frame.limit ?? 50;
        socket.receive({ type: 'history', requestId: frame.requestId, messages: older.slice(-limit), hasMore: older.length > limit });
        return;
      }
      case 'ping':
        socket.receive({ type: 'pong' });
        return;
      case 'contact':
      case 'rate': {
        this.requests.push(frame);
        const answer = this.requestAnswer;
        if (answer === 'none') return;
        if (answer !== 'done') {
          socket.receive({ type: 'error', code: answer.code, message: 'Refused', requestId: frame.requestId });
          return;
        }
        if (frame.type === 'contact') this.email = frame.email;
        else this.rating = frame.comment === undefined ? { score: frame.score } : { score: frame.score, comment: frame.comment };
        socket.receive({ type: 'done', requestId: frame.requestId });
        return;
      }
      case 'identify': {
        this.identifies.push(frame);
        const answer = this.checkIdentity(frame);
        if (answer === 'none') return;
        if (answer !== 'done') {
          socket.receive({ type: 'error', code: answer.code, message: 'Refused', requestId: frame.requestId });
          return;
        }
        this.identity = frame;
        socket.receive({ type: 'done', requestId: frame.requestId });
        return;
      }
      case 'profile':
        this.profiles.push(frame);
        this.profile = { ...frame.fields };
        socket.receive({ type: 'done', requestId: frame.requestId });
        return;
      case 'read':
        this.reads.push(frame.seq);
        return;
      case 'typing':
        this.typing.push(frame.isTyping);
        return;
      case 'context':
        this.contexts.push(frame.context);
        return;
    }
  }
}
