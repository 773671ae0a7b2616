import WebSocket from 'ws';
import type { AgentServerMessage, ChatMessage, TranscriptPage } from '@confab/protocol';

/** Where the agent side reaches the relay; `httpBase` may be a fault proxy in front of it. */
export interface AgentEndpoint {
  /** `http://127.0.0.1:port` for the HTTP API. */
  httpBase: string;
  /** `http://127.0.0.1:port` for the agent stream (often the relay itself). */
  streamBase: string;
  token: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The outcome of {@link postReplyWithRetries}. */
export interface PostedReply {
  message: ChatMessage;
  /** The status of every answered attempt (201 first time, 200 for a retry of a stored id). */
  statuses: number[];
  /** Attempts that got no answer (connection refused or cut, timed out). */
  failedAttempts: number;
}

/**
 * Posts an agent reply the way a careful integrator does: with its own idempotency `id`, retried
 * with the same id after a network error, a timeout or a 5xx (relay restarting, draining, store
 * busy) until it is stored or `deadlineMs` passes.
 */
export async function postReplyWithRetries(
  endpoint: AgentEndpoint,
  conversationId: string,
  reply: { id: string; text: string; authorName?: string },
  deadlineMs = 30_000,
): Promise<PostedReply> {
  const deadline = Date.now() + deadlineMs;
  const statuses: number[] = [];
  let failedAttempts = 0;
  let lastProblem = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint.httpBase}/v1/agent/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(reply),
        // A stalled or cut connection must not hang the agent: give up on the attempt and retry.
        signal: AbortSignal.timeout(2_500),
      });
      const text = await response.text();
      statuses.push(response.status);
      if (response.status === 200 || response.status === 201) {
        return { message: JSON.parse(text) as ChatMessage, statuses, failedAttempts };
      }
      if (response.status < 500) throw new Error(`POST reply ${reply.id} → ${response.status} ${text}`);
      lastProblem = `${response.status} ${text}`;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('POST reply')) throw error;
      failedAttempts++;
      lastProblem = String(error);
    }
    await sleep(50 + Math.floor(Math.random() * 100));
  }
  throw new Error(`Reply ${reply.id} to ${conversationId} was not stored within ${deadlineMs} ms; last problem: ${lastProblem}`);
}

/** Loads a whole transcript over the agent API, oldest first, paging with `after`. */
export async function fetchTranscript(endpoint: AgentEndpoint, conversationId: string, after = 0): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for (let cursor = after; ; ) {
    const response = await fetch(`${endpoint.httpBase}/v1/agent/conversations/${conversationId}/messages?after=${cursor}&limit=200`, {
      headers: { authorization: `Bearer ${endpoint.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET transcript of ${conversationId} → ${response.status} ${text}`);
    const page = JSON.parse(text) as TranscriptPage;
    messages.push(...page.messages);
    if (!page.hasMore || page.messages.length === 0) return messages;
    cursor = page.messages.at(-1)!.seq;
  }
}

/** A stream connection without any frame for this long is dropped and replaced. */
const LIVENESS_TIMEOUT_MS = 3_000;

/** One connection of the agent stream: the message frames it carried, in arrival order. */
export interface StreamEpoch {
  readonly index: number;
  readonly frames: { conversationId: string; message: ChatMessage }[];
  closeCode?: number;
}

/**
 * An agent-stream subscriber as the docs describe one: connects, says hello, reconnects after every
 * close, and after each re-`welcome` loads what it missed over HTTP. It keeps every message frame
 * per connection, so the ledger can check the stream itself (order, gaps, duplicates), not only
 * the merged result.
 */
export class AgentStream {
  /** Every message held, per conversation, by seq (from frames and from catch-up after a reconnect). */
  readonly held = new Map<string, Map<number, ChatMessage>>();
  readonly epochs: StreamEpoch[] = [];
  /** Problems seen while merging: the same seq with different messages. */
  readonly conflicts: string[] = [];
  readonly #endpoint: AgentEndpoint;
  readonly #conversations: () => Iterable<string>;
  #socket: WebSocket | undefined;
  #isStopped = false;
  #welcomed: (() => void) | undefined;
  #catchUps: Promise<void>[] = [];

  /** `conversations` names what to catch up on after a reconnect (the stream itself carries no history). */
  constructor(endpoint: AgentEndpoint, conversations: () => Iterable<string>) {
    this.#endpoint = endpoint;
    this.#conversations = conversations;
  }

  /** Connects; resolves after the first `welcome`. */
  start(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#welcomed = resolve;
      this.#connect();
    });
  }

  /** The close codes of every connection so far. */
  get closeCodes(): number[] {
    return this.epochs.flatMap((epoch) => (epoch.closeCode === undefined ? [] : [epoch.closeCode]));
  }

  /** The messages held for a conversation, by seq. */
  messages(conversationId: string): ChatMessage[] {
    return [...(this.held.get(conversationId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** Waits for catch-ups in flight. */
  async settled(): Promise<void> {
    await Promise.all(this.#catchUps);
  }

  stop(): void {
    this.#isStopped = true;
    this.#socket?.terminate();
  }

  #hold(conversationId: string, message: ChatMessage): void {
    let messages = this.held.get(conversationId);
    if (!messages) this.held.set(conversationId, (messages = new Map()));
    const existing = messages.get(message.seq);
    if (existing && (existing.id !== message.id || existing.text !== message.text)) {
      this.conflicts.push(`${conversationId} seq ${message.seq}: held ${existing.id} "${existing.text}", got ${message.id} "${message.text}"`);
      return;
    }
    messages.set(message.seq, message);
  }

  #connect(): void {
    if (this.#isStopped) return;
    const socket = new WebSocket(`${this.#endpoint.streamBase.replace(/^http/, 'ws')}/v1/agent/ws`);
    this.#socket = socket;
    let epoch: StreamEpoch | undefined;
    // Liveness as the protocol asks of clients: ping when quiet, give up on a socket that stays silent
    // (a connection whose far end vanished without a FIN never closes on its own).
    let lastFrameAt = Date.now();
    const liveness = setInterval(() => {
      const quietMs = Date.now() - lastFrameAt;
      if (quietMs > LIVENESS_TIMEOUT_MS) socket.terminate();
      else if (quietMs > LIVENESS_TIMEOUT_MS / 3 && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ping' }));
    }, LIVENESS_TIMEOUT_MS / 6);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'hello', versions: [1], token: this.#endpoint.token })));
    socket.on('message', (data) => {
      lastFrameAt = Date.now();
      const frame = JSON.parse(String(data)) as AgentServerMessage;
      if (frame.type === 'welcome') {
        epoch = { index: this.epochs.length, frames: [] };
        this.epochs.push(epoch);
        if (epoch.index > 0) this.#catchUps.push(this.#catchUp());
        this.#welcomed?.();
        this.#welcomed = undefined;
      } else if (frame.type === 'message' && epoch) {
        epoch.frames.push({ conversationId: frame.conversationId, message: frame.message });
        this.#hold(frame.conversationId, frame.message);
      }
    });
    socket.on('error', () => {});
    socket.on('close', (code) => {
      clearInterval(liveness);
      if (epoch) epoch.closeCode = code;
      if (this.#isStopped) return;
      setTimeout(() => this.#connect(), 100);
    });
  }

  async #catchUp(): Promise<void> {
    for (const conversationId of [...this.#conversations()]) {
      // From the end of the unbroken run held, so a message the stream skipped is fetched too.
      const held = this.held.get(conversationId);
      let complete = 0;
      while (held?.has(complete + 1)) complete++;
      for (;;) {
        try {
          for (const message of await fetchTranscript(this.#endpoint, conversationId, complete)) this.#hold(conversationId, message);
          break;
        } catch {
          // The relay went away again; the next welcome starts another catch-up, but finish this one too.
          if (this.#isStopped) return;
          await sleep(200);
        }
      }
    }
  }
}
