import { createClient } from '@confab/client';
import type { ChatClient, ClientOptions, ConnectionState, Draft, TranscriptMessage } from '@confab/client';
import type { Attachment, Author, Availability, ConversationStatus, Limits, PreChatForm } from '@confab/protocol';
import { ConfabError, DEFAULT_LIMITS } from '@confab/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PageContextSync, type PageContextSyncOptions } from '../context/page-context-sync.js';
import { storageFor } from '@confab/client';
import type { StorageMode } from '../storage-mode.js';
import { warnOnce } from '../warn-once.js';

/**
 * The part of `ChatClient` (from `@confab/client`) the widget uses. A client from
 * `createClient()` fits; so does a test double.
 */
export type ChatClientLike = Pick<
  ChatClient,
  | 'state'
  | 'conversationId'
  | 'conversationStatus'
  | 'messages'
  | 'drafts'
  | 'availability'
  | 'limits'
  | 'agentReadSeq'
  | 'visitorReadSeq'
  | 'connect'
  | 'send'
  | 'setTyping'
  | 'markRead'
  | 'setContext'
  | 'leaveEmail'
  | 'rate'
  | 'close'
  | 'on'
  | 'upload'
  | 'identify'
  | 'submitProfile'
  | 'reset'
  | 'preChat'
>;

/**
 * The part of `Storage` the controller uses: it reads whether the shopper chatted before, and
 * notes which conversation the shopper rated (with `setItem`, when there is one); `localStorage`
 * by default.
 */
export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem?(key: string, value: string): void;
}

/** Options of {@link ConnectionController}, mostly for tests. */
export interface ConnectionControllerOptions {
  /** Makes the client when a relay is set. @default createClient from @confab/client */
  createClient?: (options: ClientOptions) => ChatClientLike;
  /**
   * Where the client's session token and outbox are looked up (tests). Without it, the storage of
   * `storageMode()` is used, and given to the client too.
   */
  storage?: SessionStorageLike | null;
  /** The host's `storage` attribute, read when the client is made. @default 'local' */
  storageMode?: () => StorageMode;
  /** Called for every message added to the transcript (the shopper's own included). */
  onMessage?: (message: TranscriptMessage) => void;
  /** Options of the page-context watcher (how the page is read and watched). */
  context?: PageContextSyncOptions;
  /** How long a typing indicator stays without a refresh from the relay. @default 10000 */
  typingTimeoutMs?: number;
  /**
   * Called for the client's `notify` event: a message from an agent or bot to tell the shopper
   * about, once across all their tabs.
   */
  onNotify?: (message: TranscriptMessage) => void;
}

// The client keeps its session token under `${storageKey}:token` and unsent messages under
// `${storageKey}:outbox` (storageKey default "confab", see docs/decisions/0001-architecture.md).
// Either means this shopper has chatted before, so the widget connects without waiting. (The read
// position, which widgets before 0.2 kept under `confab:widget-read`, now comes from the client:
// the relay and the other tabs tell it. The old key is ignored.)
const SESSION_KEYS = ['confab:token', 'confab:outbox'];
/** The conversation the shopper last rated, so the rating is not asked for again after a reload. */
const RATED_KEY = 'confab:rated';

/** What the widget says when there is no relay: in its errors and its dev-time warning. @internal */
export const NO_RELAY = '<confab-chat> has no relay; set its relay attribute (or data-relay on the script tag)';

/** The `CONFAB_NOT_CONNECTED` error of a call that needs a relay. @internal */
export function noRelayError(): ConfabError {
  return new ConfabError('CONFAB_NOT_CONNECTED', NO_RELAY);
}

/** Client events that change only what the host renders. */
const UPDATING_EVENTS = ['state', 'delivery', 'read', 'seen', 'conversation', 'session', 'availability', 'draft-end', 'pre-chat', 'reset'] as const;

function isFromTeam(message: TranscriptMessage): boolean {
  return !message.isOwn && (message.author.role === 'agent' || message.author.role === 'bot');
}

/**
 * A Lit reactive controller that owns the widget's {@link ChatClient}: creates it from the relay
 * URL with the page context, connects it when the shopper opens the chat (or at once for a
 * shopper with a stored session, so replies and the unread badge show up), turns its events into
 * host updates, keeps the context current, and closes it when the host leaves the page.
 *
 * A client can be injected instead (`widget.client = …`): it is used as is and not closed by the
 * controller, because its owner may still need it.
 */
export class ConnectionController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ConnectionControllerOptions;
  #storage: SessionStorageLike | null = null;

  #relay: string | undefined;
  #injected: ChatClientLike | undefined;
  #client: ChatClientLike | undefined;
  #ownsClient = false;
  #offs: Array<() => void> = [];
  #sync: PageContextSync | undefined;
  #isConnected = false;
  #teardownPending = false;

  #typing: Author | undefined;
  #rated: string | undefined;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** Another tab of the shopper started chatting: this one joins at once, as after a reload. */
  readonly #onStorage = (event: StorageEvent): void => {
    if (event.newValue && SESSION_KEYS.includes(event.key!)) this.connect();
  };

  constructor(host: ReactiveControllerHost, options: ConnectionControllerOptions = {}) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The client in use, if a relay is set or one was injected. */
  get client(): ChatClientLike | undefined {
    return this.#client;
  }

  /** The connection state; `closed` when there is no client at all (no relay configured). */
  get state(): ConnectionState {
    return this.#client?.state ?? 'closed';
  }

  /** The transcript: stored messages by `seq`, then pending ones. A new array after every change. */
  get messages(): readonly TranscriptMessage[] {
    return this.#client?.messages ?? [];
  }

  /** Replies being streamed by a bot, oldest first; none once their message arrived. */
  get drafts(): readonly Draft[] {
    return this.#client?.drafts ?? [];
  }

  /** The relay's business hours as of the last handshake; `undefined` when it has none. */
  get availability(): Availability | undefined {
    return this.#client?.availability;
  }

  /** The conversation of this session, after the first handshake. */
  get conversationId(): string | undefined {
    return this.#client?.conversationId;
  }

  /** Whether the shopper rated the current conversation, in this tab or on an earlier page. */
  get hasRated(): boolean {
    const id = this.conversationId;
    if (id === undefined) return false;
    if (this.#rated === undefined) {
      try {
        this.#rated = this.#storage?.getItem(RATED_KEY) ?? undefined;
      } catch {
        // Site data blocked: the rating may be offered again after a reload, which is harmless.
      }
    }
    return this.#rated === id;
  }

  /** Whether the conversation is `open` or was `closed` by an agent. */
  get conversationStatus(): ConversationStatus {
    return this.#client?.conversationStatus ?? 'open';
  }

  /** Agents have read the shopper's messages up to this `seq`. */
  get agentReadSeq(): number {
    return this.#client?.agentReadSeq ?? 0;
  }

  /** The relay's limits (text length), or the protocol defaults before the first handshake. */
  get limits(): Limits {
    return this.#client?.limits ?? DEFAULT_LIMITS;
  }

  /** The agent or bot who is typing right now, if any. */
  get typing(): Author | undefined {
    return this.#typing;
  }

  /** Messages from agents and bots the shopper has not seen yet, in any of their tabs. */
  get unreadCount(): number {
    const readSeq = this.#client?.visitorReadSeq ?? 0;
    return this.messages.filter((message) => isFromTeam(message) && (message.seq ?? 0) > readSeq).length;
  }

  /**
   * Points the controller at a relay and/or an injected client; the host calls this whenever its
   * `relay` or `client` property changes. Replaces the current client if the source changed.
   */
  configure(relay: string | undefined, injected: ChatClientLike | undefined): void {
    const normalizedRelay = relay?.trim() || undefined;
    if (normalizedRelay === this.#relay && injected === this.#injected) return;
    this.#relay = normalizedRelay;
    this.#injected = injected;
    if (this.#isConnected) {
      this.#detach();
      this.#attach();
    }
  }

  /** Opens the connection if it is not open or opening yet (idempotent). */
  connect(): void {
    if (this.#client?.state === 'idle') this.#client.connect();
  }

  /**
   * Sends a message (queued by the client while offline). A failure shows on the message itself
   * as `failed`, so the returned promise never rejects.
   */
  async send(text: string, attachments?: Attachment[]): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.connect();
    try {
      await client.send(text, attachments ? { attachments } : {});
    } catch {
      // The client reports the failure through a `delivery` event, which marks the message.
    }
  }

  /**
   * Uploads files for a message, in order (connecting first if needed); rejects with the client's
   * `ConfabError` and the file it was about, so the shopper can be told which one failed.
   */
  async upload(files: readonly File[]): Promise<Attachment[]> {
    const client = this.#need();
    this.connect();
    const attachments: Attachment[] = [];
    for (const file of files) {
      try {
        attachments.push(await client.upload(file, file.name));
      } catch (error) {
        throw Object.assign(error as Error, { file });
      }
    }
    return attachments;
  }

  /**
   * Leaves the shopper's email address (see `ChatClient.leaveEmail`); rejects with the client's
   * `ConfabError`, or `CONFAB_NOT_CONNECTED` when there is no client.
   */
  async leaveEmail(email: string): Promise<void> {
    const client = this.#need();
    this.connect();
    await client.leaveEmail(email);
  }

  /**
   * Forgets the shopper (logout on a shared device): the client wipes its token, conversation and
   * unsent messages from storage and memory, and the rating note goes too.
   */
  reset(): void {
    this.#client?.reset();
    this.#rated = undefined;
    try {
      (this.#storage as { removeItem?(key: string): void } | null)?.removeItem?.(RATED_KEY);
    } catch {
      // Blocked storage holds nothing of ours.
    }
    this.#setTyping(undefined);
  }

  /** The relay's pre-chat form while this conversation has not answered it. */
  get preChat(): PreChatForm | undefined {
    return this.#client?.preChat;
  }

  /** Sends the pre-chat answers (see `ChatClient.submitProfile`); rejects like {@link leaveEmail}. */
  async submitProfile(fields: Record<string, string>): Promise<void> {
    const client = this.#need();
    await client.submitProfile(fields);
  }

  /** Rates the conversation (see `ChatClient.rate`) and remembers that it was rated; rejects like {@link leaveEmail}. */
  async rate(score: number, comment?: string): Promise<void> {
    const client = this.#need();
    this.connect();
    await client.rate(score, comment);
    const id = client.conversationId;
    if (id === undefined) return;
    this.#rated = id;
    try {
      this.#storage?.setItem?.(RATED_KEY, id);
    } catch {
      // Storage full or blocked: remembered for this page only.
    }
  }

  #need(): ChatClientLike {
    if (!this.#client) throw noRelayError();
    return this.#client;
  }

  /** Tells agents whether the shopper is typing (the client throttles and drops it offline). */
  setTyping(isTyping: boolean): void {
    if (this.#client?.state === 'open') this.#client.setTyping(isTyping);
  }

  /**
   * Marks every message as read, if any from the team is unread. The client tells the relay and
   * the shopper's other tabs, whose badges clear at once; its `seen` event updates this host.
   */
  markRead(): void {
    if (this.unreadCount === 0) return;
    this.#client!.markRead(Math.max(0, ...this.messages.map((message) => message.seq ?? 0)));
  }

  /** Reads the page again and sends the context if it changed (for example when the panel opens). */
  refreshContext(): void {
    this.#sync?.refresh();
  }

  /** Sets the shop's own key/value pairs sent with the page context (`setContext()` of the JS API). */
  setCustomContext(custom: Record<string, string>): void {
    this.#sync?.setCustom(custom);
  }

  /** @internal Lit lifecycle. */
  hostConnected(): void {
    this.#isConnected = true;
    if (this.#teardownPending) {
      // Moved within the page in one task: keep the same client and connection.
      this.#teardownPending = false;
      return;
    }
    this.#attach();
  }

  /** @internal Lit lifecycle. */
  hostDisconnected(): void {
    this.#isConnected = false;
    this.#teardownPending = true;
    queueMicrotask(() => {
      if (!this.#teardownPending) return;
      this.#teardownPending = false;
      this.#detach();
    });
  }

  #attach(): void {
    const { storage, storageMode, context: contextOptions, createClient: create = createClient } = this.#options;
    // Injected storage (tests) is not the client's business; the attribute's storage is given to it too.
    const mode = storage === undefined ? (storageMode?.() ?? 'local') : undefined;
    this.#storage = mode ? storageFor(mode) : (storage ?? null);
    this.#rated = undefined;
    const relay = this.#relay;
    let client = this.#injected;
    if (!client && !relay) return;
    // The context needs a target before an own client exists; it forwards to the client once made.
    const sync = new PageContextSync({ setContext: (context) => client?.setContext(context) }, contextOptions);
    const context = sync.start();
    try {
      if (client) client.setContext(context);
      else client = create({ url: relay!, context, autoConnect: false, ...(mode ? { storage: mode } : {}) });
    } catch (error) {
      // An injected client's context is cut to the protocol's limits, so refusing it is never
      // expected, and the chat works without one. A relay URL the client cannot use: the widget
      // shows "unavailable" instead of breaking the page.
      if (!client) warnOnce('relay-invalid', `<confab-chat> cannot use relay "${relay}": ${(error as Error).message}`, 'CONFAB_CONFIG_INVALID');
    }
    if (!client) {
      sync.stop();
      return;
    }
    this.#sync = sync;
    this.#client = client;
    this.#ownsClient = client !== this.#injected;
    const update = () => this.#host.requestUpdate();
    const { onMessage, onNotify } = this.#options;
    this.#offs = [
      ...UPDATING_EVENTS.map((type) => client.on(type, update)),
      // The reply itself shows as it is written: no "typing…" under it.
      client.on('draft', () => this.#setTyping(undefined)),
      client.on('notify', (message) => onNotify?.(message)),
      client.on('message', (message) => {
        if (isFromTeam(message)) this.#setTyping(undefined);
        onMessage?.(message);
        update();
      }),
      client.on('typing', ({ isTyping, author }) => {
        if (author.role !== 'visitor') this.#setTyping(isTyping ? author : undefined);
      }),
    ];
    if (this.#hasStoredSession()) this.connect();
    globalThis.addEventListener?.('storage', this.#onStorage);
    this.#host.requestUpdate();
  }

  #detach(): void {
    globalThis.removeEventListener?.('storage', this.#onStorage);
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#sync?.stop();
    this.#sync = undefined;
    this.#setTyping(undefined, false);
    if (this.#client && this.#ownsClient) this.#client.close();
    this.#client = undefined;
  }

  #setTyping(author: Author | undefined, update = true): void {
    clearTimeout(this.#typingTimer);
    this.#typing = author;
    if (author) {
      // A lost "stopped typing" frame must not leave the indicator on forever.
      this.#typingTimer = setTimeout(() => this.#setTyping(undefined), this.#options.typingTimeoutMs ?? 10_000);
    }
    if (update) this.#host.requestUpdate();
  }

  #hasStoredSession(): boolean {
    try {
      return SESSION_KEYS.some((key) => Boolean(this.#storage?.getItem(key)));
    } catch {
      return false;
    }
  }
}
