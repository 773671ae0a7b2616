import type { AgentServerMessage, Attachment, Author, ChatMessage, ConversationSummary, LinkButton, ProductContext, QuickReply } from '@confab/protocol';
import { fakeWebSocketFactory, type FakeWebSocket } from './fake-websocket.js';
import { conversation as makeConversation, T0, testId } from './fixtures.js';

/** One request the console made. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  /** The raw bytes of an upload. */
  bytes?: Uint8Array;
}

/** An answer the test forces for the next matching request. */
export interface ForcedResponse {
  status: number;
  body?: unknown;
}

/**
 * An in-memory stand-in for the relay's agent API and agent stream, following the contract in
 * docs/decisions/0001-architecture.md: enough behaviour for session and element tests to drive
 * the console end to end without a server.
 */
export class FakeRelay {
  readonly origin = 'http://relay.test';
  readonly token = 'agent-token-0123456789';
  readonly conversations = new Map<string, ConversationSummary>();
  readonly messages = new Map<string, ChatMessage[]>();
  quickReplies: QuickReply[] = [];
  /** Files uploaded with `POST /v1/uploads`, by upload id, with the conversation they are for. */
  readonly uploads = new Map<string, { conversationId: string; attachment: Attachment; bytes: Uint8Array }>();
  readonly requests: RecordedRequest[] = [];
  readonly #sockets = fakeWebSocketFactory();
  readonly #forced: { method: string; path: RegExp; response: ForcedResponse; when: (url: URL) => boolean }[] = [];
  #clock = T0;

  /** The WebSocket constructor to give the console. */
  get WebSocket() {
    return this.#sockets.WebSocket;
  }

  /** Every socket the console opened. */
  get sockets(): FakeWebSocket[] {
    return this.#sockets.sockets;
  }

  /** The fetch function to give the console. */
  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = new Headers(init?.headers);
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const bytes = init?.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : undefined;
    this.requests.push({ method, url, headers, body, ...(bytes ? { bytes } : {}) });
    const forced = this.#forced.findIndex((f) => f.method === method && f.path.test(url.pathname) && f.when(url));
    if (forced !== -1) {
      const { response } = this.#forced.splice(forced, 1)[0]!;
      return json(response.status, response.body);
    }
    if (headers.get('authorization') !== `Bearer ${this.token}`) {
      return json(401, { statusCode: 401, code: 'CONFAB_AUTH_REJECTED', error: 'Unauthorized', message: 'Agent token refused' });
    }
    if (method === 'POST' && url.pathname === '/v1/uploads') return this.#upload(url, bytes ?? new Uint8Array());
    return this.#route(method, url, body);
  };

  /** Stores an upload as the relay would: for `?conversationId=`, named by `?name=`. */
  #upload(url: URL, bytes: Uint8Array): Response {
    const conversationId = url.searchParams.get('conversationId');
    if (conversationId === null || !this.conversations.has(conversationId)) {
      return json(400, { statusCode: 400, code: 'CONFAB_REQUEST_INVALID', error: 'Bad Request', message: 'An agent upload names its conversation' });
    }
    const id = testId('up');
    const name = url.searchParams.get('name') ?? 'file';
    const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
    const attachment: Attachment = {
      id,
      name,
      type: isPng ? 'image/png' : 'text/plain',
      size: bytes.byteLength,
      url: `/v1/uploads/${id}/${encodeURIComponent(name)}`,
      ...(isPng ? { width: 3, height: 2 } : {}),
    };
    this.uploads.set(id, { conversationId, attachment, bytes });
    return json(201, attachment);
  }

  /** Makes the next request matching `method`, `path` (and `when`, given the URL) answer `response` instead. */
  force(method: string, path: RegExp, response: ForcedResponse, when: (url: URL) => boolean = () => true): void {
    this.#forced.push({ method, path, response, when });
  }

  /** Requests matching a method and path pattern. */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.url.pathname));
  }

  /** Adds a conversation (with its messages) to the relay's store. */
  addConversation(overrides: Partial<ConversationSummary> = {}, texts: readonly string[] = []): ConversationSummary {
    const summary = makeConversation({ createdAt: this.#tick(), ...overrides });
    this.conversations.set(summary.id, { ...summary, updatedAt: overrides.updatedAt ?? summary.createdAt });
    this.messages.set(summary.id, []);
    for (const text of texts) this.store(summary.id, { role: 'visitor' }, text);
    return this.conversations.get(summary.id)!;
  }

  /** Stores a message as the relay would: next seq, summary updated. Returns it. */
  store(
    conversationId: string,
    author: Author,
    text: string,
    id = testId('m'),
    attachments: readonly Attachment[] = [],
    cards: { products?: ProductContext[] | undefined; buttons?: LinkButton[] | undefined } = {},
  ): ChatMessage {
    const list = this.messages.get(conversationId)!;
    const existing = list.find((m) => m.id === id);
    if (existing) return existing;
    const summary = this.conversations.get(conversationId)!;
    const message: ChatMessage = {
      id,
      seq: summary.lastSeq + 1,
      author,
      text,
      createdAt: this.#tick(),
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
      ...(cards.products?.length ? { products: cards.products } : {}),
      ...(cards.buttons?.length ? { buttons: cards.buttons } : {}),
    };
    list.push(message);
    const isVisitor = author.role === 'visitor';
    this.conversations.set(conversationId, {
      ...summary,
      lastSeq: message.seq,
      lastMessage: message,
      updatedAt: message.createdAt,
      unreadCount: isVisitor ? summary.unreadCount + 1 : summary.unreadCount,
      status: isVisitor ? 'open' : summary.status,
    });
    return message;
  }

  /** The socket the console opened last. */
  socket(): FakeWebSocket {
    return this.#sockets.last();
  }

  /** Opens the console's last socket and welcomes it, as a relay accepting the token would. */
  welcome(): FakeWebSocket {
    const socket = this.socket();
    socket.open();
    socket.receive({ type: 'welcome', version: 1, heartbeatMs: 25_000 });
    return socket;
  }

  /** Sends a frame on the console's last socket. */
  push(frame: AgentServerMessage): void {
    this.socket().receive(frame);
  }

  /** A shopper writes: stored, then `message` and `conversation` frames pushed, like the relay does. */
  visitorWrites(conversationId: string, text: string): ChatMessage {
    const message = this.store(conversationId, { role: 'visitor' }, text);
    this.push({ type: 'message', conversationId, message });
    this.push({ type: 'conversation', conversation: this.conversations.get(conversationId)! });
    return message;
  }

  #tick(): number {
    this.#clock += 1000;
    return this.#clock;
  }

  #route(method: string, url: URL, body: unknown): Response {
    const path = url.pathname.replace(/^\/v1\/agent/, '');
    const params = url.searchParams;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/conversations') {
      const status = params.get('status') ?? 'open';
      const before = params.has('before') ? Number(params.get('before')) : Number.POSITIVE_INFINITY;
      const limit = Number(params.get('limit') ?? 50);
      const all = [...this.conversations.values()]
        .filter((c) => (status === 'all' || c.status === status) && c.updatedAt < before)
        .sort((a, b) => b.updatedAt - a.updatedAt);
      return json(200, { conversations: all.slice(0, limit), hasMore: all.length > limit });
    }
    if ((match = /^\/conversations\/([^/]+)(\/.*)?$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      const rest = match[2] ?? '';
      const summary = this.conversations.get(id);
      if (!summary) return json(404, { statusCode: 404, code: 'CONFAB_NOT_FOUND', error: 'Not Found', message: `No conversation ${id}` });
      if (method === 'GET' && rest === '') return json(200, summary);
      if (method === 'GET' && rest === '/messages') {
        const limit = Number(params.get('limit') ?? 50);
        let list = this.messages.get(id)!;
        if (params.has('after')) {
          const after = Number(params.get('after'));
          const newer = list.filter((m) => m.seq > after);
          return json(200, { messages: newer.slice(0, limit), hasMore: newer.length > limit });
        }
        if (params.has('before')) list = list.filter((m) => m.seq < Number(params.get('before')));
        return json(200, { messages: list.slice(-limit), hasMore: list.length > limit });
      }
      if (method === 'POST' && rest === '/messages') {
        const {
          text,
          id: messageId,
          authorName,
          attachments: ids = [],
          products,
          buttons,
        } = body as { text: string; id?: string; authorName?: string; attachments?: string[]; products?: ProductContext[]; buttons?: LinkButton[] };
        const attachments: Attachment[] = [];
        for (const uploadId of ids) {
          const upload = this.uploads.get(uploadId);
          if (upload?.conversationId !== id) {
            return json(400, { statusCode: 400, code: 'CONFAB_REQUEST_INVALID', error: 'Bad Request', message: `Unknown upload ${uploadId}` });
          }
          attachments.push(upload.attachment);
        }
        const existed = messageId !== undefined && this.messages.get(id)!.some((m) => m.id === messageId);
        const stored = this.store(id, { role: 'agent', name: authorName }, text, messageId, attachments, { products, buttons });
        return json(existed ? 200 : 201, stored);
      }
      if (method === 'POST' && rest === '/typing') return json(204);
      if (method === 'POST' && rest === '/read') {
        const { seq } = body as { seq: number };
        this.conversations.set(id, { ...summary, agentLastReadSeq: Math.max(seq, summary.agentLastReadSeq), unreadCount: 0 });
        return json(204);
      }
      if (method === 'POST' && rest === '/close') {
        const closed = { ...summary, status: 'closed' as const, updatedAt: this.#tick() };
        this.conversations.set(id, closed);
        return json(200, closed);
      }
    }
    if (path === '/quick-replies' && method === 'GET') return json(200, { quickReplies: this.quickReplies });
    if (path === '/quick-replies' && method === 'POST') {
      const input = body as { shortcut: string; text: string };
      if (this.quickReplies.some((r) => r.shortcut === input.shortcut)) {
        return json(409, { statusCode: 409, code: 'CONFAB_REQUEST_INVALID', error: 'Conflict', message: `Shortcut "${input.shortcut}" is taken` });
      }
      const reply: QuickReply = { id: testId('qr'), ...input, updatedAt: this.#tick() };
      this.quickReplies = [...this.quickReplies, reply];
      return json(201, reply);
    }
    if ((match = /^\/quick-replies\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      const held = this.quickReplies.find((r) => r.id === id);
      if (!held) return json(404, { statusCode: 404, code: 'CONFAB_NOT_FOUND', error: 'Not Found', message: `No quick reply ${id}` });
      if (method === 'PUT') {
        const updated: QuickReply = { ...held, ...(body as { shortcut: string; text: string }), updatedAt: this.#tick() };
        this.quickReplies = this.quickReplies.map((r) => (r.id === id ? updated : r));
        return json(200, updated);
      }
      if (method === 'DELETE') {
        this.quickReplies = this.quickReplies.filter((r) => r.id !== id);
        return json(204);
      }
    }
    return json(404, { statusCode: 404, code: 'CONFAB_NOT_FOUND', error: 'Not Found', message: `${method} ${url.pathname}` });
  }
}

function json(status: number, body?: unknown): Response {
  return status === 204 || body === undefined
    ? new Response(null, { status })
    : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Waits until every pending promise callback and Lit update has run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
