import { html, LitElement, nothing } from 'lit';
import type { WebSocketFactory } from '../agent-stream.js';
import {
  readAgentName,
  readToken,
  saveAgentName,
  saveToken,
  storageOf,
  takeTokenFromFragment,
  type HistoryLike,
  type LocationLike,
  type StorageLike,
} from '../auth.js';
import { AgentApiError } from '../api-client.js';
import type {
  ConfabCardsChangeEvent,
  ConfabCloseConversationEvent,
  ConfabDiscardReplyEvent,
  ConfabDraftChangeEvent,
  ConfabFilterChangeEvent,
  ConfabQuickReplyDeleteEvent,
  ConfabQuickReplySaveEvent,
  ConfabReloadTranscriptEvent,
  ConfabRetryReplyEvent,
  ConfabSelectConversationEvent,
  ConfabSendReplyEvent,
  ConfabSignInEvent,
} from '../events.js';
import { conversationTitle } from '../labels.js';
import { ConsoleSession, type NoticeAction, type SessionEvents, type SessionOptions } from '../session.js';
import { NO_CARDS } from '../reply-cards.js';
import { totalUnread, visibleConversations, type ConsoleState } from '../store.js';
import { pickStrings, type Strings } from '../strings.js';
import { confabConsoleStyles } from './confab-console.styles.js';
import type { TranscriptView } from './transcript-view.js';

/** What the console reads from the browser; tests pass fakes. */
export interface ConsoleEnvironment {
  location: LocationLike & { readonly origin: string };
  history: HistoryLike;
  sessionStorage: StorageLike | undefined;
  localStorage: StorageLike | undefined;
  /** The agent's preferred languages, best first. */
  languages: readonly string[];
  /** Where the unread count goes (`title`) and whose visibility decides when messages count as read. */
  document: Pick<Document, 'title' | 'visibilityState' | 'addEventListener' | 'removeEventListener' | 'documentElement'>;
  fetch?: typeof fetch;
  WebSocket?: WebSocketFactory;
  /** Extra session options, e.g. timers for tests. */
  session?: Partial<SessionOptions>;
}

/** The browser's own environment. */
export function browserEnvironment(): ConsoleEnvironment {
  return {
    location: globalThis.location,
    history: globalThis.history,
    sessionStorage: storageOf('sessionStorage'),
    localStorage: storageOf('localStorage'),
    languages: globalThis.navigator.languages?.length ? globalThis.navigator.languages : [globalThis.navigator.language || 'en'],
    document: globalThis.document,
  };
}

/**
 * The agent console (`<confab-console>`): the sign-in form, or the header, the conversation
 * list, the open conversation (header, transcript, reply box), the visitor panel, the
 * quick-reply manager and the failed deliveries view. On connect it takes the agent token from a `#token=` fragment (or this
 * tab's storage) and starts a {@link ConsoleSession}; a refused token brings the sign-in form back.
 *
 * Set `environment` before adding the element to the page to run it against fakes.
 */
export class ConfabConsole extends LitElement {
  static override properties = {
    environment: { attribute: false },
    snapshot: { state: true },
    signedIn: { state: true },
    signInMessage: { state: true },
    notice: { state: true },
    isManagingQuickReplies: { state: true },
    isViewingDeliveries: { state: true },
  };
  static override styles = confabConsoleStyles;

  /** The browser APIs the console uses. @default browserEnvironment() */
  declare environment: ConsoleEnvironment | undefined;
  declare protected snapshot: ConsoleState | undefined;
  declare protected signedIn: boolean;
  declare protected signInMessage: string;
  declare protected notice: string;
  declare protected isManagingQuickReplies: boolean;
  declare protected isViewingDeliveries: boolean;

  #session: ConsoleSession | undefined;
  #offSession: (() => void)[] = [];
  #env: ConsoleEnvironment | undefined;
  #strings: Strings = pickStrings([]);
  #locale = 'en';

  constructor() {
    super();
    this.environment = undefined;
    this.snapshot = undefined;
    this.signedIn = false;
    this.signInMessage = '';
    this.notice = '';
    this.isManagingQuickReplies = false;
    this.isViewingDeliveries = false;
  }

  /** The running session, while signed in. */
  get session(): ConsoleSession | undefined {
    return this.#session;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const env = (this.#env = this.environment ?? browserEnvironment());
    this.#strings = pickStrings(env.languages);
    this.#locale = env.languages[0] ?? 'en';
    env.document.documentElement.lang = this.#strings.lang;
    const token = takeTokenFromFragment(env.location, env.history, env.sessionStorage) ?? readToken(env.sessionStorage);
    const name = readAgentName(env.localStorage);
    if (token && name) this.#start(token, name);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  protected override updated(): void {
    const env = this.#env;
    if (env) env.document.title = this.#strings.documentTitle(this.snapshot ? totalUnread(this.snapshot) : 0);
  }

  protected override render() {
    const env = this.#env;
    const state = this.snapshot;
    if (!env) return nothing;
    if (!this.signedIn || !state || !this.#session) {
      return html`<confab-sign-in
        .strings=${this.#strings}
        .needsToken=${!readToken(env.sessionStorage)}
        .name=${readAgentName(env.localStorage) ?? ''}
        .message=${this.signInMessage}
        @confab-sign-in=${this.#onSignIn}
      ></confab-sign-in>`;
    }
    const s = this.#strings;
    const session = this.#session;
    const selected = state.selectedId === undefined ? undefined : state.conversations.get(state.selectedId);
    const transcript = state.selectedId === undefined ? undefined : state.transcripts.get(state.selectedId);
    return html`
      <div class="app">
        <header>
          <h1>${s.appName}</h1>
          <confab-connection-status .strings=${s} .state=${state.connection}></confab-connection-status>
          <span class="spacer"></span>
          <span class="who" data-testid="agent-name">${s.signedInAs(session.agentName)}</span>
          <button type="button" id="open-quick-replies" data-testid="open-quick-replies" @click=${this.#openQuickReplies}>
            ${s.quickRepliesButton}
          </button>
          <button type="button" id="open-deliveries" data-testid="open-deliveries" @click=${() => (this.isViewingDeliveries = true)}>
            ${s.deliveriesButton}
          </button>
          <button type="button" data-testid="sign-out" @click=${this.#onSignOut}>${s.signOut}</button>
        </header>
        ${this.notice
          ? html`<p class="notice" role="alert" data-testid="notice">
              <span>${this.notice}</span>
              <button type="button" @click=${() => (this.notice = '')}>${s.dismiss}</button>
            </p>`
          : nothing}
        <div class="layout">
          <confab-conversation-list
            .strings=${s}
            .locale=${this.#locale}
            .conversations=${visibleConversations(state)}
            .selectedId=${state.selectedId}
            .filter=${state.filter}
            .typing=${state.typing}
            .listStatus=${state.listStatus}
            .hasMore=${state.hasMoreConversations}
            @confab-select-conversation=${(e: ConfabSelectConversationEvent) => session.select(e.detail.conversationId)}
            @confab-filter-change=${(e: ConfabFilterChangeEvent) => session.setFilter(e.detail.filter)}
            @confab-load-more-conversations=${() => void session.loadMoreConversations()}
          ></confab-conversation-list>
          <main aria-label=${selected ? conversationTitle(selected, s) : s.noConversationSelected}>
            ${state.selectedId === undefined
              ? html`<p class="placeholder">${s.noConversationSelected}</p>`
              : html`
                  <confab-conversation-header
                    .strings=${s}
                    .conversation=${selected}
                    @confab-close-conversation=${this.#onClose}
                  ></confab-conversation-header>
                  <confab-transcript
                    .strings=${s}
                    .locale=${this.#locale}
                    .conversationId=${state.selectedId}
                    .relayOrigin=${env.location.origin}
                    .transcript=${transcript}
                    .pending=${state.pending.get(state.selectedId) ?? []}
                    .visitorLastReadSeq=${selected?.visitorLastReadSeq ?? 0}
                    .typing=${state.typing.get(state.selectedId) ?? []}
                    @confab-load-earlier=${() => void session.loadEarlier()}
                    @confab-reload-transcript=${(e: ConfabReloadTranscriptEvent) => void session.loadTranscript(e.detail.conversationId)}
                    @confab-retry-reply=${(e: ConfabRetryReplyEvent) => session.retryReply(state.selectedId!, e.detail.replyId)}
                    @confab-discard-reply=${(e: ConfabDiscardReplyEvent) => session.discardReply(state.selectedId!, e.detail.replyId)}
                  ></confab-transcript>
                  <confab-reply-box
                    .strings=${s}
                    .quickReplies=${state.quickReplies}
                    .draft=${state.drafts.get(state.selectedId) ?? ''}
                    .cards=${state.draftCards.get(state.selectedId) ?? NO_CARDS}
                    .productSuggestion=${selected?.context?.product}
                    .conversationId=${state.selectedId}
                    .locale=${this.#locale}
                    ?is-closed=${selected?.status === 'closed'}
                    @confab-send-reply=${(e: ConfabSendReplyEvent) =>
                      session.sendReply(e.detail.text, e.detail.files, { products: e.detail.products, buttons: e.detail.buttons })}
                    @confab-draft-change=${(e: ConfabDraftChangeEvent) => session.draftChanged(e.detail.text)}
                    @confab-cards-change=${(e: ConfabCardsChangeEvent) => session.draftCardsChanged(e.detail.cards)}
                  ></confab-reply-box>
                `}
          </main>
          ${selected
            ? html`<confab-visitor-panel .strings=${s} .locale=${this.#locale} .conversation=${selected}></confab-visitor-panel>`
            : nothing}
        </div>
        <confab-quick-reply-manager
          .strings=${s}
          .quickReplies=${state.quickReplies}
          .open=${this.isManagingQuickReplies}
          @confab-close-quick-replies=${this.#onQuickRepliesClosed}
          @confab-quick-reply-save=${(e: ConfabQuickReplySaveEvent) =>
            e.respondWith(session.saveQuickReply({ shortcut: e.detail.shortcut, text: e.detail.text }, e.detail.id))}
          @confab-quick-reply-delete=${(e: ConfabQuickReplyDeleteEvent) => e.respondWith(session.deleteQuickReply(e.detail.id))}
        ></confab-quick-reply-manager>
        <confab-delivery-list
          .strings=${s}
          .locale=${this.#locale}
          .source=${session}
          .open=${this.isViewingDeliveries}
          @confab-close-deliveries=${this.#onDeliveriesClosed}
        ></confab-delivery-list>
      </div>
    `;
  }

  #start(token: string, agentName: string): void {
    const env = this.#env!;
    const session = new ConsoleSession({
      token,
      agentName,
      origin: env.location.origin,
      visibility: env.document,
      ...(env.fetch ? { fetch: env.fetch } : {}),
      ...(env.WebSocket ? { WebSocket: env.WebSocket } : {}),
      ...env.session,
    });
    this.#session = session;
    this.#offSession = [
      session.store.subscribe((state) => (this.snapshot = state)),
      session.on('signed-out', ({ reason }) => this.#onSignedOut(reason)),
      session.on('notice', (notice) => this.#onNotice(notice)),
    ];
    this.snapshot = session.store.state;
    this.signedIn = true;
    this.signInMessage = '';
    this.notice = '';
    session.start();
  }

  #stop(): void {
    for (const off of this.#offSession.splice(0)) off();
    this.#session?.stop();
    this.#session = undefined;
  }

  #onSignIn(event: ConfabSignInEvent): void {
    const env = this.#env!;
    if (event.detail.token) saveToken(env.sessionStorage, event.detail.token);
    saveAgentName(env.localStorage, event.detail.name);
    const token = readToken(env.sessionStorage) ?? event.detail.token;
    if (token) this.#start(token, event.detail.name.trim());
  }

  #onSignOut(): void {
    this.#session?.signOut('user');
  }

  #onSignedOut(reason: SessionEvents['signed-out']['reason']): void {
    this.#stop();
    saveToken(this.#env!.sessionStorage, undefined);
    this.signedIn = false;
    this.isManagingQuickReplies = false;
    this.isViewingDeliveries = false;
    this.snapshot = undefined;
    this.signInMessage = reason === 'token-rejected' ? this.#strings.tokenRejected : '';
  }

  #onNotice({ action, error }: SessionEvents['notice']): void {
    const s = this.#strings;
    const texts: Record<NoticeAction, string> = {
      load: s.errors.load,
      send: s.errors.send,
      close: s.errors.close,
      connect: s.versionUnsupported,
    };
    // A refused reply (4xx) can only be fixed, not retried: the relay's message names the bad field.
    const isRefusal = action === 'send' && error instanceof AgentApiError && error.status >= 400 && error.status < 500;
    this.notice = isRefusal ? `${texts[action]} ${error.message} (${error.code})` : `${texts[action]} (${error.code})`;
  }

  async #onClose(event: ConfabCloseConversationEvent): Promise<void> {
    await this.#session?.closeConversation(event.detail.conversationId);
    await this.updateComplete;
    // The Close button is gone and the reply box disabled; keep focus in the conversation.
    this.renderRoot.querySelector<TranscriptView>('confab-transcript')?.focusLog();
  }

  #openQuickReplies(): void {
    this.isManagingQuickReplies = true;
  }

  async #onDeliveriesClosed(): Promise<void> {
    this.isViewingDeliveries = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('#open-deliveries')?.focus();
  }

  async #onQuickRepliesClosed(): Promise<void> {
    this.isManagingQuickReplies = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('#open-quick-replies')?.focus();
  }
}
