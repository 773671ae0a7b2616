import { Emitter, type Listener, type TranscriptMessage } from '@confab/client';
import { ConfabError, validateText, type PreChatForm } from '@confab/protocol';
import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { chatWidgetStyles } from './chat-widget.styles.js';
import type { ConfabComposer } from './components/composer.js';
import type { ConfabMessageList } from './components/message-list.js';
import { ConnectionController, NO_RELAY, noRelayError, type ChatClientLike } from './controllers/connection-controller.js';
import { toStorageMode } from './storage-mode.js';
import {
  ConfabCloseEvent,
  ConfabMessageSentEvent,
  ConfabOpenEvent,
  ConfabRequestCloseEvent,
  ConfabRequestOpenEvent,
  type CloseSource,
  type ComposerSubmitEvent,
  type ComposerTypingEvent,
  type OpenSource,
  type QuickReplyEvent,
} from './events.js';
import { watchFileDrop } from './components/file-drop.js';
import { CHAT_ICON_PATH, CLOSE_ICON_PATH } from './launcher-look.js';
import type { Attention } from './attention/attention.js';
import { partFor } from './lazy-elements.js';
import { NotificationSound } from './notification-sound.js';
import { retriedLoad } from './retried-load.js';
import { cachedStrings, en, loadStrings, resolveLocale, type PanelStrings, type SupportedLocale } from './strings.js';
import { VERSION } from './version.js';
import { warnOnce } from './warn-once.js';

/** Where the launcher and panel sit. */
export type WidgetPosition = 'right' | 'left';

/** Colours: `light` (default), `dark`, or `auto` to follow the shopper's system setting. */
export type WidgetTheme = 'light' | 'dark' | 'auto';

/** Why the panel opened or closed: the shopper's action, or a call of the JS API. */
export type PanelChangeSource = OpenSource | CloseSource | 'api';

/** Events of the JS API: `widget.on(type, listener)` returns the function that removes the listener. */
export interface WidgetEvents {
  /** The panel opened. */
  open: { source: PanelChangeSource };
  /** The panel closed. */
  close: { source: PanelChangeSource };
  /** A message was added to the conversation: the shopper's own (once sent) or the team's. */
  message: TranscriptMessage;
  /** The number of unread team messages changed. */
  'unread-count': { count: number };
}


const icon = (path: string) =>
  svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${path}></path></svg>`;

/** A boolean property kept in step with its attribute both ways. */
const reflectedFlag = (attribute: string) => ({ type: Boolean, attribute, reflect: true });

let openFromLoader: (widget: ChatWidget) => void;

/** Screens where the panel takes the whole screen (the phone styles in chat-widget.styles.ts). */
const PHONE_QUERY = '(max-width: 639.98px)';

/** Adding or removing the widget's page listeners, with the same arguments. */
type ListenerMethod = 'addEventListener' | 'removeEventListener';

/** Events that count as a user gesture, after which a page may start audio (`touchend` for iOS). */
const GESTURES = ['click', 'keydown', 'touchend'] as const;

/**
 * `<confab-chat>`: the Confab chat widget. A launcher button with an unread badge opens a panel
 * with the conversation, a typing indicator, delivery status on the shopper's messages and a
 * text box. It connects to the relay through `@confab/client` when the shopper opens it (at once
 * for a shopper with an earlier conversation), tells the agent which page and product the
 * shopper is on, and follows single-page navigation. In several tabs of one shopper the read
 * position (and so the badge) is shared, and a reply arriving while the panel is closed or the
 * page hidden plays one short chime in one tab (not with `no-sound`).
 *
 * Importing this module has no side effects; call `defineElements()` to register the tags.
 *
 * @example
 * ```html
 * <confab-chat relay="https://chat.example.com" locale="zh-CN" position="left"></confab-chat>
 * ```
 *
 * @event confab-request-open - {@link ConfabRequestOpenEvent}, cancelable: the shopper wants to open the panel.
 * @event confab-open - {@link ConfabOpenEvent}: the panel opened at the shopper's request.
 * @event confab-request-close - {@link ConfabRequestCloseEvent}, cancelable: the shopper wants to close it.
 * @event confab-close - {@link ConfabCloseEvent}: the panel closed at the shopper's request.
 * @event confab-message-sent - {@link ConfabMessageSentEvent}: the shopper sent a message.
 *
 * @csspart launcher - the round button that opens and closes the panel.
 * @csspart badge - the unread count on the launcher.
 * @csspart panel - the chat panel (a dialog).
 * @csspart header - the panel's title bar.
 * @csspart close - the close button in the header.
 * @csspart notice - connection and conversation notices.
 * @csspart messages - the message list.
 * @csspart message - every message; also `message-own`, `message-team`, `message-system`.
 * @csspart new-messages - the button to jump to messages that arrived while reading older ones.
 * @csspart composer - the area with the text box and send button.
 * @csspart input - the text box.
 * @csspart send - the send button.
 *
 * @cssproperty --confab-accent - brand colour: launcher, header, the shopper's messages, send button. Default `#2454d6`.
 * @cssproperty --confab-accent-contrast - text and icons on the accent. Default: black or white, whichever reads better.
 * @cssproperty --confab-font - font family. Default: the page's font.
 * @cssproperty --confab-radius - corner radius of the panel (and, scaled, of bubbles). Default `16px`.
 * @cssproperty --confab-z-index - stacking order of launcher and panel. Default `2147483000`.
 * @cssproperty --confab-offset-x - distance from the left or right edge. Default `20px`.
 * @cssproperty --confab-offset-y - distance from the bottom edge. Default `20px`.
 * @cssproperty --confab-launcher-size - launcher diameter. Default `56px`.
 * @cssproperty --confab-launcher-radius - launcher corner radius. Default `50%`.
 * @cssproperty --confab-panel-width - panel width on screens 640px and wider. Default `380px`.
 * @cssproperty --confab-panel-height - panel height on screens 640px and wider. Default `600px`.
 * @cssproperty --confab-surface - panel background. Default `#fff`.
 * @cssproperty --confab-text - panel text. Default `#1f2328`.
 * @cssproperty --confab-muted - secondary text (times, names, status). Default `#59636e`.
 * @cssproperty --confab-border - lines and the text box border. Default `#d8dee4`.
 * @cssproperty --confab-team-bubble - background of agent messages. Default `#f0f2f5`.
 * @cssproperty --confab-team-bubble-text - text of agent messages. Default: the panel text.
 * @cssproperty --confab-header-background - header background. Default: the accent.
 * @cssproperty --confab-header-text - header text. Default: the accent contrast.
 * @cssproperty --confab-badge - unread badge background. Default `#d92d20`.
 * @cssproperty --confab-badge-text - unread badge text. Default `#fff`.
 * @cssproperty --confab-notice-background - background of notices. Default `#fff8c5`.
 * @cssproperty --confab-notice-text - text of notices. Default `#3b2f00`.
 * @cssproperty --confab-input-background - text box background. Default `#fff`.
 * @cssproperty --confab-error - error text. Default `#b42318`.
 */
export class ChatWidget extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = chatWidgetStyles;
  // Without a `type`, Lit reads and reflects an attribute as the string it is.
  static override properties = {
    relay: {},
    locale: {},
    position: { reflect: true },
    isOpen: reflectedFlag('open'),
    noLauncher: reflectedFlag('no-launcher'),
    noSound: reflectedFlag('no-sound'),
    theme: { reflect: true },
    storage: {},
    notifications: { type: Boolean },
    proactive: { type: Boolean },
    isDropping: { state: true },
    heading: {},
    client: { attribute: false },
    strings: { state: true },
    isOnline: { state: true },
  };

  static {
    openFromLoader = (widget) => widget.#requestOpen('launcher');
  }

  /**
   * The relay: an http(s) or ws(s) base URL (`/v1/ws` is added) or the full socket URL.
   * Nothing connects without it (or an injected `client`).
   */
  declare relay: string | undefined;
  /** Language tag; `zh`, `zh-CN`, `zh-Hans`, `zh-SG` give Simplified Chinese, anything else English. Default: `<html lang>`, then the browser's language. */
  declare locale: string | undefined;
  /** Corner of the screen. @default 'right' */
  declare position: WidgetPosition;
  /** Whether the panel is open; the `open` attribute. Setting it moves no focus and fires no event. @default false */
  declare isOpen: boolean;
  /** Hides the launcher, for shops that open the chat from their own button; the `no-launcher` attribute. @default false */
  declare noLauncher: boolean;
  /** Never plays the notification chime; the `no-sound` attribute. @default false */
  declare noSound: boolean;
  /** Colours; `auto` follows `prefers-color-scheme`. @default 'light' */
  declare theme: WidgetTheme;
  /**
   * Where the conversation is kept between page loads: `local` (default), `session` (this tab
   * only) or `none` (memory: nothing is written). Read when the widget connects to its relay.
   */
  declare storage: string | undefined;
  /**
   * Offers the shopper desktop notifications of replies (a "Notify me" button in the panel; the
   * browser asks for permission when it is pressed); the `notifications` attribute. @default false
   */
  declare notifications: boolean;
  /**
   * Fetches the relay's proactive messages (`GET /v1/widget-config`) and shows the one for this
   * page next to the launcher after its delay; the `proactive` attribute. @default false
   */
  declare proactive: boolean;
  /** Files are being dragged over the panel. */
  protected declare isDropping: boolean;
  /** Panel title. Default: "Customer service" in the widget's language. */
  declare heading: string | undefined;
  /**
   * A client to use instead of creating one from `relay` (tests, or apps that share one client).
   * The widget never closes an injected client.
   */
  declare client: ChatClientLike | undefined;
  /** The language pack in use. */
  protected declare strings: PanelStrings;
  /** What the browser says about the network (`navigator.onLine`). */
  protected declare isOnline: boolean;

  readonly #events = new Emitter<WidgetEvents>();
  readonly #storageMode = () => toStorageMode(this.storage);
  readonly #connection = new ConnectionController(this, {
    onNotify: (message) => this.#onNotify(message),
    onMessage: (message) => this.#events.emit('message', message),
    storageMode: this.#storageMode,
  });
  #changeSource: PanelChangeSource = 'api';
  #lastUnread = 0;
  readonly #sound = new NotificationSound();
  #focusOnOpen = false;
  #restoreFocus = false;
  #returnFocusTo: HTMLElement | undefined;
  /** The conversation whose rating form is showing (kept after sending, for its thanks). */
  #ratingShownFor: string | undefined;
  #localeRequested: SupportedLocale = 'en';

  readonly #onVisibilityChange = () => this.requestUpdate();
  /** The title flash, desktop notifications and "Notify me" button, once loaded (see #loadAttention). */
  #attentionLoaded: Attention | undefined;
  /** The proactive message (with the `proactive` attribute), once its chunk is in: it renders the teaser and greeting. */
  #proactive: import('./proactive.js').Proactive | undefined;
  #releaseFocusTrap: (() => void) | undefined;
  #followsViewport = false;
  #unwatchDrop: (() => void) | undefined;
  readonly #onNetworkChange = () => {
    this.isOnline = navigator.onLine !== false;
  };
  /**
   * Makes the chime's AudioContext in the first user gesture while the shopper is chatting (the
   * client is past `idle`), and not before: a page that never chats never gets one.
   */
  readonly #onGesture = () => {
    const state = this.#connection.client?.state;
    if (this.noSound || !state || state === 'idle' || state === 'closed') return;
    this.#sound.unlock();
    this.#listenForGestures('removeEventListener');
  };

  constructor() {
    super();
    // Set through the reactive properties' setters, as `this.x = …` would.
    Object.assign(this, {
      position: 'right',
      isOpen: false,
      noLauncher: false,
      noSound: false,
      theme: 'light',
      notifications: false,
      proactive: false,
    } satisfies Partial<ChatWidget>);
    this.isDropping = false;
    this.strings = en;
    this.isOnline = true;
  }

  /** Opens the panel and moves keyboard focus into it. Fires no event (the shopper did not ask). */
  open(): void {
    if (this.isOpen) return;
    this.#rememberFocus();
    this.#focusOnOpen = true;
    this.isOpen = true;
  }

  /** Closes the panel; focus inside it returns to the launcher. Fires no DOM event. */
  close(): void {
    this.isOpen = false;
  }

  /** Opens the panel if closed, closes it if open. Fires no event. */
  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  /** Shows the launcher (and the panel, if open) again after {@link hide}. */
  show(): void {
    this.hidden = false;
  }

  /** Hides the whole widget, launcher included, without ending the conversation (for example on checkout pages). */
  hide(): void {
    this.close();
    this.hidden = true;
  }

  /**
   * Sends `text` as the shopper, as if typed (the panel need not be open). Rejects with
   * `CONFAB_TEXT_INVALID` / `CONFAB_TEXT_TOO_LONG` for text the relay would refuse, and
   * `CONFAB_NOT_CONNECTED` without a relay; resolves once the message is queued.
   */
  async send(text: string): Promise<void> {
    const trimmed = String(text).trim();
    validateText(trimmed, this.#connection.limits.maxTextLength);
    if (!this.#send(trimmed)) throw noRelayError();
  }

  /**
   * Adds the shop's own key/value pairs to what the agent sees about the page (`custom` in the
   * visitor context): a cart total, a customer tier, an order number.
   */
  setContext(custom: Record<string, string>): void {
    const isPairs =
      typeof custom === 'object' && custom !== null && !Array.isArray(custom) && Object.values(custom).every((value) => typeof value === 'string');
    if (!isPairs) throw new ConfabError('CONFAB_REQUEST_INVALID', 'setContext() takes an object of text values, such as { cartTotal: "129.00" }');
    this.#connection.setCustomContext(custom);
  }

  /**
   * Tells agents who the shopper is, from the shop's login: `{ id, name, email, hash }` with
   * the HMAC-SHA256 of the id computed by the shop's server, or `{ jwt, refresh }`. Kept across
   * reconnects until {@link reset}. Rejects with `CONFAB_IDENTITY_INVALID` / `CONFAB_IDENTITY_EXPIRED`
   * (see docs/errors.md) or `CONFAB_NOT_CONNECTED` without a relay.
   */
  async identify(identity: Parameters<ChatClientLike['identify']>[0]): Promise<void> {
    const client = this.#connection.client;
    if (!client) throw noRelayError();
    this.#connection.connect();
    await client.identify(identity);
  }

  /**
   * Forgets the shopper, for a logout on a shared device: the transcript, the session token, the
   * unsent messages and the identity are wiped from this tab, the shopper's other tabs and
   * storage; the panel closes. The next person to open the chat starts a new conversation.
   */
  reset(): void {
    this.close();
    this.#connection.reset();
    this.requestUpdate();
  }

  /** Switches the language (a BCP 47 tag, as the `locale` attribute). */
  setLocale(locale: string): void {
    if (typeof locale !== 'string') throw new ConfabError('CONFAB_REQUEST_INVALID', 'setLocale() takes a language tag such as "de" or "zh-CN"');
    this.locale = locale;
  }

  /**
   * Listens to a widget event ({@link WidgetEvents}: `open`, `close`, `message`, `unread-count`);
   * returns the function that stops listening. Unlike the DOM events, these fire for API calls too.
   */
  on<K extends keyof WidgetEvents>(type: K, listener: Listener<WidgetEvents[K]>): () => void {
    return this.#events.on(type, listener);
  }

  /** Focuses the text box while open, else the launcher. */
  override focus(options?: FocusOptions): void {
    (this.isOpen ? this.#composer : this.#launcher)?.focus(options);
  }

  /** The number of agent and bot messages the shopper has not seen. */
  get unreadCount(): number {
    return this.#connection.unreadCount;
  }

  override connectedCallback(): void {
    this.#connection.configure(this.relay, this.client);
    super.connectedCallback();
    this.#listenToPage('addEventListener');
    this.#onNetworkChange();
    if (!this.#sound.isUnlocked) this.#listenForGestures('addEventListener');
    // Its controller, added once, then starts itself on every connect and ends its timer on disconnect.
    if (this.proactive && this.relay) {
      void import('./proactive.js').then(
        (module) => (this.#proactive ??= new module.Proactive(this, this.#connection, () => this.strings, this.#storageMode, this.#requestOpen)),
      );
    }
    if (this.hasUpdated) this.#watchDrop();
  }

  protected override firstUpdated(): void {
    this.#watchDrop();
  }

  /** Files dropped anywhere on the panel go to the composer (which refuses what the relay would). */
  #watchDrop(): void {
    const panel = this.#panel;
    if (!panel || this.#unwatchDrop) return;
    this.#unwatchDrop = watchFileDrop(
      panel,
      (files) => this.#composer?.addFiles(files),
      (isActive) => {
        this.isDropping = isActive;
      },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listenToPage('removeEventListener');
    this.#listenForGestures('removeEventListener');
    this.#sound.close();
    this.#releaseFocusTrap?.();
    this.#releaseFocusTrap = undefined;
    this.#unwatchDrop?.();
    this.#unwatchDrop = undefined;
  }

  #listenToPage(method: ListenerMethod): void {
    document[method]('visibilitychange', this.#onVisibilityChange);
    window[method]('online', this.#onNetworkChange);
    window[method]('offline', this.#onNetworkChange);
  }

  /** Loads the attention part; resolves to `undefined` when its chunk failed (offline): the next call tries again. */
  readonly #loadAttention = retriedLoad(() =>
    // The extra strings it imports are fetched alongside, not after it.
    Promise.all([import('./attention/attention.js'), import('./extra-strings.js')]).then(
      ([module]) => (this.#attentionLoaded = new module.Attention(this, this.#connection, this.#requestOpen)),
    ),
  );

  #listenForGestures(method: ListenerMethod): void {
    // removeEventListener() reads only `capture` of the options.
    for (const type of GESTURES) document[method](type, this.#onGesture, { capture: true, passive: true });
  }

  /**
   * A reply the shopper cannot see (the panel is closed or the page hidden), told in one tab only:
   * one chime; in a hidden tab also the flashing title and, if allowed, a desktop notification.
   */
  #onNotify(message: TranscriptMessage): void {
    const isHidden = document.visibilityState === 'hidden';
    if (!this.noSound && (!this.isOpen || isHidden)) this.#sound.play();
    // Offline, the chime was the notice this time; the next reply tries again.
    if (isHidden) void this.#loadAttention().then((attention) => attention?.tellHiddenTab(message, this.strings));
  }

  /** The "Notify me of replies" button: shown while the shop offers it and the browser has not been asked. */
  #renderNotifyButton() {
    if (!this.notifications || !this.isOpen || globalThis.Notification?.permission !== 'default') return nothing;
    // Loaded before it shows, so the permission prompt later runs within the click.
    if (this.#attentionLoaded) return this.#attentionLoaded.render(this.strings);
    void this.#loadAttention().then((attention) => attention && this.requestUpdate());
    return nothing;
  }

  get #launcher(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('.launcher');
  }

  get #composer(): ConfabComposer | null {
    return this.renderRoot.querySelector('confab-composer');
  }

  get #panel(): HTMLElement | null {
    return this.renderRoot.querySelector('.panel');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('relay') || changed.has('client')) this.#connection.configure(this.relay, this.client);
    if (!this.isOpen && changed.get('isOpen') === true) {
      // Decided before the panel is hidden, which drops its focus: only focus that was in the
      // panel goes back to the launcher; a shopper who clicked elsewhere on the page keeps it.
      const active = this.shadowRoot?.activeElement;
      this.#restoreFocus = active !== null && active !== undefined && active !== this.#launcher;
    }
    if (changed.has('locale') || !this.hasUpdated) this.#applyLocale();
    if (changed.has('isOpen') && this.isOpen) {
      if (!this.#connection.client) {
        warnOnce('no-relay', NO_RELAY, 'CONFAB_CONFIG_INVALID');
      }
      this.#connection.connect();
      this.#connection.refreshContext();
    }
    // Read only what the shopper can see: the panel is open and the tab in front.
    if (this.isOpen && document.visibilityState !== 'hidden') this.#connection.markRead();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const unread = this.#connection.unreadCount;
    if (unread !== this.#lastUnread) {
      this.#lastUnread = unread;
      this.#events.emit('unread-count', { count: unread });
    }
    if (!changed.has('isOpen')) return;
    // The first render of a closed panel is no change; every later open or close is.
    if (this.isOpen || changed.get('isOpen') === true) this.#events.emit(this.isOpen ? 'open' : 'close', { source: this.#changeSource });
    this.#changeSource = 'api';
    if (this.isOpen) {
      this.renderRoot.querySelector<ConfabMessageList>('confab-message-list')?.scrollToEnd();
      if (this.#focusOnOpen) this.#focusPanel();
      this.#setUpPhonePanel();
    } else if (this.#restoreFocus) {
      this.#restoreFocus = false;
      this.#returnFocus();
    }
    this.#focusOnOpen = false;
  }

  protected override render() {
    const s = this.strings;
    const connection = this.#connection;
    const unread = connection.unreadCount;
    const title = this.heading?.trim() || s.title;
    return html`
      ${this.noLauncher
        ? nothing
        : html`<button
            class="launcher"
            part="launcher"
            lang=${s.lang}
            dir=${s.dir}
            aria-label=${unread > 0 ? s.launcherUnread(unread) : s.launcher}
            aria-expanded=${this.isOpen}
            aria-controls="panel"
            @click=${this.#onLauncherClick}
            @keydown=${this.#onKeydown}
          >
            ${icon(this.isOpen ? CLOSE_ICON_PATH : CHAT_ICON_PATH)}
            ${unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${unread > 9 ? '9+' : unread}</span>` : nothing}
          </button>`}
      ${this.#proactive?.render(s)}
      <section
        id="panel"
        class="panel"
        part="panel"
        role="dialog"
        lang=${s.lang}
        dir=${s.dir}
        aria-label=${title}
        tabindex="-1"
        ?hidden=${!this.isOpen}
        @keydown=${this.#onKeydown}
      >
        <header part="header">
          <h2>${title}</h2>
          <button class="close" part="close" aria-label=${s.close} @click=${() => this.#requestClose('button')}>
            ${icon(CLOSE_ICON_PATH)}
          </button>
        </header>
        <p class="notice" part="notice" role="status">${this.#connectionNotice()}</p>
        ${this.isDropping && connection.limits.maxUploadBytes ? html`<p class="drop" part="drop">${s.dropFiles}</p>` : nothing}
        <confab-message-list
          part="messages"
          exportparts="message,message-own,message-team,message-system,new-messages,draft,quick-replies,quick-reply,attachment-image,attachment-file,product,link-button"
          .messages=${connection.messages}
          .strings=${this.#proactive?.withGreeting(s) ?? s}
          .agentReadSeq=${connection.agentReadSeq}
          .typing=${connection.typing}
          .drafts=${connection.drafts}
          @confab-quick-reply=${this.#onQuickReply}
        ></confab-message-list>
        ${this.#renderAway()}
        <p class="notice" part="notice" role="status">${connection.conversationStatus === 'closed' ? s.closed : ''}</p>
        ${this.#renderRating()} ${this.#renderNotifyButton()}
        ${connection.preChat ? this.#renderPreChat(connection.preChat) : html`<confab-composer
          part="composer"
          exportparts="input,send,attach,attachments,attachment"
          .maxUploadBytes=${connection.limits.maxUploadBytes}
          .uploadTypes=${connection.limits.uploadTypes}
          .strings=${s}
          ?disabled=${connection.state === 'closed'}
          @confab-composer-submit=${this.#onSubmit}
          @confab-composer-typing=${this.#onTyping}
        ></confab-composer>`}
      </section>
    `;
  }

  /** The relay's pre-chat form, in place of the text box until it is answered. */
  #renderPreChat(form: PreChatForm) {
    return partFor('confab-prechat-form', this)?.renderPreChatForm(this.strings, form, this.#submitProfile) ?? nothing;
  }

  readonly #submitProfile = (fields: Record<string, string>): Promise<void> => this.#connection.submitProfile(fields);

  /** Outside business hours: when the team is back, and a form for the shopper's email. */
  #renderAway() {
    const availability = this.#connection.availability;
    if (availability === undefined || availability.isOpen) return nothing;
    return partFor('confab-away-notice', this)?.renderAwayNotice(this.strings, availability.opensAt, this.#leaveEmail) ?? nothing;
  }

  /** Once the team closed the conversation: the rating, unless the shopper already gave one (it stays to say thanks). */
  #renderRating() {
    const connection = this.#connection;
    const id = connection.conversationId;
    if (connection.conversationStatus !== 'closed' || id === undefined) return nothing;
    if (this.#ratingShownFor !== id) {
      if (connection.hasRated) return nothing;
      this.#ratingShownFor = id;
    }
    return partFor('confab-rating-form', this)?.renderRatingForm(this.strings, this.#rate) ?? nothing;
  }

  readonly #leaveEmail = (email: string): Promise<void> => this.#connection.leaveEmail(email);
  readonly #rate = (score: number, comment?: string): Promise<void> => this.#connection.rate(score, comment);

  #onQuickReply(event: QuickReplyEvent): void {
    this.#send(event.detail.text);
  }

  /** Sends the shopper's text and tells the page; false when there is no relay to send to. */
  #send(text: string): boolean {
    if (!this.#connection.client) return false;
    void this.#connection.send(text);
    this.dispatchEvent(new ConfabMessageSentEvent({ text }));
    return true;
  }

  #connectionNotice(): string {
    const s = this.strings;
    if (!this.isOnline) return s.offline;
    const state = this.#connection.state;
    if (state === 'closed') return s.unavailable;
    if (state === 'reconnecting') return s.reconnecting;
    return '';
  }

  #applyLocale(): void {
    const locale = resolveLocale(this.locale, document.documentElement.lang, navigator.language);
    this.#localeRequested = locale;
    const ready = cachedStrings(locale);
    if (ready) {
      this.strings = ready;
      return;
    }
    // Until the pack arrives the previous language stays; no half-translated panel.
    void loadStrings(locale).then((strings) => {
      if (this.#localeRequested === locale) this.strings = strings;
    });
  }

  #onLauncherClick(): void {
    if (this.isOpen) this.#requestClose('launcher');
    else this.#requestOpen('launcher');
  }

  #onKeydown(event: KeyboardEvent): void {
    // Escape during IME composition cancels the composition, not the chat.
    if (event.key !== 'Escape' || event.isComposing || !this.isOpen) return;
    event.preventDefault();
    this.#requestClose('escape');
  }

  // An arrow function, so that the lazy parts (proactive message, notification) can call it.
  readonly #requestOpen = (source: OpenSource): void => {
    if (this.isOpen) return;
    if (!this.dispatchEvent(new ConfabRequestOpenEvent({ source }))) return;
    this.#changeSource = source;
    this.open();
    this.dispatchEvent(new ConfabOpenEvent({ source }));
  };

  #requestClose(source: CloseSource): void {
    if (!this.isOpen) return;
    if (!this.dispatchEvent(new ConfabRequestCloseEvent({ source }))) return;
    this.#changeSource = source;
    this.isOpen = false;
    this.dispatchEvent(new ConfabCloseEvent({ source }));
  }

  /**
   * On screens below 640 px the panel covers the page, so Tab must stay inside it (WCAG 2.4.3),
   * and it follows the visible viewport so the text box stays above the on-screen keyboard. On
   * larger screens it is a non-modal panel beside the page and focus moves freely.
   */
  #setUpPhonePanel(): void {
    if (this.#releaseFocusTrap || !window.matchMedia?.(PHONE_QUERY).matches) return;
    const panel = this.#panel!; // the section is always rendered
    this.#releaseFocusTrap = () => undefined;
    void import('./phone-panel.js').then(({ trapFocus, ViewportController }) => {
      if (!this.isConnected) return;
      if (!this.#followsViewport) {
        this.#followsViewport = true;
        // Added while the panel is open: it starts following the viewport at once, and stays
        // with the element (a controller outlives disconnects).
        new ViewportController(this, () => this.isOpen).hostUpdated();
      }
      this.#releaseFocusTrap = trapFocus(panel, () => this.isOpen && window.matchMedia(PHONE_QUERY).matches);
    });
  }

  #rememberFocus(): void {
    // Without a launcher, focus goes back to whatever opened the chat (the shop's own button).
    const active = document.activeElement;
    this.#returnFocusTo = active instanceof HTMLElement && active !== this && active !== document.body ? active : undefined;
  }

  #focusPanel(): void {
    // On touch screens focusing the text box would pop up the keyboard over a panel the shopper
    // has not seen yet, so focus the dialog itself there; with a mouse or keyboard, the text box.
    if (window.matchMedia?.('(pointer: coarse)').matches) this.#panel?.focus();
    else void this.#composer?.updateComplete.then(() => this.#composer?.focus());
  }

  #returnFocus(): void {
    const target = this.noLauncher ? this.#returnFocusTo : this.#launcher;
    this.#returnFocusTo = undefined;
    target?.focus();
  }

  #onSubmit(event: ComposerSubmitEvent): void {
    const text = event.detail.text.trim();
    const { files } = event.detail;
    const composer = event.target as ConfabComposer;
    const maxLength = this.#connection.limits.maxTextLength;
    try {
      // Files alone make a message; text, when there is some, must be sendable.
      if (text !== '' || files.length === 0) validateText(text, maxLength);
    } catch (error) {
      event.preventDefault();
      const tooLong = error instanceof ConfabError && error.code === 'CONFAB_TEXT_TOO_LONG';
      composer.error = tooLong ? this.strings.tooLong(maxLength) : this.strings.invalidText;
      return;
    }
    if (files.length === 0) {
      if (!this.#send(text)) event.preventDefault();
      return;
    }
    // Uploads first; the composer keeps text and files until they are in, for a retry on failure.
    event.preventDefault();
    if (!this.#connection.client) return;
    // Locked while the files upload (a second Enter sends nothing twice); the upload part unlocks it.
    composer.isUploading = true;
    composer.uploadError = '';
    void import('./send-with-files.js').then(
      (module) => module.sendWithFiles(this, composer, this.#connection, text, files, this.strings),
      () => {
        // The upload code could not be fetched (offline): nothing was sent, text and files stay.
        composer.uploadError = this.strings.unavailable;
        composer.isUploading = false;
      },
    );
  }

  #onTyping(event: ComposerTypingEvent): void {
    this.#connection.setTyping(event.detail.isTyping);
  }
}

/**
 * Opens the panel as if the shopper clicked the launcher (with the cancelable request event):
 * used by the script-tag loader when the shopper clicked its early launcher before the widget loaded.
 * @internal
 */
export function openAsShopper(widget: ChatWidget): void {
  openFromLoader(widget);
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-chat': ChatWidget;
  }
}
