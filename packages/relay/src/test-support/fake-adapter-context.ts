import type { ChatMessage, ConversationSummary, VisitorContext } from '@confab/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type {
  AdapterConversation,
  AdapterConversations,
  AdapterDelivery,
  AdapterOutcome,
  AdapterReply,
  AdapterState,
  AttemptContext,
  HandoverOutcome,
  PostedReply,
} from '../adapters/adapter.js';
import type { AdapterEvent } from '../adapters/adapter-events.js';

/** What a fake conversation recorded: everything the adapter did to it. */
export interface FakeConversationLog {
  posted: (AdapterReply & { streamedParts?: string[] })[];
  typing: boolean[];
  closed: number;
  handovers: string[];
}

/**
 * An in-memory {@link AdapterConversations} for adapter unit tests: records what the adapter did
 * and serves a transcript set up by the test. Relay-level tests use a real relay instead.
 */
/** Who the shopper is, in a conversation summary. */
type Shopper = Pick<ConversationSummary, 'identity' | 'profile'>;

export class FakeAdapterConversations implements AdapterConversations {
  readonly #conversations = new Map<
    string,
    { transcript: ChatMessage[]; context: VisitorContext; status: 'open' | 'closed'; responder?: string; shopper?: Shopper }
  >();
  readonly logs = new Map<string, FakeConversationLog>();
  /** Who the hand-over goes to; undefined makes `handOver` answer `last-in-chain`. */
  nextResponder: string | undefined = 'console';

  /** Adds a conversation with these messages (their seqs as given). */
  add(conversationId: string, transcript: ChatMessage[] = [], context: VisitorContext = {}, responder?: string): void {
    this.#conversations.set(conversationId, { transcript: [...transcript], context, status: 'open', ...(responder ? { responder } : {}) });
  }

  /** Says who the shopper of a conversation is, as the relay's summary would once they identified or answered the form. */
  knowShopper(conversationId: string, shopper: Shopper): void {
    const conversation = this.#conversations.get(conversationId);
    if (conversation) conversation.shopper = { ...conversation.shopper, ...shopper };
  }

  /** What the adapter did to a conversation. */
  log(conversationId: string): FakeConversationLog {
    let log = this.logs.get(conversationId);
    if (!log) {
      log = { posted: [], typing: [], closed: 0, handovers: [] };
      this.logs.set(conversationId, log);
    }
    return log;
  }

  #store(conversationId: string, reply: AdapterReply): AdapterOutcome<PostedReply> {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) return { kind: 'missing' };
    if (conversation.status === 'closed') return { kind: 'closed' };
    const existing = reply.id === undefined ? undefined : conversation.transcript.find((message) => message.id === reply.id);
    if (existing) return { kind: 'done', value: { message: existing, duplicate: true } };
    const message: ChatMessage = {
      id: reply.id ?? `fake-${conversation.transcript.length + 1}-${Math.random().toString(36).slice(2, 10)}`,
      seq: (conversation.transcript.at(-1)?.seq ?? 0) + 1,
      author: { role: reply.role ?? 'agent', ...(reply.authorName ? { name: reply.authorName } : {}) },
      text: reply.text,
      createdAt: Date.now(),
    };
    if (reply.quickReplies) message.quickReplies = [...reply.quickReplies];
    conversation.transcript.push(message);
    return { kind: 'done', value: { message, duplicate: false } };
  }

  async postMessage(conversationId: string, reply: AdapterReply): Promise<AdapterOutcome<PostedReply>> {
    const outcome = this.#store(conversationId, reply);
    if (outcome.kind === 'done' && !outcome.value.duplicate) this.log(conversationId).posted.push(reply);
    return outcome;
  }

  async streamMessage(conversationId: string, reply: AdapterReply, parts: AsyncIterable<string>): Promise<AdapterOutcome<PostedReply>> {
    const streamedParts: string[] = [];
    for await (const part of parts) streamedParts.push(part);
    const outcome = this.#store(conversationId, { ...reply, text: streamedParts.join('') });
    if (outcome.kind === 'done' && !outcome.value.duplicate) this.log(conversationId).posted.push({ ...reply, text: streamedParts.join(''), streamedParts });
    return outcome;
  }

  async typing(conversationId: string, isTyping: boolean): Promise<AdapterOutcome<void>> {
    if (!this.#conversations.has(conversationId)) return { kind: 'missing' };
    this.log(conversationId).typing.push(isTyping);
    return { kind: 'done', value: undefined };
  }

  async close(conversationId: string): Promise<ConversationSummary | undefined> {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) return undefined;
    conversation.status = 'closed';
    this.log(conversationId).closed++;
    return this.#summary(conversationId);
  }

  async handOver(conversationId: string, reason: string): Promise<HandoverOutcome> {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) return { kind: 'missing' };
    this.log(conversationId).handovers.push(reason);
    if (this.nextResponder === undefined) return { kind: 'last-in-chain' };
    conversation.responder = this.nextResponder;
    return { kind: 'handed-over', to: this.nextResponder };
  }

  async get(conversationId: string): Promise<AdapterConversation | undefined> {
    return this.#summary(conversationId);
  }

  async transcript(conversationId: string, query: { after?: number; limit: number }) {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) return undefined;
    const after = conversation.transcript.filter((message) => message.seq > (query.after ?? 0));
    return { messages: after.slice(0, query.limit), hasMore: after.length > query.limit };
  }

  #summary(conversationId: string): AdapterConversation | undefined {
    const conversation = this.#conversations.get(conversationId);
    if (!conversation) return undefined;
    const last = conversation.transcript.at(-1);
    return {
      id: conversationId,
      status: conversation.status,
      createdAt: 0,
      updatedAt: last?.createdAt ?? 0,
      lastSeq: last?.seq ?? 0,
      unreadCount: 0,
      visitorLastReadSeq: 0,
      agentLastReadSeq: 0,
      visitorOnline: true,
      context: conversation.context,
      ...(last ? { lastMessage: last } : {}),
      responder: conversation.responder,
      ...conversation.shopper,
    };
  }
}

/** A silent logger for adapter tests. */
export function silentLog(): FastifyBaseLogger {
  const ignore = () => undefined;
  const log = { level: 'silent', fatal: ignore, error: ignore, warn: ignore, info: ignore, debug: ignore, trace: ignore, silent: ignore, child: () => log };
  return log as unknown as FastifyBaseLogger;
}

/** An in-memory {@link AdapterState}; `entries` is there to look at. */
export class FakeAdapterState implements AdapterState {
  readonly entries = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

/** An attempt context over fake conversations and state, with a live (never aborted) signal unless given one. */
export function fakeAttemptContext(
  conversations: FakeAdapterConversations,
  options: { state?: AdapterState; signal?: AbortSignal } = {},
): AttemptContext {
  return { conversations, state: options.state ?? new FakeAdapterState(), log: silentLog(), signal: options.signal ?? new AbortController().signal };
}

let nextDelivery = 0;

/** A delivery of `event` as the outbox would hand it to an adapter. */
export function fakeDelivery(adapter: string, event: AdapterEvent, overrides: Partial<AdapterDelivery> = {}): AdapterDelivery {
  nextDelivery++;
  return {
    deliveryId: `dlv_test_${String(nextDelivery).padStart(6, '0')}`,
    adapter,
    conversationId: event.conversationId,
    event,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    lastError: undefined,
    createdAt: Date.now(),
    ...overrides,
  };
}
