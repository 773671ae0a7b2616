import type { Attachment, Author, ChatMessage, ConversationSummary, ErrorCode, LinkButton, ProductContext, QuickReply, TranscriptPage } from '@confab/protocol';
import type { StreamFrame, StreamState, Timers } from './agent-stream.js';
import { hasCards, type ReplyCards } from './reply-cards.js';
import type { ConversationFilter } from './strings.js';

/** A reply the agent sent that the relay has not confirmed yet, or that failed. */
export interface PendingReply {
  /** The idempotency key; a retry posts the same id, so the relay stores the reply once. */
  readonly id: string;
  /** May be empty when the reply carries files, product cards or link buttons. */
  readonly text: string;
  readonly createdAt: number;
  readonly status: 'pending' | 'failed';
  /** Why it failed, when it did. */
  readonly errorCode?: ErrorCode;
  /** The HTTP status of a refusal (4xx: retrying the same reply will not help), when the relay answered. */
  readonly errorStatus?: number;
  /** Files the agent attached, uploaded before the reply is posted. */
  readonly files?: readonly PendingFile[];
  /** Product cards the agent added. */
  readonly products?: readonly ProductContext[];
  /** Link buttons the agent added. */
  readonly buttons?: readonly LinkButton[];
}

/** A file attached to a reply on its way: uploaded once, so a retry reuses the upload. */
export interface PendingFile {
  /** The bytes the agent picked. */
  readonly blob: Blob;
  readonly name: string;
  readonly size: number;
  /** What the relay stored, once uploaded. */
  readonly attachment?: Attachment;
}

/** The part of a conversation's transcript the console holds, by `seq`. */
export interface Transcript {
  /** Stored messages, by ascending `seq`, each id once. */
  readonly messages: readonly ChatMessage[];
  /** Whether messages older than the first one held exist on the relay. */
  readonly hasEarlier: boolean;
  readonly status: 'loading' | 'ready' | 'error';
  readonly isLoadingEarlier: boolean;
}

/** Everything the console shows, as one immutable snapshot: each change makes a new one. */
export interface ConsoleState {
  readonly conversations: ReadonlyMap<string, ConversationSummary>;
  readonly transcripts: ReadonlyMap<string, Transcript>;
  /** Replies not yet confirmed, by conversation id, in the order they were written. */
  readonly pending: ReadonlyMap<string, readonly PendingReply[]>;
  /** Who is typing, by conversation id: the shopper and agents other than this one. */
  readonly typing: ReadonlyMap<string, readonly Author[]>;
  /** The team's quick replies, by shortcut. */
  readonly quickReplies: readonly QuickReply[];
  /** Unsent reply text, by conversation id. */
  readonly drafts: ReadonlyMap<string, string>;
  /** Unsent product cards and link buttons, by conversation id. */
  readonly draftCards: ReadonlyMap<string, ReplyCards>;
  readonly selectedId: string | undefined;
  readonly filter: ConversationFilter;
  readonly connection: StreamState;
  readonly listStatus: 'idle' | 'loading' | 'ready' | 'error';
  /** Whether older conversations than the oldest listed exist for the current filter. */
  readonly hasMoreConversations: boolean;
}

/** Options for {@link ConsoleStore}. */
export interface StoreOptions {
  /** Forget a typing indicator after this long without news; the relay expires it after 6 s. @default 8000 */
  typingExpiryMs?: number;
  /** @default globalThis.setTimeout / clearTimeout */
  timers?: Timers;
}

const EMPTY_TRANSCRIPT: Transcript = { messages: [], hasEarlier: false, status: 'loading', isLoadingEarlier: false };

/** Orders the list: open conversations first, then closed; within each, newest activity first. */
export function compareConversations(a: ConversationSummary, b: ConversationSummary): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  if (a.updatedAt !== b.updatedAt) return b.updatedAt - a.updatedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The conversations the list shows for the state's filter, in list order. */
export function visibleConversations(state: ConsoleState): ConversationSummary[] {
  const list = [...state.conversations.values()].filter((c) => state.filter === 'all' || c.status === state.filter);
  return list.sort(compareConversations);
}

/** The number of visitor messages no agent has read yet, over every known conversation. */
export function totalUnread(state: ConsoleState): number {
  let total = 0;
  for (const conversation of state.conversations.values()) total += conversation.unreadCount;
  return total;
}

/** Merges messages into a list by `seq`, each id once; the first copy of an id wins, as on the relay. */
export function mergeMessages(held: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const message of held) byId.set(message.id, message);
  let changed = false;
  for (const message of incoming) {
    if (byId.has(message.id)) continue;
    byId.set(message.id, message);
    changed = true;
  }
  if (!changed) return held as ChatMessage[];
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

function typingKey(author: Author): string {
  return `${author.role}:${author.name ?? ''}`;
}

/**
 * The console's state and the only code that changes it. The agent stream's frames, HTTP
 * responses and the agent's own actions all go through its methods; components read snapshots.
 * @example
 * const store = new ConsoleStore();
 * const off = store.subscribe((state) => render(state));
 * store.applyFrame(frame);
 */
export class ConsoleStore {
  #state: ConsoleState = {
    conversations: new Map(),
    transcripts: new Map(),
    pending: new Map(),
    typing: new Map(),
    quickReplies: [],
    drafts: new Map(),
    draftCards: new Map(),
    selectedId: undefined,
    filter: 'all',
    connection: 'idle',
    listStatus: 'idle',
    hasMoreConversations: false,
  };
  readonly #listeners = new Set<(state: ConsoleState) => void>();
  readonly #typingTimers = new Map<string, unknown>();
  readonly #typingExpiryMs: number;
  readonly #timers: Timers;

  constructor(options: StoreOptions = {}) {
    this.#typingExpiryMs = options.typingExpiryMs ?? 8000;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    };
  }

  /** The current snapshot. */
  get state(): ConsoleState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: (state: ConsoleState) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Applies one live frame from the agent stream. */
  applyFrame(frame: StreamFrame): void {
    switch (frame.type) {
      case 'conversation':
        this.upsertConversations([frame.conversation]);
        return;
      case 'message':
        this.addMessages(frame.conversationId, [frame.message]);
        return;
      case 'typing':
        this.setTyping(frame.conversationId, frame.author, frame.isTyping);
        return;
      case 'read':
        this.applyRead(frame.conversationId, frame.seq, frame.by);
        return;
      case 'quick-replies':
        this.setQuickReplies(frame.quickReplies);
        return;
    }
  }

  /**
   * Adds or replaces conversation summaries. A summary older than the one held (smaller
   * `updatedAt` and `lastSeq`) is ignored, so a slow HTTP answer cannot undo a live update; read
   * positions only ever move forward.
   */
  upsertConversations(summaries: readonly ConversationSummary[]): void {
    if (summaries.length === 0) return;
    const conversations = new Map(this.#state.conversations);
    for (const incoming of summaries) {
      const held = conversations.get(incoming.id);
      if (!held) {
        conversations.set(incoming.id, incoming);
        continue;
      }
      if (incoming.updatedAt < held.updatedAt && incoming.lastSeq <= held.lastSeq) continue;
      const agentLastReadSeq = Math.max(held.agentLastReadSeq, incoming.agentLastReadSeq);
      conversations.set(incoming.id, {
        ...incoming,
        visitorLastReadSeq: Math.max(held.visitorLastReadSeq, incoming.visitorLastReadSeq),
        agentLastReadSeq,
        unreadCount: agentLastReadSeq >= incoming.lastSeq ? 0 : incoming.unreadCount,
      });
    }
    this.#set({ conversations });
  }

  /** Replaces the list after loading a page from scratch, keeping what the stream knows about. */
  setConversationPage(summaries: readonly ConversationSummary[], hasMore: boolean): void {
    this.upsertConversations(summaries);
    this.#set({ listStatus: 'ready', hasMoreConversations: hasMore });
  }

  /** Records that the list is loading or failed to load. */
  setListStatus(listStatus: ConsoleState['listStatus']): void {
    this.#set({ listStatus });
  }

  /**
   * Adds stored messages of a conversation: into its transcript when one is held (each id once,
   * by `seq`), confirming a pending reply with the same id, and into its summary's last message.
   */
  addMessages(conversationId: string, messages: readonly ChatMessage[]): void {
    if (messages.length === 0) return;
    const patch: Partial<Mutable<ConsoleState>> = {};
    const transcript = this.#state.transcripts.get(conversationId);
    if (transcript) {
      const merged = mergeMessages(transcript.messages, messages);
      if (merged !== transcript.messages) {
        patch.transcripts = new Map(this.#state.transcripts).set(conversationId, { ...transcript, messages: merged });
      }
    }
    const pending = this.#state.pending.get(conversationId);
    if (pending) {
      const ids = new Set(messages.map((m) => m.id));
      const left = pending.filter((reply) => !ids.has(reply.id));
      if (left.length !== pending.length) patch.pending = this.#withList(this.#state.pending, conversationId, left);
    }
    const summary = this.#state.conversations.get(conversationId);
    const newest = messages.reduce((a, b) => (b.seq > a.seq ? b : a));
    if (summary && newest.seq > summary.lastSeq) {
      const newVisitorMessages = messages.filter((m) => m.author.role === 'visitor' && m.seq > summary.lastSeq).length;
      const reopened = summary.status === 'closed' && newVisitorMessages > 0;
      patch.conversations = new Map(this.#state.conversations).set(conversationId, {
        ...summary,
        lastSeq: newest.seq,
        lastMessage: newest,
        updatedAt: Math.max(summary.updatedAt, newest.createdAt),
        unreadCount: summary.unreadCount + newVisitorMessages,
        status: reopened ? 'open' : summary.status,
      });
    }
    if (Object.keys(patch).length > 0) this.#set(patch);
  }

  /** Starts (or restarts) loading a transcript: keeps what is held and marks it loading. */
  startTranscript(conversationId: string): void {
    const held = this.#state.transcripts.get(conversationId) ?? EMPTY_TRANSCRIPT;
    this.#set({ transcripts: new Map(this.#state.transcripts).set(conversationId, { ...held, status: 'loading' }) });
  }

  /**
   * Stores a page of a transcript. `newest` is the page loaded without a cursor (its `hasMore`
   * says whether earlier messages exist), `earlier` one loaded with `before`, `after` one loaded
   * with `after` to catch up after a reconnect.
   */
  setTranscriptPage(conversationId: string, page: TranscriptPage, kind: 'newest' | 'earlier' | 'after'): void {
    const held = this.#state.transcripts.get(conversationId) ?? EMPTY_TRANSCRIPT;
    const firstHeld = held.messages[0]?.seq;
    const firstNew = page.messages[0]?.seq;
    let hasEarlier = held.hasEarlier;
    if (kind === 'earlier') hasEarlier = page.hasMore;
    else if (kind === 'newest' && (firstHeld === undefined || (firstNew !== undefined && firstNew <= firstHeld))) {
      hasEarlier = page.hasMore;
    }
    const transcript: Transcript = {
      messages: mergeMessages(held.messages, page.messages),
      hasEarlier,
      status: 'ready',
      isLoadingEarlier: kind === 'earlier' ? false : held.isLoadingEarlier,
    };
    this.#set({ transcripts: new Map(this.#state.transcripts).set(conversationId, transcript) });
    this.addMessages(conversationId, page.messages);
  }

  /** Marks a transcript as failed to load, or its earlier page as loading or done. */
  setTranscriptStatus(conversationId: string, change: { status?: Transcript['status']; isLoadingEarlier?: boolean }): void {
    const held = this.#state.transcripts.get(conversationId);
    if (!held) return;
    this.#set({ transcripts: new Map(this.#state.transcripts).set(conversationId, { ...held, ...change }) });
  }

  /** Forgets every held transcript except `keepId`'s: after a reconnect they may have gaps. */
  dropTranscripts(keepId?: string): void {
    const transcripts = new Map<string, Transcript>();
    const kept = keepId === undefined ? undefined : this.#state.transcripts.get(keepId);
    if (keepId !== undefined && kept) transcripts.set(keepId, kept);
    this.#set({ transcripts });
  }

  /** Forgets one transcript, e.g. to load it again from its newest page. */
  forgetTranscript(conversationId: string): void {
    if (!this.#state.transcripts.has(conversationId)) return;
    const transcripts = new Map(this.#state.transcripts);
    transcripts.delete(conversationId);
    this.#set({ transcripts });
  }

  /** Moves a read position forward; the agents' covering `lastSeq` clears the unread count. */
  applyRead(conversationId: string, seq: number, by: 'visitor' | 'agent'): void {
    const summary = this.#state.conversations.get(conversationId);
    if (!summary) return;
    let next: ConversationSummary;
    if (by === 'visitor') {
      if (seq <= summary.visitorLastReadSeq) return;
      next = { ...summary, visitorLastReadSeq: seq };
    } else {
      if (seq <= summary.agentLastReadSeq && (summary.unreadCount === 0 || seq < summary.lastSeq)) return;
      next = { ...summary, agentLastReadSeq: Math.max(seq, summary.agentLastReadSeq) };
      if (seq >= summary.lastSeq) next.unreadCount = 0;
    }
    this.#set({ conversations: new Map(this.#state.conversations).set(conversationId, next) });
  }

  /** Shows or hides a typing indicator; it also disappears by itself if no `false` ever comes. */
  setTyping(conversationId: string, author: Author, isTyping: boolean): void {
    const key = typingKey(author);
    const timerKey = `${conversationId}\n${key}`;
    this.#timers.clearTimeout(this.#typingTimers.get(timerKey));
    this.#typingTimers.delete(timerKey);
    const held = this.#state.typing.get(conversationId) ?? [];
    const others = held.filter((a) => typingKey(a) !== key);
    if (isTyping) {
      this.#typingTimers.set(
        timerKey,
        this.#timers.setTimeout(() => this.setTyping(conversationId, author, false), this.#typingExpiryMs),
      );
      // A message usually follows; re-announcing someone already typing changes nothing.
      if (others.length !== held.length) return;
      this.#set({ typing: this.#withList(this.#state.typing, conversationId, [...others, author]) });
    } else if (others.length !== held.length) {
      this.#set({ typing: this.#withList(this.#state.typing, conversationId, others) });
    }
  }

  /** Replaces the quick replies, sorted by shortcut. */
  setQuickReplies(quickReplies: readonly QuickReply[]): void {
    const sorted = [...quickReplies].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
    this.#set({ quickReplies: sorted });
  }

  /** Adds or replaces one quick reply (after the API confirmed it). */
  putQuickReply(reply: QuickReply): void {
    this.setQuickReplies([...this.#state.quickReplies.filter((r) => r.id !== reply.id), reply]);
  }

  /** Removes one quick reply (after the API confirmed it). */
  removeQuickReply(id: string): void {
    this.setQuickReplies(this.#state.quickReplies.filter((r) => r.id !== id));
  }

  /** Adds a reply being sent, or changes the state of one already listed. */
  putPending(conversationId: string, reply: PendingReply): void {
    const held = this.#state.pending.get(conversationId) ?? [];
    const index = held.findIndex((r) => r.id === reply.id);
    const list = index === -1 ? [...held, reply] : held.map((r, i) => (i === index ? reply : r));
    this.#set({ pending: this.#withList(this.#state.pending, conversationId, list) });
  }

  /** Forgets a pending or failed reply. */
  removePending(conversationId: string, id: string): void {
    const held = this.#state.pending.get(conversationId) ?? [];
    const list = held.filter((r) => r.id !== id);
    if (list.length !== held.length) this.#set({ pending: this.#withList(this.#state.pending, conversationId, list) });
  }

  /** Keeps the unsent text of a conversation's reply box. */
  setDraft(conversationId: string, text: string): void {
    if ((this.#state.drafts.get(conversationId) ?? '') === text) return;
    const drafts = new Map(this.#state.drafts);
    if (text) drafts.set(conversationId, text);
    else drafts.delete(conversationId);
    this.#set({ drafts });
  }

  /** Keeps the product cards and link buttons waiting in a conversation's reply box. */
  setDraftCards(conversationId: string, cards: ReplyCards): void {
    const held = this.#state.draftCards.get(conversationId);
    if (held === cards || (!held && !hasCards(cards))) return;
    const draftCards = new Map(this.#state.draftCards);
    if (hasCards(cards)) draftCards.set(conversationId, cards);
    else draftCards.delete(conversationId);
    this.#set({ draftCards });
  }

  /** Opens a conversation in the console (or none). */
  select(selectedId: string | undefined): void {
    if (this.#state.selectedId !== selectedId) this.#set({ selectedId });
  }

  /** Changes which conversations the list shows. */
  setFilter(filter: ConversationFilter): void {
    if (this.#state.filter !== filter) this.#set({ filter, hasMoreConversations: false });
  }

  /** Mirrors the agent stream's connection state. */
  setConnection(connection: StreamState): void {
    if (this.#state.connection !== connection) this.#set({ connection });
  }

  /** Stops the typing timers; the store is not used after this. */
  dispose(): void {
    for (const handle of this.#typingTimers.values()) this.#timers.clearTimeout(handle);
    this.#typingTimers.clear();
    this.#listeners.clear();
  }

  #withList<T>(map: ReadonlyMap<string, readonly T[]>, key: string, list: readonly T[]): Map<string, readonly T[]> {
    const next = new Map(map);
    if (list.length > 0) next.set(key, list);
    else next.delete(key);
    return next;
  }

  #set(patch: Partial<Mutable<ConsoleState>>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of [...this.#listeners]) listener(this.#state);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
