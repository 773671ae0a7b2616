import { storageFor, type StorageMode } from '@confab/client';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ChatWidget } from './chat-widget.js';
import type { ConnectionController } from './controllers/connection-controller.js';
import type { OpenSource, ProactiveDismissEvent, ProactiveOpenEvent } from './events.js';
import { loadElement } from './lazy-elements.js';
import { fetchProactiveConfig, pickProactive, readDismissed, rememberDismissed, type DismissStorage, type ProactiveMessage } from './proactive-config.js';
import type { PanelStrings } from './strings.js';

/**
 * The proactive message: its configuration from the relay, the teaser element and the widget's
 * glue for both, in one chunk that only pages with the `proactive` attribute load.
 */
export { fetchProactiveConfig, pickProactive, readDismissed, rememberDismissed } from './proactive-config.js';
export type { ProactiveMessage } from './proactive-config.js';
export { ConfabProactiveTeaser } from './components/proactive-teaser.js';

/**
 * The relay's proactive message for the page the shopper is on, in the widget's language, unless
 * the shopper dismissed it before; `undefined` when none fits (or the relay cannot be asked).
 */
export async function proactiveForPage(relay: string, locale: string, storage: DismissStorage | undefined): Promise<ProactiveMessage | undefined> {
  const messages = await fetchProactiveConfig(relay);
  return pickProactive(messages, { path: location.pathname, locale, dismissedIds: readDismissed(storage) });
}

/** What of `<confab-chat>` the proactive message reads. */
export type ProactiveHost = ReactiveControllerHost & Pick<ChatWidget, 'relay' | 'proactive' | 'isOpen' | 'isConnected' | 'position'>;

/**
 * `<confab-chat>`'s proactive message, added to it once this chunk is in. On every connect it
 * shows the relay's message for the page after its delay, unless the shopper dismissed it before
 * or already chats (the panel is open or a conversation exists); the timer ends on disconnect.
 * Tapping it opens the chat with it as the greeting.
 */
export class Proactive implements ReactiveController {
  /** The proactive message the shopper opened the chat from: shown as the panel's greeting. */
  #greeting: string | undefined;
  /** The message showing next to the launcher, if any. */
  #message: ProactiveMessage | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #host: ProactiveHost;
  readonly #connection: Pick<ConnectionController, 'messages' | 'setCustomContext'>;
  /** The widget's language pack now. */
  readonly #strings: () => PanelStrings;
  /** Where the widget keeps things now (its `storage` attribute). */
  readonly #storageMode: () => StorageMode;
  /** Opens the panel as the shopper asked, with the cancelable request event. */
  readonly #requestOpen: (source: OpenSource) => void;

  constructor(
    host: ProactiveHost,
    connection: Pick<ConnectionController, 'messages' | 'setCustomContext'>,
    strings: () => PanelStrings,
    storageMode: () => StorageMode,
    requestOpen: (source: OpenSource) => void,
  ) {
    this.#host = host;
    this.#connection = connection;
    this.#strings = strings;
    this.#storageMode = storageMode;
    this.#requestOpen = requestOpen;
    host.addController(this);
  }

  hostConnected(): void {
    void this.#start();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  async #start(): Promise<void> {
    const host = this.#host;
    if (!host.proactive || !host.relay) return;
    const message = await proactiveForPage(host.relay, this.#strings().lang, storageFor(this.#storageMode()));
    if (!message || !host.isConnected) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (host.isOpen || this.#connection.messages.length > 0) return;
      this.#message = message;
      host.requestUpdate();
    }, (message.delaySeconds ?? 0) * 1000);
  }

  /** `strings` for the message list: with the proactive message as greeting once the shopper opened the chat from it. */
  withGreeting(strings: PanelStrings): PanelStrings {
    return this.#greeting ? { ...strings, greeting: this.#greeting } : strings;
  }

  /** The `<confab-proactive-teaser>` beside the launcher, while there is a message and the panel is closed. */
  render(strings: PanelStrings): TemplateResult | typeof nothing {
    const message = this.#message;
    if (!message || this.#host.isOpen) return nothing;
    void loadElement('confab-proactive-teaser');
    return html`<confab-proactive-teaser
      part="teaser"
      exportparts="teaser, teaser-text, teaser-dismiss"
      .strings=${strings}
      .message=${message}
      position=${this.#host.position}
      @confab-proactive-open=${this.#onOpen}
      @confab-proactive-dismiss=${this.#onDismiss}
    ></confab-proactive-teaser>`;
  }

  // Arrow functions: Lit calls listeners with the widget as `this`.
  readonly #onOpen = (event: ProactiveOpenEvent): void => {
    this.#greeting = event.detail.text;
    this.#hide();
    // The agent sees what the shopper answered.
    this.#connection.setCustomContext({ proactiveMessage: event.detail.text });
    this.#requestOpen('proactive');
  };

  readonly #onDismiss = (event: ProactiveDismissEvent): void => {
    this.#hide();
    rememberDismissed(event.detail.id, storageFor(this.#storageMode()));
  };

  #hide(): void {
    this.#message = undefined;
    this.#host.requestUpdate();
  }
}
