import type { ClientEvents, ConnectionState, DeliveryStatus, Draft, TranscriptMessage } from '@confab/client';
import {
  ConfabError,
  DEFAULT_LIMITS,
  createId,
  type Author,
  type Attachment,
  type Availability,
  type ConversationStatus,
  type PreChatForm,
  type Limits,
  type VisitorContext,
} from '@confab/protocol';
import type { ChatClientLike } from '../controllers/connection-controller.js';

type Listener = (payload: never) => void;

interface Pending {
  resolve(message: TranscriptMessage): void;
  reject(error: ConfabError): void;
}

/** Options of {@link FakeChatClient}. */
export interface FakeChatClientOptions {
  /** `connect()` goes straight to `open` with a `session` event. @default true */
  opensOnConnect?: boolean;
  conversationId?: string;
}

/**
 * An in-memory `ChatClient` for widget tests: it follows the SDK's contract (events, a new
 * `messages` array on every change, pending → sent/failed) and records what the widget asked for.
 * Tests drive the other side with `receive()`, `ack()`, `fail()`, `agentRead()`, `typing()` …
 */
export class FakeChatClient implements ChatClientLike {
  state: ConnectionState = 'idle';
  conversationId: string | undefined;
  conversationStatus: ConversationStatus = 'open';
  messages: readonly TranscriptMessage[] = [];
  limits: Limits = { ...DEFAULT_LIMITS };
  agentReadSeq = 0;
  visitorReadSeq = 0;
  drafts: readonly Draft[] = [];
  availability: Availability | undefined;

  /** Addresses passed to `leaveEmail()`, in order. */
  readonly emails: string[] = [];
  /** Ratings passed to `rate()`, in order. */
  readonly ratings: Array<{ score: number; comment: string | undefined }> = [];
  /** What `leaveEmail()` and `rate()` answer with: resolve, or reject with this error. */
  requestError: ConfabError | undefined;

  /** Texts passed to `send()`, in order. */
  readonly sent: string[] = [];
  /** Attachments passed with each `send()`, in order (empty for text only). */
  readonly sentAttachments: Attachment[][] = [];
  /** Files passed to `upload()`, in order. */
  readonly uploads: Array<{ file: Blob | Uint8Array; name: string | undefined }> = [];
  /** What `upload()` rejects with, if set. */
  uploadError: ConfabError | undefined;
  /** Identities passed to `identify()`. */
  readonly identities: unknown[] = [];
  /** Answers passed to `submitProfile()`. */
  readonly profiles: Array<Record<string, string>> = [];
  preChat: PreChatForm | undefined;
  resetCalls = 0;
  /** Contexts passed to `setContext()`. */
  readonly contexts: VisitorContext[] = [];
  /** Values passed to `setTyping()`. */
  readonly typingSent: boolean[] = [];
  /** Values passed to `markRead()`. */
  readonly reads: Array<number | undefined> = [];
  connectCalls = 0;
  isClosed = false;

  readonly #listeners = new Map<keyof ClientEvents, Set<Listener>>();
  readonly #pending = new Map<string, Pending>();
  readonly #opensOnConnect: boolean;
  readonly #plannedConversationId: string;
  #seq = 0;
  #now = Date.UTC(2026, 10, 22, 9, 30);

  constructor(options: FakeChatClientOptions = {}) {
    this.#opensOnConnect = options.opensOnConnect ?? true;
    this.#plannedConversationId = options.conversationId ?? createId();
  }

  /** How many listeners are subscribed right now (0 after the widget tore down). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  connect(): void {
    this.connectCalls++;
    if (this.state !== 'idle' || !this.#opensOnConnect) return;
    this.setState('connecting');
    this.welcome();
  }

  /** Completes a handshake: state `open`, a `session` event, and the read position the relay reports. */
  welcome(resumed = false, visitorReadSeq = 0): void {
    this.conversationId = this.#plannedConversationId;
    this.setState('open');
    this.#emit('session', { conversationId: this.conversationId, resumed });
    this.seen(visitorReadSeq);
  }

  send(text: string, options: { attachments?: Attachment[] } = {}): Promise<TranscriptMessage> {
    this.sent.push(text);
    this.sentAttachments.push([...(options.attachments ?? [])]);
    const message: TranscriptMessage = {
      id: createId(),
      seq: undefined,
      author: { role: 'visitor' },
      text,
      createdAt: this.#tick(),
      status: 'pending',
      isOwn: true,
      ...(options.attachments?.length ? { attachments: [...options.attachments] } : {}),
    };
    this.messages = [...this.messages, message];
    const promise = new Promise<TranscriptMessage>((resolve, reject) => this.#pending.set(message.id, { resolve, reject }));
    this.#emit('message', message);
    return promise;
  }

  async leaveEmail(email: string): Promise<void> {
    this.emails.push(email);
    if (this.requestError) throw this.requestError;
  }

  async rate(score: number, comment?: string): Promise<void> {
    this.ratings.push({ score, comment });
    if (this.requestError) throw this.requestError;
  }

  async upload(file: Blob | Uint8Array, name?: string): Promise<Attachment> {
    this.uploads.push({ file, name });
    if (this.uploadError) throw this.uploadError;
    const fileName = name ?? ((file as File).name || 'file');
    const id = createId();
    const type = file instanceof Blob ? file.type || 'application/octet-stream' : 'application/octet-stream';
    const size = file instanceof Blob ? file.size : file.byteLength;
    return { id, name: fileName, type, size, url: `https://relay.test/v1/uploads/${id}/${encodeURIComponent(fileName)}` };
  }

  async identify(identity: unknown): Promise<void> {
    this.identities.push(identity);
    if (this.requestError) throw this.requestError;
  }

  async submitProfile(fields: Record<string, string>): Promise<void> {
    this.profiles.push(fields);
    if (this.requestError) throw this.requestError;
    this.setPreChat(undefined);
  }

  reset(): void {
    this.resetCalls++;
    this.messages = [];
    this.drafts = [];
    this.conversationId = undefined;
    this.state = 'idle';
    this.#emit('reset', { source: 'call' });
  }

  /** The relay's welcome carries (or no longer carries) a pre-chat form. */
  setPreChat(preChat: PreChatForm | undefined): void {
    this.preChat = preChat;
    this.#emit('pre-chat', { preChat });
  }

  setTyping(isTyping: boolean): void {
    this.typingSent.push(isTyping);
  }

  markRead(seq?: number): void {
    this.reads.push(seq);
    this.seen(seq ?? Math.max(0, ...this.messages.map((message) => message.seq ?? 0)));
  }

  setContext(context: VisitorContext): void {
    this.contexts.push(context);
  }

  close(): void {
    this.isClosed = true;
    this.setState('closed');
    this.#listeners.clear();
  }

  on<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  // --- the relay's side -------------------------------------------------------------------

  /** Changes `state` and emits `state`. */
  setState(to: ConnectionState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.#emit('state', { from, to });
  }

  /** A message from an agent (default "Anna"), bot or system arrives. */
  receive(
    text: string,
    author: Author = { role: 'agent', name: 'Anna' },
    extra: { id?: string; quickReplies?: string[] } = {},
  ): TranscriptMessage {
    // The finished reply takes its draft's place, as in the client.
    if (extra.id !== undefined) this.drafts = this.drafts.filter((draft) => draft.id !== extra.id);
    const message: TranscriptMessage = {
      ...(extra.quickReplies ? { quickReplies: extra.quickReplies } : {}),
      id: extra.id ?? createId(),
      seq: ++this.#seq,
      author,
      text,
      createdAt: this.#tick(),
      status: 'sent',
      isOwn: author.role === 'visitor',
    };
    const stored = this.messages.filter((entry) => entry.seq !== undefined);
    const unsent = this.messages.filter((entry) => entry.seq === undefined);
    this.messages = [...stored, message, ...unsent];
    this.#emit('message', message);
    return message;
  }

  /** The relay stores the shopper's pending message `id` (default: the oldest pending one). */
  ack(id = this.messages.find((message) => message.status === 'pending')?.id): TranscriptMessage {
    const message = this.#replace(id, { seq: ++this.#seq, status: 'sent' });
    const stored = this.messages.filter((entry) => entry.seq !== undefined && entry.id !== message.id);
    const unsent = this.messages.filter((entry) => entry.seq === undefined);
    this.messages = [...stored, message, ...unsent];
    this.#emit('delivery', { id: message.id, status: 'sent', seq: message.seq! });
    this.#pending.get(message.id)?.resolve(message);
    this.#pending.delete(message.id);
    return message;
  }

  /** The relay refuses the pending message `id` for good. */
  fail(id = this.messages.find((message) => message.status === 'pending')?.id): TranscriptMessage {
    const message = this.#replace(id, { status: 'failed' });
    const error = new ConfabError('CONFAB_RATE_LIMITED', 'Too many messages');
    this.#emit('delivery', { id: message.id, status: 'failed', error });
    this.#pending.get(message.id)?.reject(error);
    this.#pending.delete(message.id);
    return message;
  }

  /** The shopper's read position moves forward (here, in another tab, or from the relay): a `seen` event. */
  seen(seq: number): void {
    if (seq <= this.visitorReadSeq) return;
    this.visitorReadSeq = seq;
    this.#emit('seen', { seq });
  }

  /** The client elected this tab to tell the shopper about `message`: a `notify` event. */
  notify(message: TranscriptMessage): void {
    this.#emit('notify', message);
  }

  /** Agents read the shopper's messages up to `seq` (without updating each message's status). */
  agentRead(seq: number): void {
    this.agentReadSeq = seq;
    this.#emit('read', { seq });
  }

  /** A bot's reply grows to `text` (a `draft` event); the draft `id` stays until `receive()` or `endDraft()`. */
  draft(id: string, text: string, author: Author = { role: 'bot', name: 'Faq' }): void {
    const draft: Draft = { id, author, text };
    const isNew = !this.drafts.some((entry) => entry.id === id);
    this.drafts = isNew ? [...this.drafts, draft] : this.drafts.map((entry) => (entry.id === id ? draft : entry));
    this.#emit('draft', draft);
  }

  /** The draft `id` is abandoned: a `draft-end` event. */
  endDraft(id: string): void {
    this.drafts = this.drafts.filter((entry) => entry.id !== id);
    this.#emit('draft-end', { id });
  }

  /** The relay's business hours change (as told by a `welcome`): an `availability` event. */
  setAvailability(availability: Availability | undefined): void {
    this.availability = availability;
    this.#emit('availability', { availability });
  }

  /** An agent starts or stops typing. */
  typing(isTyping: boolean, author: Author = { role: 'agent', name: 'Anna' }): void {
    this.#emit('typing', { isTyping, author });
  }

  /** An agent closes (or reopens) the conversation. */
  setConversationStatus(status: ConversationStatus): void {
    this.conversationStatus = status;
    this.#emit('conversation', { status });
  }

  #replace(id: string | undefined, patch: { seq?: number; status: DeliveryStatus }): TranscriptMessage {
    const current = this.messages.find((message) => message.id === id);
    if (!current) throw new Error(`No message ${String(id)} to update`);
    const next = { ...current, ...patch };
    this.messages = this.messages.map((message) => (message.id === id ? next : message));
    return next;
  }

  #tick(): number {
    this.#now += 60_000;
    return this.#now;
  }

  #emit<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as (value: ClientEvents[K]) => void)(payload);
  }
}
