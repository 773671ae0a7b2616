import { expect } from 'vitest';
import type { ChatClient, TranscriptMessage } from '@confab/client';
import type { ChatMessage } from '@confab/protocol';
import { fetchTranscript, postReplyWithRetries, type AgentEndpoint, type AgentStream } from './agent.js';
import type { SeededRandom } from './seeded-random.js';

/** What one SDK client sent and went through, recorded from its events. */
export interface VisitorRecord {
  readonly name: string;
  readonly client: ChatClient;
  /** Messages this client sent, in send order. */
  readonly sent: { id: string; text: string }[];
  /** `message` events per id: each must fire exactly once. */
  readonly messageEvents: Map<string, number>;
  /** The seq of every acknowledgement (`delivery` with status `sent`, or `read` before any `sent`), per id. */
  readonly acks: Map<string, number[]>;
  /** The close code of every socket this client lost. */
  readonly closeCodes: number[];
}

/** An agent reply as posted over HTTP, and what the relay answered. */
export interface AgentPost {
  readonly id: string;
  readonly text: string;
  /** The seqs of every 2xx answer (a retry of a stored id answers with the original). */
  readonly ackedSeqs: number[];
  /** Ledger clock when the post was started and when it was answered, for the happens-before order. */
  readonly startedAt: number;
  answeredAt?: number;
}

/** The transcript as the relay's agent API returns it, per conversation. */
export type Transcripts = Map<string, ChatMessage[]>;

interface Row {
  seq: number | undefined;
  id: string;
  role: string;
  text: string;
}

const row = (message: ChatMessage | TranscriptMessage): Row => ({
  seq: message.seq,
  id: message.id,
  role: message.author.role,
  text: message.text,
});
const show = (r: Row) => `#${r.seq ?? '-'} ${r.role} ${r.id} ${JSON.stringify(r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text)}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The ledger of one scenario: what each side sent (visitor messages per SDK client, agent replies
 * posted over HTTP) and what each side shows (each client's `messages`, the relay's transcript
 * over the agent API, an agent-stream subscriber). {@link Ledger.problems} compares them all:
 * nothing lost, nothing doubled, the same seq order in every view, every visitor message
 * acknowledged exactly once, with the seq it has in the transcript.
 */
export class Ledger {
  readonly visitors: VisitorRecord[] = [];
  /** Agent replies per conversation, in posting order. */
  readonly agentPosts = new Map<string, AgentPost[]>();
  readonly #random: SeededRandom;
  #clock = 0;
  /** Agent-stream subscribers whose view is checked too. */
  readonly streams: AgentStream[] = [];

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  /** Records everything `client` does from now on, under `name`. */
  watch(name: string, client: ChatClient): VisitorRecord {
    const record: VisitorRecord = {
      name,
      client,
      sent: [],
      messageEvents: new Map(),
      acks: new Map(),
      closeCodes: [],
    };
    // Listening until the client is closed (close() removes every listener).
    client.on('message', (message) => record.messageEvents.set(message.id, (record.messageEvents.get(message.id) ?? 0) + 1));
    client.on('delivery', ({ id, status, seq }) => {
      const seqs = record.acks.get(id) ?? [];
      if (status === 'sent' || (status === 'read' && seqs.length === 0)) record.acks.set(id, [...seqs, seq ?? -1]);
    });
    client.on('state', ({ reason }) => {
      if (reason) record.closeCodes.push(reason.code);
    });
    this.visitors.push(record);
    return record;
  }

  /**
   * Sends `text` from a watched client and records its id. Returns the `send()` promise, already
   * guarded against unhandled rejection (the ledger check reports a message that never got stored).
   */
  send(record: VisitorRecord, text: string): Promise<TranscriptMessage | undefined> {
    const promise = record.client.send(text);
    const pending = record.client.messages.findLast((message) => message.text === text && message.seq === undefined);
    if (!pending) throw new Error(`${record.name}: send(${JSON.stringify(text)}) did not queue a message`);
    record.sent.push({ id: pending.id, text });
    return promise.catch(() => undefined);
  }

  /** Posts an agent reply with a fresh id (retried with that id until stored) and records it. */
  async reply(endpoint: AgentEndpoint, conversationId: string, text: string): Promise<ChatMessage> {
    const post: AgentPost = { id: this.#random.id(), text, ackedSeqs: [], startedAt: ++this.#clock };
    const posts = this.agentPosts.get(conversationId) ?? [];
    posts.push(post);
    this.agentPosts.set(conversationId, posts);
    const result = await postReplyWithRetries(endpoint, conversationId, { id: post.id, text, authorName: 'Mei' });
    post.ackedSeqs.push(result.message.seq);
    post.answeredAt = ++this.#clock;
    return result.message;
  }

  /** Every message acknowledged so far (to a client, or with a 2xx to the agent), with its conversation and seq. */
  acknowledged(): Map<string, { conversationId: string; seq: number }> {
    const acked = new Map<string, { conversationId: string; seq: number }>();
    for (const visitor of this.visitors) {
      for (const [id, seqs] of visitor.acks) acked.set(id, { conversationId: visitor.client.conversationId!, seq: seqs[0]! });
    }
    for (const [conversationId, posts] of this.agentPosts) {
      for (const post of posts) if (post.ackedSeqs.length) acked.set(post.id, { conversationId, seq: post.ackedSeqs[0]! });
    }
    return acked;
  }

  /** Acknowledged messages (from {@link acknowledged}) that `transcripts` lacks or holds under another seq. */
  missingFrom(transcripts: Transcripts, acked: Map<string, { conversationId: string; seq: number }>): string[] {
    const missing: string[] = [];
    for (const [id, { conversationId, seq }] of acked) {
      const stored = transcripts.get(conversationId)?.find((message) => message.id === id);
      if (stored?.seq !== seq) missing.push(`${id} (acknowledged as seq ${seq} of ${conversationId}): ${stored ? `now seq ${stored.seq}` : 'gone'}`);
    }
    return missing;
  }

  /** Every conversation the ledger knows of: the clients' and those replied to. */
  conversations(): string[] {
    const ids = new Set<string>(this.agentPosts.keys());
    for (const visitor of this.visitors) if (visitor.client.conversationId) ids.add(visitor.client.conversationId);
    return [...ids];
  }

  /** Loads every known conversation's transcript from the relay. */
  async transcripts(endpoint: AgentEndpoint): Promise<Transcripts> {
    const transcripts: Transcripts = new Map();
    const ids = this.conversations();
    // A few at a time: hundreds of conversations in a storm.
    for (let i = 0; i < ids.length; i += 16) {
      const batch = ids.slice(i, i + 16);
      const pages = await Promise.all(batch.map((id) => fetchTranscript(endpoint, id)));
      batch.forEach((id, index) => transcripts.set(id, pages[index]!));
    }
    return transcripts;
  }

  /** Everything that disagrees between what was sent and what each view shows; empty when all is well. */
  problems(transcripts: Transcripts): string[] {
    const problems: string[] = [];
    for (const [conversationId, transcript] of transcripts) {
      const where = `conversation ${conversationId}`;
      // The relay's own order: seq 1, 2, 3 … without gaps, each id once.
      transcript.forEach((message, index) => {
        if (message.seq !== index + 1) problems.push(`${where}: the transcript has ${show(row(message))} at position ${index + 1}`);
      });
      const bySeq = new Map(transcript.map((message) => [message.id, message.seq]));
      const stored = new Map<string, ChatMessage[]>();
      for (const message of transcript) stored.set(message.id, [...(stored.get(message.id) ?? []), message]);
      for (const [id, copies] of stored) if (copies.length > 1) problems.push(`${where}: id ${id} is stored ${copies.length} times`);

      // Sent = stored: every message sent is there once with its text, and nothing else is.
      const visitors = this.visitors.filter((visitor) => visitor.client.conversationId === conversationId);
      const expected = new Map<string, { text: string; role: string; by: string }>();
      for (const visitor of visitors) for (const { id, text } of visitor.sent) expected.set(id, { text, role: 'visitor', by: visitor.name });
      for (const post of this.agentPosts.get(conversationId) ?? []) expected.set(post.id, { text: post.text, role: 'agent', by: 'agent' });
      for (const [id, sent] of expected) {
        const copy = stored.get(id)?.[0];
        if (!copy) problems.push(`${where}: ${sent.by}'s ${sent.role} message ${id} ${JSON.stringify(sent.text)} is lost`);
        else if (copy.text !== sent.text || copy.author.role !== sent.role) {
          problems.push(`${where}: ${sent.by}'s message ${id} was stored as ${show(row(copy))}`);
        }
      }
      for (const message of transcript) {
        if (!expected.has(message.id)) problems.push(`${where}: ${show(row(message))} was never sent`);
      }

      // Each client's messages keep the order they were sent in (its outbox sends them in order).
      for (const visitor of visitors) {
        const seqs = visitor.sent.map((sent) => bySeq.get(sent.id)).filter((seq): seq is number => seq !== undefined);
        if (seqs.some((seq, index) => index > 0 && seq < seqs[index - 1]!)) {
          problems.push(`${where}: ${visitor.name}'s messages are out of send order: seqs ${seqs.join(', ')}`);
        }
      }
      // An agent reply posted after another was answered comes after it (concurrent posts may land either way).
      const posts = this.agentPosts.get(conversationId) ?? [];
      for (const later of posts) {
        for (const earlier of posts) {
          if (earlier.answeredAt === undefined || earlier.answeredAt > later.startedAt) continue;
          const [a, b] = [bySeq.get(earlier.id), bySeq.get(later.id)];
          if (a !== undefined && b !== undefined && a > b) {
            problems.push(`${where}: agent reply ${later.id} (seq ${b}) was posted after ${earlier.id} (seq ${a}) was stored, but comes before it`);
          }
        }
      }

      // Acknowledged exactly once, with the seq the message has for good.
      for (const visitor of visitors) {
        for (const { id } of visitor.sent) {
          const acks = visitor.acks.get(id) ?? [];
          if (acks.length !== 1 || acks[0] !== bySeq.get(id)) {
            problems.push(`${where}: ${visitor.name}'s message ${id} (seq ${bySeq.get(id)}) was acknowledged ${acks.length} times: seqs [${acks.join(', ')}]`);
          }
        }
      }
      for (const post of this.agentPosts.get(conversationId) ?? []) {
        if (post.ackedSeqs.some((seq) => seq !== bySeq.get(post.id))) {
          problems.push(`${where}: agent reply ${post.id} was answered with seqs [${post.ackedSeqs.join(', ')}] but has seq ${bySeq.get(post.id)}`);
        }
      }

      // Every client shows exactly the transcript, in the same order, each message once.
      const want = transcript.map((message) => show(row(message)));
      for (const visitor of visitors) {
        const shown = visitor.client.messages;
        const got = shown.map((message) => show(row(message)));
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          problems.push(`${where}: ${visitor.name} shows\n    ${got.join('\n    ')}\n  but the relay has\n    ${want.join('\n    ')}`);
        }
        for (const message of shown) {
          if (message.isOwn && message.status !== 'sent' && message.status !== 'read') {
            problems.push(`${where}: ${visitor.name} shows its message ${message.id} as ${message.status}`);
          }
        }
        for (const message of transcript) {
          const events = visitor.messageEvents.get(message.id) ?? 0;
          if (events !== 1) problems.push(`${where}: ${visitor.name} announced ${show(row(message))} ${events} times`);
        }
      }

      this.streams.forEach((stream, index) => problems.push(...streamProblems(stream, index, conversationId, transcript)));
    }
    return problems;
  }

  /**
   * Waits until every view agrees with the relay (sends acknowledged, replays arrived), then
   * asserts the whole ledger. Fails with every disagreement left after `timeoutMs`.
   */
  async expectConsistent(endpoint: AgentEndpoint, timeoutMs = 30_000): Promise<Transcripts> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await Promise.all(this.streams.map((stream) => stream.settled()));
      let transcripts: Transcripts | undefined;
      let problems: string[];
      try {
        transcripts = await this.transcripts(endpoint);
        problems = this.problems(transcripts);
      } catch (error) {
        problems = [`the relay's transcripts could not be loaded: ${String(error)}`];
      }
      if (problems.length === 0 && transcripts) return transcripts;
      if (Date.now() > deadline) {
        expect(problems, `ledger after ${timeoutMs} ms (seed ${this.#random.seed})`).toEqual([]);
      }
      await sleep(250);
    }
  }
}

/** What the agent stream got wrong for one conversation: gaps, repeats or disorder within a connection, or a different merged result. */
function streamProblems(stream: AgentStream, index: number, conversationId: string, transcript: ChatMessage[]): string[] {
  const problems: string[] = [];
  const where = `agent stream ${index}, conversation ${conversationId}`;
  for (const conflict of stream.conflicts) if (conflict.startsWith(conversationId)) problems.push(`agent stream ${index}: ${conflict}`);
  for (const epoch of stream.epochs) {
    const seqs = epoch.frames.filter((frame) => frame.conversationId === conversationId).map((frame) => frame.message.seq);
    // Within one connection the relay pushes each stored message once, in seq order, none skipped.
    const broken = seqs.findIndex((seq, index) => index > 0 && seq !== seqs[index - 1]! + 1);
    if (broken > 0) problems.push(`${where}: connection ${epoch.index} carried seqs ${seqs.join(', ')} (not consecutive at ${seqs[broken]})`);
  }
  const got = stream.messages(conversationId).map((message) => show(row(message)));
  const want = transcript.map((message) => show(row(message)));
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(`${where}: holds\n    ${got.join('\n    ')}\n  but the relay has\n    ${want.join('\n    ')}`);
  }
  return problems;
}
