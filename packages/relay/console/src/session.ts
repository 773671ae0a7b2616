import { CLOSE_CODES, ConfabError, createId, type QuickReply } from '@confab/protocol';
import { AgentApiClient, AgentApiError, isAuthError, type OutboxDelivery, type QuickReplyInput } from './api-client.js';
import { AgentStream, agentSocketUrl, type StreamFrame, type Timers, type WebSocketFactory } from './agent-stream.js';
import type { BackoffOptions } from '@confab/client';
import { Emitter } from '@confab/client';
import { hasCards, NO_CARDS, type ReplyCards } from './reply-cards.js';
import { ConsoleStore, visibleConversations, type PendingFile, type PendingReply } from './store.js';
import type { ConversationFilter } from './strings.js';
import { TypingNotifier } from './typing-notifier.js';

/** Why the session ended: the agent signed out, or the relay refused the token. */
export type SignOutReason = 'user' | 'token-rejected';

/** What the console was doing when something failed; picks the notice text. */
export type NoticeAction = 'load' | 'send' | 'close' | 'connect';

/** Events of {@link ConsoleSession}. */
export interface SessionEvents {
  /** The session is over; show the sign-in form (with a message unless `reason` is `user`). */
  'signed-out': { reason: SignOutReason };
  /** Something the agent should know about failed; the session carries on. */
  notice: { action: NoticeAction; error: ConfabError };
}

/** The part of `document` the session watches to mark conversations read only when seen. */
export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** Options for {@link ConsoleSession}. */
export interface SessionOptions {
  token: string;
  /** Sent as `authorName` with replies and typing. */
  agentName: string;
  /** The relay's origin. @default location.origin */
  origin?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default globalThis.WebSocket */
  WebSocket?: WebSocketFactory;
  /** @default document */
  visibility?: VisibilitySource;
  /** Where to listen for the browser's `online` event. @default window */
  network?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Messages and conversations per page. @default 50 */
  pageSize?: number;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  timers?: Timers;
  now?: () => number;
}

/** After a reconnect, catch up on at most this many pages of an open transcript, then reload it. */
const MAX_CATCH_UP_PAGES = 20;

/**
 * One signed-in agent: owns the API client, the agent stream and the store, and turns the agent's
 * actions into API calls. Components read `session.store` and call these methods; nothing else
 * talks to the relay.
 * @example
 * const session = new ConsoleSession({ token, agentName: 'Mei' });
 * session.on('signed-out', ({ reason }) => showSignIn(reason));
 * session.start();
 */
export class ConsoleSession {
  /** The state every component renders from. */
  readonly store: ConsoleStore;
  /** The agent's display name. */
  readonly agentName: string;
  readonly #api: AgentApiClient;
  readonly #stream: AgentStream;
  readonly #typing: TypingNotifier;
  readonly #events = new Emitter<SessionEvents>();
  readonly #visibility: VisibilitySource | undefined;
  readonly #network: SessionOptions['network'];
  readonly #pageSize: number;
  readonly #now: () => number;
  readonly #cleanups: (() => void)[] = [];
  /** The highest `seq` a read request was sent for, by conversation: no duplicate requests. */
  readonly #readRequested = new Map<string, number>();
  #listRequest = 0;
  #isRunning = false;

  constructor(options: SessionOptions) {
    const origin = options.origin ?? globalThis.location.origin;
    this.agentName = options.agentName;
    this.#pageSize = options.pageSize ?? 50;
    this.#now = options.now ?? Date.now;
    this.#visibility = options.visibility ?? globalThis.document;
    this.#network = options.network ?? globalThis.window;
    this.store = new ConsoleStore(options.timers ? { timers: options.timers } : {});
    this.#api = new AgentApiClient({ token: options.token, baseUrl: origin, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.#stream = new AgentStream({
      url: agentSocketUrl(origin),
      token: options.token,
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.timers ? { timers: options.timers } : {}),
    });
    this.#typing = new TypingNotifier({
      send: (conversationId, isTyping) => {
        this.#api.setTyping(conversationId, isTyping, this.agentName).catch((error: unknown) => {
          // A lost typing hint does not matter; a refused token does.
          if (isAuthError(error)) this.signOut('token-rejected');
        });
      },
      now: this.#now,
      ...(options.timers ? { timers: options.timers } : {}),
    });
  }

  /** Listens to a session event; returns the function that stops listening. */
  on<K extends keyof SessionEvents>(event: K, listener: (payload: SessionEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Connects the stream and loads the list and quick replies. */
  start(): void {
    if (this.#isRunning) return;
    this.#isRunning = true;
    this.#cleanups.push(
      this.#stream.on('state', ({ to, reason }) => {
        this.store.setConnection(to);
        if (to !== 'closed' || !reason) return;
        if (reason.code === CLOSE_CODES.AUTH_REJECTED) this.signOut('token-rejected');
        else if (reason.code === CLOSE_CODES.VERSION_UNSUPPORTED) {
          this.#notice('connect', new ConfabError('CONFAB_VERSION_UNSUPPORTED', reason.reason || 'No shared protocol version'));
        }
      }),
      this.#stream.on('welcome', () => this.#reload()),
      this.#stream.on('frame', (frame) => this.#applyFrame(frame)),
      this.store.subscribe(() => this.#markReadIfSeen()),
    );
    const onVisibility = () => this.#markReadIfSeen();
    this.#visibility?.addEventListener('visibilitychange', onVisibility);
    this.#cleanups.push(() => this.#visibility?.removeEventListener('visibilitychange', onVisibility));
    const onOnline = () => this.#stream.connect();
    this.#network?.addEventListener('online', onOnline);
    this.#cleanups.push(() => this.#network?.removeEventListener('online', onOnline));

    this.#stream.connect();
    // Show the list at once; the first `welcome` loads it again so nothing between is missed.
    void this.loadConversations();
    void this.#loadQuickReplies();
  }

  /** Ends the session: closes the stream and stops every timer. Emits nothing. */
  stop(): void {
    if (!this.#isRunning) return;
    this.#isRunning = false;
    this.#typing.stop();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#stream.close();
    this.store.dispose();
  }

  /** Ends the session and tells the console to show the sign-in form. */
  signOut(reason: SignOutReason): void {
    if (!this.#isRunning) return;
    this.stop();
    this.#events.emit('signed-out', { reason });
  }

  /** Loads the first page of the list for the current filter, merging it with what is held. */
  async loadConversations(): Promise<void> {
    const request = ++this.#listRequest;
    const { filter } = this.store.state;
    this.store.setListStatus('loading');
    try {
      const page = await this.#api.listConversations({ status: filter, limit: this.#pageSize });
      if (request !== this.#listRequest || !this.#isRunning) return;
      this.store.setConversationPage(page.conversations, page.hasMore);
    } catch (error) {
      if (request !== this.#listRequest) return;
      this.store.setListStatus('error');
      this.#failed('load', error);
    }
  }

  /** Loads the next page of the list: conversations with older activity than the oldest shown. */
  async loadMoreConversations(): Promise<void> {
    const shown = visibleConversations(this.store.state);
    const oldest = shown.reduce((min, c) => Math.min(min, c.updatedAt), Number.POSITIVE_INFINITY);
    if (!Number.isFinite(oldest)) return this.loadConversations();
    const request = ++this.#listRequest;
    this.store.setListStatus('loading');
    try {
      const page = await this.#api.listConversations({ status: this.store.state.filter, limit: this.#pageSize, before: oldest });
      if (request !== this.#listRequest || !this.#isRunning) return;
      this.store.setConversationPage(page.conversations, page.hasMore);
    } catch (error) {
      if (request !== this.#listRequest) return;
      this.store.setListStatus('error');
      this.#failed('load', error);
    }
  }

  /** Shows open, closed or all conversations. */
  setFilter(filter: ConversationFilter): void {
    if (filter === this.store.state.filter) return;
    this.store.setFilter(filter);
    void this.loadConversations();
  }

  /** Opens a conversation: loads its newest messages if not held, and marks it read when seen. */
  select(conversationId: string | undefined): void {
    if (conversationId === this.store.state.selectedId) return;
    this.#typing.stop();
    this.store.select(conversationId);
    if (conversationId === undefined) return;
    const transcript = this.store.state.transcripts.get(conversationId);
    if (!transcript || transcript.status === 'error') void this.loadTranscript(conversationId);
    if (!this.store.state.conversations.has(conversationId)) {
      // Opened from a link or a stale list: fetch its summary for the header and visitor panel.
      this.#api.getConversation(conversationId).then(
        (summary) => this.store.upsertConversations([summary]),
        (error: unknown) => this.#failed('load', error),
      );
    }
  }

  /**
   * Loads a transcript: the newest page when nothing is held; otherwise everything after the
   * last message held (after a reconnect), page by page.
   */
  async loadTranscript(conversationId: string): Promise<void> {
    const held = this.store.state.transcripts.get(conversationId);
    this.store.startTranscript(conversationId);
    try {
      let last = held?.status === 'ready' ? held.messages.at(-1)?.seq : undefined;
      if (last === undefined) {
        const page = await this.#api.listMessages(conversationId, { limit: this.#pageSize });
        this.store.setTranscriptPage(conversationId, page, 'newest');
        return;
      }
      for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages++) {
        const page = await this.#api.listMessages(conversationId, { after: last, limit: this.#pageSize });
        this.store.setTranscriptPage(conversationId, page, 'after');
        last = page.messages.at(-1)?.seq ?? last;
        if (!page.hasMore || page.messages.length === 0) return;
      }
      // Far behind: start again from the newest page rather than page through everything.
      this.store.forgetTranscript(conversationId);
      this.store.startTranscript(conversationId);
      this.store.setTranscriptPage(conversationId, await this.#api.listMessages(conversationId, { limit: this.#pageSize }), 'newest');
    } catch (error) {
      this.store.setTranscriptStatus(conversationId, { status: 'error' });
      this.#failed('load', error);
    }
  }

  /** Loads the page of messages before the oldest one held in the open conversation. */
  async loadEarlier(): Promise<void> {
    const conversationId = this.store.state.selectedId;
    if (conversationId === undefined) return;
    const transcript = this.store.state.transcripts.get(conversationId);
    const first = transcript?.messages[0]?.seq;
    if (!transcript || first === undefined || !transcript.hasEarlier || transcript.isLoadingEarlier) return;
    this.store.setTranscriptStatus(conversationId, { isLoadingEarlier: true });
    try {
      const page = await this.#api.listMessages(conversationId, { before: first, limit: this.#pageSize });
      this.store.setTranscriptPage(conversationId, page, 'earlier');
    } catch (error) {
      this.store.setTranscriptStatus(conversationId, { isLoadingEarlier: false });
      this.#failed('load', error);
    }
  }

  /** The reply box of the open conversation changed. */
  draftChanged(text: string): void {
    const conversationId = this.store.state.selectedId;
    if (conversationId === undefined) return;
    this.store.setDraft(conversationId, text);
    this.#typing.input(conversationId, text.trim() !== '');
  }

  /** The product cards or link buttons in the open conversation's reply box changed. */
  draftCardsChanged(cards: ReplyCards): void {
    const conversationId = this.store.state.selectedId;
    if (conversationId !== undefined) this.store.setDraftCards(conversationId, cards);
  }

  /**
   * Sends a reply to the open conversation, with `files` uploaded first, and product cards and
   * link buttons (the text may then be empty); it shows as pending until the relay stored it.
   */
  sendReply(text: string, files: readonly File[] = [], cards: ReplyCards = NO_CARDS): void {
    const conversationId = this.store.state.selectedId;
    if (conversationId === undefined || (text.trim() === '' && files.length === 0 && !hasCards(cards))) return;
    this.#typing.stop();
    this.store.setDraft(conversationId, '');
    this.store.setDraftCards(conversationId, NO_CARDS);
    const pendingFiles: PendingFile[] = files.map((file) => ({ blob: file, name: file.name, size: file.size }));
    const reply: PendingReply = {
      id: createId(),
      text: text.trim() === '' ? '' : text,
      createdAt: this.#now(),
      status: 'pending',
      ...(pendingFiles.length > 0 ? { files: pendingFiles } : {}),
      ...(cards.products.length > 0 ? { products: cards.products } : {}),
      ...(cards.buttons.length > 0 ? { buttons: cards.buttons } : {}),
    };
    this.store.putPending(conversationId, reply);
    void this.#post(conversationId, reply);
  }

  /** Sends a failed reply again, with the same id, so the relay never stores it twice; files already uploaded are not uploaded again. */
  retryReply(conversationId: string, replyId: string): void {
    const reply = this.store.state.pending.get(conversationId)?.find((r) => r.id === replyId);
    if (!reply || reply.status !== 'failed') return;
    const retry: PendingReply = {
      id: reply.id,
      text: reply.text,
      createdAt: reply.createdAt,
      status: 'pending',
      ...(reply.files ? { files: reply.files } : {}),
      ...(reply.products ? { products: reply.products } : {}),
      ...(reply.buttons ? { buttons: reply.buttons } : {}),
    };
    this.store.putPending(conversationId, retry);
    void this.#post(conversationId, retry);
  }

  /**
   * Forgets a failed reply, putting its text back in the reply box if that is empty, and its
   * product cards and link buttons if the box holds none, so a refused reply can be corrected.
   */
  discardReply(conversationId: string, replyId: string): void {
    const reply = this.store.state.pending.get(conversationId)?.find((r) => r.id === replyId);
    if (!reply || reply.status !== 'failed') return;
    this.store.removePending(conversationId, replyId);
    if (!this.store.state.drafts.get(conversationId)) this.store.setDraft(conversationId, reply.text);
    if (!this.store.state.draftCards.has(conversationId)) {
      this.store.setDraftCards(conversationId, { products: reply.products ?? [], buttons: reply.buttons ?? [] });
    }
  }

  /** Closes a conversation. */
  async closeConversation(conversationId: string): Promise<void> {
    try {
      const summary = await this.#api.closeConversation(conversationId);
      this.store.upsertConversations([summary]);
    } catch (error) {
      this.#failed('close', error);
    }
  }

  /** Adds (no `id`) or changes a quick reply. Rejects with the API error so the form can show it. */
  async saveQuickReply(input: QuickReplyInput, id?: string): Promise<QuickReply> {
    try {
      const saved = id === undefined ? await this.#api.createQuickReply(input) : await this.#api.updateQuickReply(id, input);
      this.store.putQuickReply(saved);
      return saved;
    } catch (error) {
      if (isAuthError(error)) this.signOut('token-rejected');
      throw error;
    }
  }

  /** Deletes a quick reply. Rejects with the API error so the manager can show it. */
  async deleteQuickReply(id: string): Promise<void> {
    try {
      await this.#api.deleteQuickReply(id);
      this.store.removeQuickReply(id);
    } catch (error) {
      if (isAuthError(error)) this.signOut('token-rejected');
      // Already gone (another agent deleted it): the result is what the agent wanted.
      else if (error instanceof ConfabError && error.code === 'CONFAB_NOT_FOUND') this.store.removeQuickReply(id);
      else throw error;
    }
  }

  /** The deliveries to adapters that gave up, for the Failed deliveries view. Rejects with the API error. */
  listDeadDeliveries(): Promise<OutboxDelivery[]> {
    return this.#signingOutOnAuthError(this.#api.listDeadDeliveries());
  }

  /** Sends a dead delivery again (same delivery id). Rejects with the API error so the view can show it. */
  async replayDelivery(deliveryId: string): Promise<void> {
    await this.#signingOutOnAuthError(this.#api.replayDelivery(deliveryId));
  }

  async #signingOutOnAuthError<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (isAuthError(error)) this.signOut('token-rejected');
      throw error;
    }
  }

  async #post(conversationId: string, pending: PendingReply): Promise<void> {
    let reply = pending;
    try {
      let files: readonly PendingFile[] = pending.files ?? [];
      const attachments: string[] = [];
      for (const [index, file] of files.entries()) {
        const attachment = file.attachment ?? (await this.#api.uploadFile(conversationId, file.blob, file.name));
        attachments.push(attachment.id);
        if (file.attachment) continue;
        // Kept on the pending reply at once, so a retry after a later failure skips this upload.
        files = files.map((held, i) => (i === index ? { ...held, attachment } : held));
        reply = { ...reply, files };
        this.store.putPending(conversationId, reply);
      }
      const message = await this.#api.sendMessage(conversationId, {
        id: reply.id,
        text: reply.text,
        authorName: this.agentName,
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(reply.products ? { products: reply.products } : {}),
        ...(reply.buttons ? { buttons: reply.buttons } : {}),
      });
      this.store.addMessages(conversationId, [message]);
      // The reply box only shows pending replies; drop it even if no transcript is held.
      this.store.removePending(conversationId, reply.id);
    } catch (error) {
      if (!this.#isRunning) return;
      const code = error instanceof ConfabError ? error.code : 'CONFAB_INTERNAL';
      const status = error instanceof AgentApiError && error.status > 0 ? { errorStatus: error.status } : {};
      this.store.putPending(conversationId, { ...reply, status: 'failed', errorCode: code, ...status });
      this.#failed('send', error);
    }
  }

  /** After every `welcome`: reload what the stream cannot replay. */
  #reload(): void {
    const { selectedId } = this.store.state;
    // Transcripts not on screen may have missed messages while disconnected; load them when opened.
    this.store.dropTranscripts(selectedId);
    this.#readRequested.clear();
    void this.loadConversations();
    void this.#loadQuickReplies();
    if (selectedId !== undefined) void this.loadTranscript(selectedId);
  }

  #applyFrame(frame: StreamFrame): void {
    if (frame.type === 'typing' && frame.author.role === 'agent' && frame.author.name === this.agentName) {
      return; // Our own typing, echoed to every agent stream.
    }
    this.store.applyFrame(frame);
    if (frame.type === 'message') {
      // Whoever sent a message has stopped typing it.
      this.store.setTyping(frame.conversationId, frame.message.author, false);
    }
  }

  async #loadQuickReplies(): Promise<void> {
    try {
      this.store.setQuickReplies(await this.#api.listQuickReplies());
    } catch (error) {
      this.#failed('load', error);
    }
  }

  /** Marks the open conversation read up to its newest message, when the agent can see it. */
  #markReadIfSeen(): void {
    const { selectedId, conversations, transcripts } = this.store.state;
    if (!this.#isRunning || selectedId === undefined || this.#visibility?.visibilityState === 'hidden') return;
    const summary = conversations.get(selectedId);
    if (!summary) return;
    const seq = Math.max(summary.lastSeq, transcripts.get(selectedId)?.messages.at(-1)?.seq ?? 0);
    if (seq === 0 || (seq <= summary.agentLastReadSeq && summary.unreadCount === 0)) return;
    if ((this.#readRequested.get(selectedId) ?? 0) >= seq) return;
    this.#readRequested.set(selectedId, seq);
    this.#api.markRead(selectedId, seq).then(
      () => this.store.applyRead(selectedId, seq, 'agent'),
      (error: unknown) => {
        // Not retried on every change (that could loop); the next welcome clears the memo.
        if (isAuthError(error)) this.signOut('token-rejected');
      },
    );
  }

  #failed(action: NoticeAction, error: unknown): void {
    if (!this.#isRunning) return;
    if (isAuthError(error)) {
      this.signOut('token-rejected');
      return;
    }
    const confabError = error instanceof ConfabError ? error : new ConfabError('CONFAB_INTERNAL', String(error), { cause: error });
    this.#events.emit('notice', { action, error: confabError });
  }

  #notice(action: NoticeAction, error: ConfabError): void {
    this.#events.emit('notice', { action, error });
  }
}
