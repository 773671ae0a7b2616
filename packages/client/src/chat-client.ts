import {
  ConfabError,
  DEFAULT_LIMITS,
  SUPPORTED_VERSIONS,
  TOKEN_PATTERN,
  createId,
  integer,
  optional,
  validateText,
  type Attachment,
  type Availability,
  type ChatMessage,
  type ClientMessage,
  type ClientMessageOf,
  type ConversationStatus,
  type Limits,
  type PreChatForm,
  type ServerMessage,
  type ServerMessageOf,
  type VisitorContext,
} from '@confab/protocol';
import { Connection } from './connection.js';
import { backoffDelay, checkFrameSize, encode } from '@confab/protocol';
import { Emitter, type Listener } from './emitter.js';
import type { ClientEvents, ConnectionState, Draft, TranscriptMessage } from './events.js';
import { checkContext, resolveOptions, type ClientOptions, type ResolvedOptions } from './options.js';
import { ATTACHMENTS, Outbox, type OutboxEntry } from './outbox.js';
import { readItem, writeItem } from './storage.js';
import { joinTabs, type TabMessage, type Tabs } from './tabs.js';
import { Transcript } from './transcript.js';
import { relayError, withAbsoluteUrls, type UploadOptions } from './relay-answers.js';
import type { OpenWaiters } from './post-upload.js';
import type { KeptIdentity } from './request-frames.js';

/** The checks and frames of the rarely used requests: request-frames.ts, loaded by the first of them. */
type RequestFrames = typeof import('./request-frames.js');

/** Options of {@link ChatClient.history}. */
export interface HistoryOptions {
  /** Only messages with a `seq` below this one; default: the newest messages. */
  before?: number;
  /** At most this many messages, 1 to 100; default: the relay's page size. */
  limit?: number;
}

/** Options of {@link ChatClient.send}. */
export interface SendOptions {
  /** Files from {@link ChatClient.upload} to send with the text (which may then be empty); at most 10. */
  attachments?: Attachment[];
}

/**
 * Who the shopper is, from the shop's login: a user id (`id`, or `userId`: the same) with the
 * `hash` the shop's server computed (HMAC-SHA256 of the id under the relay's identity secret), or
 * a `jwt` the shop's server signed, with a `refresh` that fetches a new one when it has expired.
 */
export type VisitorIdentity =
  | { id: string; name?: string; email?: string; hash?: string }
  | { userId: string; name?: string; email?: string; hash?: string }
  | { jwt: string; refresh?: () => Promise<string> };

/** One page of older messages, oldest first. */
export interface HistoryPage {
  messages: ChatMessage[];
  /** Whether there are older messages still. */
  hasMore: boolean;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: ConfabError): void;
}

type HistoryFrame = ServerMessageOf<'history'>;

/** A request the relay answers with `done`, or (`history`) with a page. */
type Ask = ClientMessageOf<'contact' | 'rate' | 'identify' | 'profile' | 'history'>;

/**
 * The latest request of one kind and everyone waiting for it (earlier calls it replaced, too).
 * A `history` request is one of many, answered on its socket or not at all.
 */
interface PendingAsk {
  frame: Ask;
  // `void`, or the page for `history`.
  waiters: Waiter<never>[];
  timer?: unknown;
  /** An expired JWT was refreshed for it once already. */
  isRefreshed?: boolean;
  /** Not sent until `refresh()` has given a new JWT. */
  isHeld?: boolean;
  /** Sent by the client itself (the identity after a welcome): no caller learns of its failure. */
  isAutomatic?: boolean;
}

/** The storage keys (after `${storageKey}:`) the client writes, all removed by `reset()`. */
const STORED_KEYS = ['token', 'conversation', 'outbox'];

/** The relay expires a typing indicator after 6 s, so it is refreshed at most every 3 s while typing goes on. */
const TYPING_REFRESH_MS = 3000;

/**
 * Error codes that refuse a message for good: sending it again cannot succeed. Other errors about
 * a message are retried. Of the codes, these are CONFAB_TEXT_INVALID, CONFAB_TEXT_TOO_LONG,
 * CONFAB_FRAME_INVALID, CONFAB_FRAME_TOO_LARGE and CONFAB_JSON_INVALID (a code this build does not
 * know arrives as CONFAB_INTERNAL).
 */
const PERMANENT_CODE = /^CONFAB_(TEXT|FRAME|JSON)_/;

const SEQ = integer();
const BEFORE = optional(integer({ min: 1 }));
const LIMIT = optional(integer({ min: 1, max: 100 }));

/** Whether what a `welcome` announced differs from what the last one did. */
function isChanged(next: unknown, previous: unknown): boolean {
  return JSON.stringify(next) !== JSON.stringify(previous);
}

/** Checks the arguments of a call: `CONFAB_REQUEST_INVALID` with the message of what `parse` threw. */
function argument<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfabError('CONFAB_REQUEST_INVALID', (error as Error).message, { cause: error });
  }
}

/** Waits for a chunk of rarely used code: `CONFAB_NOT_CONNECTED` when it cannot be downloaded. */
async function loaded<T>(code: Promise<T>, what: string): Promise<T> {
  try {
    return await code;
  } catch (error) {
    throw new ConfabError('CONFAB_NOT_CONNECTED', `Could not load the ${what} code: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A chat with the relay: connection, session, transcript, outbox and typed events, in step with
 * the shopper's other tabs on the same storage (read position, unsent messages, one `notify` per
 * message; see docs/client-sdk.md#several-tabs). Create it with {@link createClient}.
 */
export class ChatClient {
  readonly #options: ResolvedOptions;
  readonly #events = new Emitter<ClientEvents>();
  readonly #connection: Connection;
  readonly #transcript = new Transcript();
  #outbox: Outbox;
  /** The other tabs on this storage; set when the client starts, so it also tells whether it has. */
  #tabs: Tabs | undefined;
  /** Own messages not stored yet, pending or failed, in send order. */
  readonly #unsent: TranscriptMessage[] = [];
  readonly #senders = new Map<string, Waiter<TranscriptMessage>>();
  /** The pending messages that went out on the current socket. */
  readonly #sentOn = new Set<string>();
  /**
   * Requests not answered yet: one of each kind, sent when open and again after each reconnect;
   * and `history` requests, by request id, rejected when their socket goes.
   */
  readonly #asks = new Map<string, PendingAsk>();
  /** Replies being streamed, by id, in the order they began. */
  readonly #drafts = new Map<string, Draft>();
  #draftList: readonly Draft[] | undefined;
  #availability: Availability | undefined;
  #preChat: PreChatForm | undefined;
  /** Given to `identify()`; sent again after every `welcome`. */
  #identity: KeptIdentity | undefined;
  /** request-frames.ts, once a request needed it; kept, so that later ones go out in call order. */
  #requestFrames: Promise<RequestFrames> | undefined;
  /** Requests waiting for request-frames.ts: messages wait behind them, as they would behind the request. */
  #loadingRequests = 0;
  /** What the last `reset()`, here or in another tab, rejected with: a request still loading its code then is dropped. */
  #resetError: ConfabError | undefined;
  #isIdentified = false;
  /** `upload()` calls waiting for an open connection: called with nothing once open, or an error. */
  readonly #openWaiters: OpenWaiters = new Set();
  #token: string | undefined;
  #storedConversationId: string | undefined;
  #currentConversationId: string | undefined;
  #status: ConversationStatus = 'open';
  #currentLimits: Limits = DEFAULT_LIMITS;
  #agentRead = 0;
  #context: VisitorContext | undefined;
  /** When `typing: true` was last sent; undefined while not typing. */
  #typingSince: number | undefined;
  /** The shopper's read position, from any tab or device; `#readSent` is what this client told the relay. */
  #visitorRead = 0;
  #readSent = 0;
  /** Team messages up to this seq need no `notify`: there at the start, or notified by some tab. */
  #notifiedSeq = 0;
  /** `welcome.lastSeq`: the transcript is complete once it holds everything up to here. */
  #promisedSeq = 0;
  #isFilling = false;
  #catchUpTimer: unknown;
  #retryTimer: unknown;
  #retries = 0;
  #closedError: ConfabError | undefined;
  #lastError: ConfabError | undefined;
  #snapshot: readonly TranscriptMessage[] | undefined;

  /** Use {@link createClient}; the constructor takes the same options. */
  constructor(options: ClientOptions) {
    this.#options = resolveOptions(options);
    this.#outbox = new Outbox(this.#options.storage, this.#key('outbox'));
    this.#readSession();
    this.#context = this.#options.context;
    this.#connection = new Connection(this.#options, {
      state: (change) => this.#events.emit('state', change),
      hello: () => this.#hello(),
      frame: (frame) => this.#receive(frame),
      invalid: (error) => this.#report(error),
      lost: () => this.#lost(),
      fatal: (error) => this.#fatal(error),
    });
    // Deferred so that listeners added right after createClient() see every event.
    void Promise.resolve().then(() => this.#start());
  }

  /** Where the connection is; changes are reported by the `state` event. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** The conversation of this session, known after the first `welcome`. */
  get conversationId(): string | undefined {
    return this.#currentConversationId;
  }

  /** `closed` after an agent closed the conversation; the shopper's next message reopens it. */
  get conversationStatus(): ConversationStatus {
    return this.#status;
  }

  /**
   * The transcript: stored messages by `seq`, then the shopper's unacknowledged (and failed)
   * messages in send order. A new array whenever something changed; the same one otherwise.
   */
  get messages(): readonly TranscriptMessage[] {
    return (this.#snapshot ??= [...this.#transcript.messages, ...this.#unsent]);
  }

  /** Replies being written (a bot streaming its answer), oldest first. A new array whenever one changed. */
  get drafts(): readonly Draft[] {
    return (this.#draftList ??= [...this.#drafts.values()]);
  }

  /**
   * Whether a person answers now and, if not, when (`opensAt`): the relay's business hours as of
   * the last `welcome`; `undefined` when the relay has none. Changes are reported by `availability`.
   */
  get availability(): Availability | undefined {
    return this.#availability;
  }

  /**
   * The pre-chat form to show before the shopper chats, from the last `welcome`: set while the
   * relay has one and this conversation has not answered it; `undefined` once
   * {@link ChatClient.submitProfile} was accepted. Changes are reported by `pre-chat`.
   */
  get preChat(): PreChatForm | undefined {
    return this.#preChat;
  }

  /** Whether the relay accepted the identity given to {@link ChatClient.identify}; changes are reported by `identity`. */
  get isIdentified(): boolean {
    return this.#isIdentified;
  }

  /** The relay's limits from the last `welcome` (DEFAULT_LIMITS before). */
  get limits(): Limits {
    return this.#currentLimits;
  }

  /** Agents have read the shopper's messages up to and including this `seq`. */
  get agentReadSeq(): number {
    return this.#agentRead;
  }

  /**
   * The shopper has read the conversation up to and including this `seq`, in any of their tabs
   * (or, as the relay's `welcome` says, on any device). Only moves forward; changes are reported
   * by the `seen` event.
   */
  get visitorReadSeq(): number {
    return this.#visitorRead;
  }

  /**
   * Starts connecting. Idempotent; needed only with `autoConnect: false`.
   * Throws `CONFAB_CLIENT_CLOSED` after `close()`.
   */
  connect(): void {
    if (this.#closedError) throw this.#closedError;
    // After reset(), another tab may have started the shopper's next conversation already: join it.
    if (!this.#token) this.#readSession();
    this.#start();
    this.#connection.connect();
  }

  /**
   * Sends a message: validated at once, shown at once as `pending` (a `message` event), kept in the
   * stored outbox until the relay acknowledges it, sent whenever connected, and resent with the
   * same id after a reconnect until acknowledged. Resolves with the stored message. With
   * `attachments` (from {@link ChatClient.upload}) the text may be empty; they are kept in the
   * outbox too, shown at once and sent again with the message.
   * Rejects with `CONFAB_TEXT_INVALID`, `CONFAB_TEXT_TOO_LONG` or `CONFAB_FRAME_TOO_LARGE` at once
   * (nothing is queued) or later when the relay refuses the text; with `CONFAB_REQUEST_INVALID` for
   * bad attachments; with `CONFAB_CLIENT_CLOSED` after `close()` or `reset()`. If the client is
   * closed before the acknowledgement the promise rejects too, but the message stays in storage
   * and the next client on the same storage sends it.
   * @example
   * const photo = await client.upload(input.files[0]);
   * await client.send('', { attachments: [photo] });
   */
  async send(text: string, options: SendOptions = {}): Promise<TranscriptMessage> {
    if (this.#closedError) throw this.#closedError;
    const attachments = argument(() => ATTACHMENTS.parse(options.attachments, 'attachments'));
    const hasFiles = !!attachments?.length;
    const id = createId();
    const entry: OutboxEntry = {
      id,
      // With files, a blank text is no text.
      text: hasFiles && typeof text === 'string' && !text.trim() ? '' : text,
      createdAt: Date.now(),
      ...(hasFiles && { attachments }),
    };
    this.#check(entry);
    this.#start();
    const promise = new Promise<TranscriptMessage>((resolve, reject) => this.#senders.set(id, { resolve, reject }));
    this.#addUnsent(entry);
    this.#save();
    this.#tabs!.post({ v: 1, type: 'outbox' });
    this.#flush();
    return promise;
  }

  /**
   * Loads older messages: up to `limit` messages with a `seq` below `before`, oldest first. They
   * also join `messages` (with `message` events for those not held yet).
   * Rejects with `CONFAB_NOT_CONNECTED` unless `state` is `open`, `CONFAB_TIMEOUT` after
   * `requestTimeoutMs`, `CONFAB_REQUEST_INVALID` for bad options, or the relay's error code.
   */
  async history(options: HistoryOptions = {}): Promise<HistoryPage> {
    if (this.#closedError) throw this.#closedError;
    const { before, limit } = options;
    argument(() => {
      BEFORE.parse(before, 'before');
      LIMIT.parse(limit, 'limit');
    });
    const state = this.#connection.state;
    if (state !== 'open') throw new ConfabError('CONFAB_NOT_CONNECTED', `history() needs an open client, not ${state}`);
    const { messages, hasMore } = await this.#history(before, limit);
    return { messages: this.#merge(messages), hasMore };
  }

  /**
   * Leaves the shopper's email address for the team to write back to (offered outside business
   * hours). Resolves when the relay has stored it. Rejects with `CONFAB_REQUEST_INVALID`, before
   * anything is sent, unless the address looks like `ana@example.com` (spaces around it are
   * dropped). While not connected the request waits and goes out after the next `welcome`; it is
   * sent again after a reconnect until answered, and a later call replaces one not yet answered
   * (both promises settle with it). Rejects with `CONFAB_TIMEOUT` when an open connection gets no answer within
   * `requestTimeoutMs`, with the relay's code when it refuses, with `CONFAB_NOT_FOUND` when the
   * relay lost the conversation, and with `CONFAB_CLIENT_CLOSED` after `close()` (or a `reset()`
   * while its checks load). Its checks are a chunk loaded by the first `leaveEmail()`, `rate()`,
   * `identify()` or `submitProfile()`: these go out in call order, and messages sent meanwhile wait
   * behind them; when the chunk cannot be loaded the call rejects with `CONFAB_NOT_CONNECTED`.
   */
  async leaveEmail(email: string): Promise<void> {
    return this.#askWith((frames) => frames.contactFrame(email));
  }

  /**
   * Rates the conversation (CSAT): `score` from 1 to 5 and an optional comment of up to 2000
   * characters (a blank one is left out). Resolves when the relay has stored it; a later rating
   * replaces the earlier one there, so the conversation holds one rating however often this is
   * called or resent. Rejects with `CONFAB_REQUEST_INVALID` for a bad score or comment, before
   * anything is sent; otherwise waits, resends and rejects like {@link ChatClient.leaveEmail}.
   */
  async rate(score: number, comment?: string): Promise<void> {
    return this.#askWith((frames) => frames.rateFrame(score, comment));
  }

  /**
   * Uploads a file to the relay for {@link ChatClient.send}: waits for an open connection first
   * (connecting if idle) for up to `requestTimeoutMs`, checks the relay's `limits` (size, and the
   * Blob's type as a hint), then posts the bytes. Its code is a chunk loaded by the first call.
   * Resolves with the stored attachment, its `url` absolute. Rejects with `CONFAB_REQUEST_INVALID`
   * (not a Blob or Uint8Array, or a bad name), `CONFAB_UPLOAD_TOO_LARGE` /
   * `CONFAB_UPLOAD_TYPE_REFUSED` (before uploading, or from the relay), `CONFAB_TIMEOUT` (no
   * connection in time), `CONFAB_NOT_CONNECTED` (the relay, or the chunk, cannot be reached), the
   * relay's code (`CONFAB_AUTH_REJECTED` …; `CONFAB_INTERNAL` when it gives none),
   * `CONFAB_CLIENT_CLOSED`, or the signal's reason when aborted.
   * @example
   * const attachment = await client.upload(fileInput.files[0]);
   */
  async upload(file: Blob | Uint8Array, name?: string, options: UploadOptions = {}): Promise<Attachment> {
    if (this.#closedError) throw this.#closedError;
    // A chat that never uploads never downloads this code.
    const { uploadName, whenOpen, postUpload } = await loaded(import('./post-upload.js'), 'upload');
    const fileName = argument(() => uploadName(file, name));
    const { signal } = options;
    signal?.throwIfAborted();
    await whenOpen(this, this.#options, this.#openWaiters, signal);
    return postUpload(this.#options, this.#token!, file, fileName, this.#currentLimits, signal);
  }

  /**
   * Tells the relay who the shopper is, from the shop's login, so agents see it. Kept and sent
   * again after every reconnect and new conversation until `reset()`. An expired JWT is replaced
   * once per attempt with `refresh()`. Resolves when the relay accepted it (`isIdentified`).
   * Rejects with `CONFAB_REQUEST_INVALID` before anything is sent; later with
   * `CONFAB_IDENTITY_INVALID` or `CONFAB_IDENTITY_EXPIRED` (the identity is then dropped), or waits,
   * resends and rejects like {@link ChatClient.leaveEmail}.
   * @example
   * await client.identify({ id: 'u_123', name: 'Ana', hash: hashFromYourServer });
   * await client.identify({ jwt, refresh: () => fetch('/chat-token').then((r) => r.text()) });
   */
  async identify(identity: VisitorIdentity): Promise<void> {
    return this.#askWith(
      (frames) => frames.keptIdentity(identity),
      (kept) => {
        this.#identity = kept;
        return this.#identify();
      },
    );
  }

  /**
   * Sends the answers of the pre-chat form (`preChat`), by field key. Resolves when the relay has
   * stored them; `preChat` then becomes `undefined`. Rejects with `CONFAB_REQUEST_INVALID`, before
   * anything is sent, for more than 10 fields, values over 500 characters, or a required field of
   * `preChat` that is blank or an email field that is not an address; otherwise waits, resends and
   * rejects like {@link ChatClient.leaveEmail}.
   * @example
   * await client.submitProfile({ name: 'Ana', email: 'ana@example.com', order: 'A-1042' });
   */
  async submitProfile(fields: Record<string, string>): Promise<void> {
    return this.#askWith((frames) => frames.profileFrame(fields, this.#preChat));
  }

  /**
   * Forgets the shopper, for a logout on a shared device: closes the socket (the state becomes
   * `idle`), removes every key this client wrote under `storageKey` (token, conversation, outbox),
   * and clears the transcript, drafts, unsent messages, `preChat` and the identity; other tabs on
   * the same storage drop theirs too. Pending promises reject with `CONFAB_CLIENT_CLOSED`. Emits
   * `draft-end`, `pre-chat`, `identity` and `conversation` as things change, then `reset`. The next
   * `connect()` starts a new conversation. After `close()` it only wipes the storage and memory.
   * @example
   * logoutButton.onclick = () => client.reset();
   */
  reset(): void {
    this.#tabs?.post({ v: 1, type: 'reset' });
    for (const name of STORED_KEYS) writeItem(this.#options.storage, this.#key(name), undefined);
    this.#forget('call');
  }

  /**
   * Tells agents whether the shopper is typing. Call it on every keystroke: `true` goes out at most
   * every 3 s, `false` once. Dropped while not `open` (a stale indicator is worse than none).
   */
  setTyping(isTyping: boolean): void {
    const now = Date.now();
    const since = this.#typingSince;
    // Nothing new to say: still typing within the refresh window, or already stopped.
    if (this.#connection.state !== 'open' || (isTyping ? now - since! < TYPING_REFRESH_MS : since === undefined)) return;
    this.#typingSince = isTyping ? now : undefined;
    this.#transmit({ type: 'typing', isTyping: !!isTyping });
  }

  /**
   * Tells agents, and the shopper's other tabs, that the shopper has seen every message up to
   * `seq` (default: the highest held). Only moves forward (`visitorReadSeq`, a `seen` event); sent
   * now when open, else after the next `welcome`. Ignored after `close()`.
   */
  markRead(seq: number = this.#transcript.highestSeq): void {
    if (this.#closedError) return;
    argument(() => SEQ.parse(seq, 'seq'));
    this.#seen(seq);
    this.#sendRead();
  }

  /**
   * Replaces the visitor context the agents see (page, product, locale …): sent now when open and
   * in every later `hello`. Throws `CONFAB_REQUEST_INVALID` naming the bad field. Ignored after `close()`.
   */
  setContext(context: VisitorContext): void {
    if (this.#closedError) return;
    this.#context = checkContext(context, 'CONFAB_REQUEST_INVALID');
    this.#transmit({ type: 'context', context: this.#context });
  }

  /**
   * Closes the connection for good (close code 1000), removes every listener and leaves the
   * shopper's other tabs (closes the BroadcastChannel, releases the Web Lock, so another tab takes
   * over notifying). Unacknowledged messages stay in storage for the next client. Pending and later
   * `send()`, `upload()`, `history()`, `leaveEmail()`, `rate()`, `identify()` and `submitProfile()`
   * calls reject with `CONFAB_CLIENT_CLOSED` and
   * `connect()` throws it; calling `close()` again does nothing.
   */
  close(): void {
    this.#closedError ??= new ConfabError('CONFAB_CLIENT_CLOSED', 'Client closed');
    this.#settle(this.#closedError);
    this.#connection.close();
    this.#events.clear();
  }

  /**
   * Listens to an event until the returned function is called.
   * @example
   * const off = client.on('message', (message) => render(message));
   * off();
   */
  on<K extends keyof ClientEvents>(event: K, listener: Listener<ClientEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  #key(name: string): string {
    return `${this.#options.storageKey}:${name}`;
  }

  #start(): void {
    if (this.#tabs || this.#closedError) return;
    this.#tabs = joinTabs(this.#options.storageKey, this.#options.tabs, (message) => this.#fromTab(message));
    this.#adopt();
    if (this.#options.autoConnect) this.#connection.connect();
  }

  /** Shows and sends the unsent messages of earlier page loads and other tabs, each once. */
  #adopt(): void {
    for (const entry of this.#outbox.adopt((id) => this.#transcript.has(id))) this.#addUnsent(entry);
  }

  /** A message from another tab: trusted in nothing (see {@link TabMessage}). */
  #fromTab(data: unknown): void {
    const { v, type, seq, conversationId, hidden } = (data ?? {}) as Partial<Record<string, unknown>>;
    if (v !== 1) return;
    if (type === 'outbox') {
      this.#adopt();
      return this.#flush();
    }
    if (type === 'reset') return this.#forget('other-tab');
    if (!conversationId || conversationId !== this.#currentConversationId || !Number.isSafeInteger(seq)) return;
    if (type === 'read') this.#seen(seq as number);
    if (type !== 'notified') return;
    this.#notifiedSeq = Math.max(this.#notifiedSeq, seq as number);
    // A hidden tab notified: if this one is visible, it should, from now on.
    if (hidden) this.#tabs!.claim();
  }

  #check(message: OutboxEntry): void {
    const { text } = message;
    if (typeof text !== 'string') throw new ConfabError('CONFAB_TEXT_INVALID', `Message text must be a string, not ${typeof text}`);
    if (text || !message.attachments) validateText(text, this.#currentLimits.maxTextLength);
    checkFrameSize(encode(this.#frame(message)), this.#currentLimits.maxFrameBytes);
  }

  #frame({ id, text, attachments }: OutboxEntry): ClientMessageOf<'message'> {
    return { type: 'message', id, text, attachments: attachments?.map((file) => file.id) };
  }

  /** Takes the session a stored token names, if there is one. */
  #readSession(): void {
    const token = readItem(this.#options.storage, this.#key('token'));
    if (token && TOKEN_PATTERN.test(token)) {
      this.#token = token;
      this.#storedConversationId = readItem(this.#options.storage, this.#key('conversation')) ?? undefined;
    }
  }

  /** Sends the kept identity; its outcome is reported by the `identity` event. */
  #identify(isAutomatic?: boolean): Promise<void> {
    return this.#ask({ type: 'identify', requestId: createId(), ...this.#identity!.fields }, isAutomatic);
  }

  /** Replaces an expired JWT with `refresh()` and sends the request again; false when it cannot (no callback, or done once). */
  #refreshIdentity(ask: PendingAsk, expired: ConfabError): boolean {
    const refresh = this.#identity?.refresh;
    if (!refresh || ask.isRefreshed) return false;
    ask.isRefreshed = ask.isHeld = true;
    ask.timer = this.#connection.clear(ask.timer);
    const isCurrent = (): boolean => this.#asks.get('identify') === ask;
    // Loaded: identify() needed it to keep a JWT with a refresh().
    this.#requestFrames!.then((frames) => frames.refreshedJwt(refresh, expired)).then(
      (jwt) => {
        if (!isCurrent()) return;
        this.#identity = { ...this.#identity!, fields: { jwt } };
        ask.frame = { type: 'identify', requestId: createId(), jwt };
        ask.isHeld = false;
        this.#sendAsk(ask);
      },
      (error: ConfabError) => {
        if (isCurrent()) this.#answer(ask.frame.requestId, error);
      },
    );
    return true;
  }

  /** Drops the conversation from memory (its storage is gone already): `reset()` here or in another tab. */
  #forget(source: ClientEvents['reset']['source']): void {
    if (!this.#closedError) this.#connection.close('idle');
    this.#identity = undefined;
    this.#rejectAll((this.#resetError = new ConfabError('CONFAB_CLIENT_CLOSED', 'Client reset')));
    this.#unsent.length = 0;
    this.#sentOn.clear();
    this.#outbox = new Outbox(this.#options.storage, this.#key('outbox'));
    this.#transcript.clear();
    this.#endDrafts();
    this.#token = this.#storedConversationId = this.#currentConversationId = undefined;
    this.#agentRead = this.#readSent = this.#visitorRead = this.#notifiedSeq = this.#promisedSeq = this.#retries = 0;
    this.#changed();
    this.#setStatus('open');
    this.#setPreChat(undefined);
    this.#setIdentified(false);
    this.#events.emit('reset', { source });
  }

  #setPreChat(preChat: PreChatForm | undefined): void {
    if (isChanged(preChat, this.#preChat)) this.#events.emit('pre-chat', { preChat: (this.#preChat = preChat) });
  }

  #setIdentified(isIdentified: boolean, error?: ConfabError): void {
    if (isIdentified === this.#isIdentified && !error) return;
    this.#isIdentified = isIdentified;
    this.#events.emit('identity', { isIdentified, error });
  }

  #hello(): ClientMessageOf<'hello'> {
    return {
      type: 'hello',
      versions: SUPPORTED_VERSIONS as number[],
      token: this.#token,
      lastSeq: this.#transcript.syncedSeq,
      context: this.#context,
    };
  }

  #transmit(frame: ClientMessage): boolean {
    return this.#connection.state === 'open' && this.#connection.send(frame);
  }

  /** Mirrors the pending messages to the stored outbox. */
  #save(): void {
    this.#outbox.save(this.#unsent.filter((message) => message.status === 'pending'));
  }

  #changed(): void {
    this.#snapshot = undefined;
  }

  /** Shows an own message as pending. */
  #addUnsent(entry: OutboxEntry): void {
    const message: TranscriptMessage = { ...entry, seq: undefined, author: { role: 'visitor' }, status: 'pending', isOwn: true };
    this.#unsent.push(message);
    this.#changed();
    this.#events.emit('message', message);
  }

  /** Sends every pending message that has not gone out on the current socket yet, in send order. */
  #flush(): void {
    if (this.#connection.state !== 'open' || this.#loadingRequests) return;
    // A copy: an acknowledgement can arrive while sending (and remove messages from the list).
    for (const message of [...this.#unsent]) {
      if (message.status !== 'pending' || this.#sentOn.has(message.id) || !this.#unsent.includes(message)) continue;
      this.#sentOn.add(message.id);
      this.#connection.send(this.#frame(message));
    }
  }

  #receive(frame: ServerMessage): void {
    switch (frame.type) {
      case 'welcome':
        return this.#welcome(frame);
      case 'message':
        return void this.#merge([frame.message]);
      case 'draft':
        return this.#draft(frame);
      case 'draft-end':
        return this.#endDraft(frame.id);
      case 'done':
        return void this.#answer(frame.requestId);
      case 'ack':
        this.#acknowledge(frame);
        return this.#checkGap();
      case 'read':
        return this.#agentReadUpTo(frame.seq);
      case 'typing':
        return this.#events.emit('typing', { isTyping: frame.isTyping, author: frame.author });
      case 'status':
        return this.#setStatus(frame.status);
      case 'history':
        return void this.#answer(frame.requestId, undefined, frame);
      case 'error':
        return this.#receiveError(frame);
      // 'pong' only proves the socket alive, which the connection notes for every frame.
    }
  }

  #welcome(welcome: ServerMessageOf<'welcome'>): void {
    const { storage } = this.#options;
    const isLost = this.#token !== undefined && !welcome.resumed;
    const lostConversationId = isLost ? (this.#currentConversationId ?? this.#storedConversationId) : undefined;
    if (isLost) {
      // The relay no longer knows the session: the old transcript is gone, and says so below.
      this.#transcript.clear();
      this.#agentRead = this.#readSent = this.#visitorRead = 0;
      this.#changed();
      // An email or a rating meant for the lost conversation must not land on the new one.
      // (The shopper's identity is not: it is sent to the new conversation.)
      for (const { frame } of [...this.#asks.values()]) {
        if (frame.type !== 'identify') this.#answer(frame.requestId, new ConfabError('CONFAB_NOT_FOUND', `Conversation ${lostConversationId} is gone`));
      }
    }
    // A draft-end may have been missed while away; a stream still running sends its next draft.
    this.#endDrafts();
    // What the first welcome of a conversation promises is history, not news.
    if (isLost || this.#currentConversationId === undefined) this.#notifiedSeq = welcome.lastSeq;
    this.#token = welcome.token;
    this.#currentConversationId = this.#storedConversationId = welcome.conversationId;
    writeItem(storage, this.#key('token'), welcome.token);
    writeItem(storage, this.#key('conversation'), welcome.conversationId);
    this.#currentLimits = welcome.limits;
    this.#promisedSeq = welcome.lastSeq;
    this.#typingSince = undefined;
    // Messages queued under other limits that this relay would refuse (and close on, if too large).
    for (const message of [...this.#unsent]) {
      if (message.status !== 'pending') continue;
      try {
        this.#check(message);
      } catch (error) {
        this.#fail(message.id, error as ConfabError);
      }
    }
    this.#connection.opened(welcome.heartbeatMs);
    if (this.#connection.state !== 'open') return;
    this.#setStatus(welcome.status);
    const { availability, preChat } = welcome;
    if (isChanged(availability, this.#availability)) this.#events.emit('availability', { availability: (this.#availability = availability) });
    this.#setPreChat(preChat);
    this.#events.emit('session', { conversationId: welcome.conversationId, resumed: welcome.resumed, lostConversationId });
    for (const done of [...this.#openWaiters]) done();
    // Also what a tab that closed while offline left behind, should its announcement have been missed.
    this.#adopt();
    this.#sentOn.clear();
    // Identified before the messages go out, so that agents see who wrote them.
    for (const ask of this.#asks.values()) this.#sendAsk(ask);
    if (this.#identity && !this.#asks.has('identify')) this.#identify(true).catch(() => {});
    this.#flush();
    const read = welcome.visitorReadSeq ?? 0;
    this.#readSent = Math.max(this.#readSent, read);
    this.#seen(read);
    this.#sendRead();
    this.#checkGap();
  }

  /**
   * Adds stored messages (live, replayed or from history), each once, then looks for holes.
   * Returns them with their attachment URLs made absolute, as they are kept and shown.
   */
  #merge(received: ChatMessage[]): ChatMessage[] {
    const messages = received.map((message) => withAbsoluteUrls(message, this.#options.httpUrl));
    for (const message of messages) {
      // Our own message, stored: its acknowledgement (lost, or still on its way).
      if (this.#acknowledge(message, message)) continue;
      const isOwn = message.author.role === 'visitor';
      const entry: TranscriptMessage = { ...message, status: isOwn && message.seq <= this.#agentRead ? 'read' : 'sent', isOwn };
      if (this.#transcript.insert(entry)) {
        this.#changed();
        // The finished reply takes the draft's place: no draft-end for it.
        if (this.#drafts.delete(entry.id)) this.#draftList = undefined;
        this.#events.emit('message', entry);
        this.#notify(entry);
      }
    }
    this.#checkGap();
    return messages;
  }

  /** Settles own message `id` as stored (`stored`: as the relay has it); false if it is not an unsent one of this client. */
  #acknowledge({ id, seq, createdAt }: { id: string; seq: number; createdAt: number }, stored?: ChatMessage): boolean {
    const index = this.#unsent.findIndex((message) => message.id === id);
    // A repeated acknowledgement, or one for a message another client sent.
    if (index < 0) return false;
    const [sent] = this.#unsent.splice(index, 1);
    const message: TranscriptMessage = { ...sent!, ...stored, seq, createdAt, status: seq <= this.#agentRead ? 'read' : 'sent' };
    this.#transcript.insert(message);
    this.#retries = 0;
    this.#settleUnsent(message);
    return true;
  }

  #fail(id: string, error: ConfabError): void {
    const index = this.#unsent.findIndex((message) => message.id === id);
    this.#settleUnsent((this.#unsent[index] = { ...this.#unsent[index]!, status: 'failed' }), error);
  }

  /** An own message is stored (it has a `seq`) or refused for good (`error`): it leaves the outbox. */
  #settleUnsent(message: TranscriptMessage, error?: ConfabError): void {
    const { id, status, seq } = message;
    this.#save();
    this.#sentOn.delete(id);
    this.#changed();
    this.#events.emit('delivery', { id, status, seq, error });
    const sender = this.#senders.get(id);
    this.#senders.delete(id);
    if (error) sender?.reject(error);
    else sender?.resolve(message);
  }

  #agentReadUpTo(seq: number): void {
    if (seq <= this.#agentRead) return;
    this.#agentRead = seq;
    for (const message of this.#transcript.messages) {
      if (!message.isOwn || message.status !== 'sent' || message.seq! > seq) continue;
      this.#transcript.replace({ ...message, status: 'read' });
      this.#changed();
      this.#events.emit('delivery', { id: message.id, status: 'read', seq: message.seq! });
    }
    this.#events.emit('read', { seq });
  }

  /** Emits `notify` for a team message that is news to the shopper, if this tab is the one to. */
  #notify(message: TranscriptMessage): void {
    const seq = message.seq!;
    if (message.isOwn || message.author.role === 'system' || seq <= Math.max(this.#notifiedSeq, this.#visitorRead)) return;
    if (!this.#tabs!.isNotifier) return;
    this.#notifiedSeq = seq;
    this.#tell('notified', seq);
    this.#events.emit('notify', message);
  }

  /** Moves the shopper's read position forward, and tells the other tabs. */
  #seen(seq: number): void {
    if (seq <= this.#visitorRead) return;
    this.#visitorRead = seq;
    this.#events.emit('seen', { seq });
    this.#tell('read', seq);
  }

  /** Tells the other tabs; before the first `welcome` (no conversation yet) they ignore it. */
  #tell(type: 'read' | 'notified', seq: number): void {
    this.#tabs?.post({ v: 1, type, conversationId: this.#currentConversationId!, seq });
  }

  /** A draft of a reply not held as a message yet (one that is held was finished: a late draft is ignored). */
  #draft({ id, author, text }: ServerMessageOf<'draft'>): void {
    if (this.#transcript.has(id)) return;
    const draft: Draft = { id, author, text };
    this.#drafts.set(id, draft);
    this.#draftList = undefined;
    this.#events.emit('draft', draft);
  }

  #endDrafts(): void {
    for (const id of [...this.#drafts.keys()]) this.#endDraft(id);
  }

  #endDraft(id: string): void {
    if (!this.#drafts.delete(id)) return;
    this.#draftList = undefined;
    this.#events.emit('draft-end', { id });
  }

  /**
   * Makes a request whose checks and frame are in request-frames.ts: `build` checks the arguments
   * there (`CONFAB_REQUEST_INVALID`) and `ask` sends what it made. The first such request loads the
   * code; one that cannot load rejects with `CONFAB_NOT_CONNECTED`, and nothing is sent.
   */
  async #askWith<T>(build: (frames: RequestFrames) => T, ask = (frame: T): Promise<void> => this.#ask(frame as Ask)): Promise<void> {
    const resetError = this.#resetError;
    this.#loadingRequests++;
    try {
      const frames = await loaded((this.#requestFrames ??= import('./request-frames.js')), 'request').catch((error: ConfabError) => {
        // Tried again by the next request.
        this.#requestFrames = undefined;
        throw this.#closedError ?? error;
      });
      const value = argument(() => build(frames));
      if (resetError !== this.#resetError) throw this.#resetError;
      return ask(value);
    } finally {
      // Messages sent while the code loaded go out now, after the request.
      this.#loadingRequests--;
      this.#flush();
    }
  }

  /** Replaces any unanswered request of the same kind (the relay keeps only the latest anyway) and sends it if open. */
  #ask<T = void>(frame: Ask, isAutomatic?: boolean): Promise<T> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    this.#start();
    const key = frame.type === 'history' ? frame.requestId : frame.type;
    const earlier = this.#asks.get(key);
    this.#connection.clear(earlier?.timer);
    const ask: PendingAsk = { frame, waiters: earlier?.waiters ?? [], isAutomatic };
    this.#asks.set(key, ask);
    const promise = new Promise<T>((resolve, reject) => ask.waiters.push({ resolve, reject } as Waiter<never>));
    this.#sendAsk(ask);
    return promise;
  }

  #sendAsk(ask: PendingAsk): void {
    if (ask.isHeld || !this.#transmit(ask.frame)) return;
    const ms = this.#options.requestTimeoutMs;
    ask.timer = this.#connection.later(ms, () => {
      this.#answer(ask.frame.requestId, new ConfabError('CONFAB_TIMEOUT', `No answer to "${ask.frame.type}" within ${ms} ms`));
      // No answer usually means a dead socket: find out now rather than at the next heartbeat.
      this.#connection.check();
    });
  }

  /** Settles the unanswered request `requestId` (rejects with `error`); false when there is none. */
  #answer(requestId: string, error?: ConfabError, page?: HistoryFrame): boolean {
    for (const [key, ask] of this.#asks) {
      if (ask.frame.requestId !== requestId) continue;
      const { type } = ask.frame;
      // A page answers only `history`, and `done` everything else: a relay mixing them up is ignored.
      if (!error && (type === 'history') !== (page !== undefined)) return false;
      // An expired JWT first gets a new one from `refresh()`, once per attempt.
      if (type === 'identify' && error?.code === 'CONFAB_IDENTITY_EXPIRED' && this.#refreshIdentity(ask, error)) return true;
      this.#asks.delete(key);
      this.#connection.clear(ask.timer);
      if (type === 'profile' && !error) this.#setPreChat(undefined);
      if (type === 'identify') {
        const isRefused = error?.code.startsWith('CONFAB_IDENTITY');
        // A refused identity would be refused again after every reconnect.
        if (isRefused) this.#identity = undefined;
        if (!error || isRefused) this.#setIdentified(!error, error);
        if (isRefused && ask.isAutomatic) this.#report(error!);
      }
      for (const waiter of ask.waiters as Waiter<HistoryFrame | undefined>[]) {
        if (error) waiter.reject(error);
        else waiter.resolve(page);
      }
      return true;
    }
    return false;
  }

  #setStatus(status: ConversationStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#events.emit('conversation', { status });
  }

  #receiveError(frame: ServerMessageOf<'error'>): void {
    // A newer relay may send a code this build does not know; keep it readable in the message.
    const error = relayError(frame.code, frame.message);
    if (this.#answer(frame.requestId!, error)) return;
    const isPending = this.#unsent.some((message) => message.id === frame.id && message.status === 'pending');
    if (isPending && PERMANENT_CODE.test(error.code)) return this.#fail(frame.id!, error);
    // Transient (CONFAB_STORE_FAILED, CONFAB_RATE_LIMITED …): report it and send again later.
    if (isPending) this.#retryLater();
    this.#report(error);
  }

  #retryLater(): void {
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = this.#connection.later(backoffDelay(this.#retries++, this.#options.backoff, this.#options.random), () => {
      this.#retryTimer = undefined;
      this.#sentOn.clear();
      this.#flush();
    });
  }

  #sendRead(): void {
    const seq = this.#visitorRead;
    if (seq > this.#readSent && this.#transmit({ type: 'read', seq })) this.#readSent = seq;
  }

  #history(before: number | undefined, limit: number | undefined): Promise<HistoryFrame> {
    return this.#ask({ type: 'history', requestId: createId(), before, limit });
  }

  /**
   * Makes sure the transcript has no hole. Live messages arrive in order, so a hole above what
   * `welcome` promised means a lost message: it is fetched at once with `history`. Below that the
   * replay may still be on its way (an ack can overtake it), so the client asks only if the replay
   * makes no progress for `requestTimeoutMs`.
   */
  #checkGap(): void {
    this.#connection.clear(this.#catchUpTimer);
    if (this.#isFilling || this.#connection.state !== 'open') return;
    const upper = this.#transcript.nextHeldAfterGap();
    const isReplaying = this.#transcript.syncedSeq < this.#promisedSeq;
    if (upper !== undefined && !isReplaying) return this.#fill(upper);
    if (upper !== undefined || isReplaying) {
      this.#catchUpTimer = this.#connection.later(this.#options.requestTimeoutMs, () =>
        this.#fill(this.#transcript.nextHeldAfterGap() ?? this.#promisedSeq + 1),
      );
    }
  }

  /** Fetches the missing messages just below `before`; if the relay no longer has them, says so. */
  #fill(before: number): void {
    const from = this.#transcript.syncedSeq + 1;
    this.#isFilling = true;
    this.#history(before, Math.min(100, before - from)).then(
      ({ messages }) => {
        this.#isFilling = false;
        if (!messages.some((message) => message.seq >= from && message.seq < before)) {
          this.#transcript.skipTo(before - 1);
          this.#report(new ConfabError('CONFAB_NOT_FOUND', `Messages ${from} to ${before - 1} are gone`));
        }
        this.#merge(messages);
      },
      () => {
        this.#isFilling = false;
        // A resume from the last complete seq refills the hole. (If the socket is gone already,
        // which is why the request failed, this does nothing: its successor comes in a later task.)
        this.#connection.drop('Missing messages not fetched');
      },
    );
  }

  #report(error: ConfabError): void {
    this.#lastError = error;
    this.#events.emit('error', error);
  }

  /** The socket is gone (or, with `error`, the client): stops timers and rejects requests. */
  #lost(error = new ConfabError('CONFAB_NOT_CONNECTED', 'Connection lost')): void {
    this.#connection.clear(this.#catchUpTimer);
    this.#retryTimer = this.#connection.clear(this.#retryTimer);
    this.#typingSince = undefined;
    for (const ask of [...this.#asks.values()]) {
      // Unanswered emails and ratings wait for the next socket, where they are sent again; pages do not.
      if (ask.frame.type === 'history') this.#answer(ask.frame.requestId, error);
      else ask.timer = this.#connection.clear(ask.timer);
    }
  }

  #fatal(error: ConfabError): void {
    // The relay usually explains itself in an error frame just before the close; report that once.
    const reported = this.#lastError?.code === error.code ? this.#lastError : undefined;
    this.#closedError = reported ?? error;
    if (!reported) this.#report(error);
    this.#settle(this.#closedError);
  }

  /** Rejects every outstanding promise and leaves the other tabs; unacknowledged messages stay in the stored outbox. */
  #settle(error: ConfabError): void {
    this.#tabs?.close();
    this.#rejectAll(error);
  }

  #rejectAll(error: ConfabError): void {
    this.#lost(error);
    for (const sender of this.#senders.values()) sender.reject(error);
    this.#senders.clear();
    for (const ask of [...this.#asks.values()]) this.#answer(ask.frame.requestId, error);
    for (const done of [...this.#openWaiters]) done(error);
  }
}

/**
 * Creates a chat client and, unless `autoConnect` is false, connects it (in a microtask, so
 * listeners added right after see every event). Throws `CONFAB_CONFIG_INVALID` naming the bad
 * option, for example a missing `WebSocket` on Node 20.
 * @example
 * // Browser
 * const client = createClient({ url: 'https://relay.example' });
 * client.on('message', (message) => render(message));
 * await client.send('Is this kettle in stock?');
 * @example
 * // Node 20
 * import WebSocket from 'ws';
 * const client = createClient({ url: 'ws://127.0.0.1:8787', WebSocket, storage: memoryStorage() });
 */
export function createClient(options: ClientOptions): ChatClient {
  return new ChatClient(options);
}
