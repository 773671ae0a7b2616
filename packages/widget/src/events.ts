/**
 * DOM events of the widget. Each is a real `Event` subclass with a typed `detail`.
 *
 * Public events bubble and are `composed`, so a shop can listen on `<confab-chat>` or on
 * `document`. They fire for the shopper's actions, never for calls such as `widget.open()`.
 * `confab-request-*` events are cancelable: call `preventDefault()` to stop the action.
 * The `confab-composer-*` and `confab-quick-reply` events are internal to the widget's shadow tree (not composed).
 */

/** What the shopper used to open the panel: the launcher, a proactive message, or a desktop notification. */
export type OpenSource = 'launcher' | 'proactive' | 'notification';

/** What the shopper used to close the panel. */
export type CloseSource = 'launcher' | 'button' | 'escape';

/** Fired before the panel opens because the shopper asked; cancel it to keep the panel closed. */
export class ConfabRequestOpenEvent extends Event {
  /** How the shopper asked. */
  readonly detail: { source: OpenSource };
  constructor(detail: { source: OpenSource }) {
    super('confab-request-open', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

/** Fired after the panel opened because the shopper asked. */
export class ConfabOpenEvent extends Event {
  /** How the shopper asked. */
  readonly detail: { source: OpenSource };
  constructor(detail: { source: OpenSource }) {
    super('confab-open', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired before the panel closes because the shopper asked; cancel it to keep the panel open. */
export class ConfabRequestCloseEvent extends Event {
  /** How the shopper asked: the launcher, the header's close button or the Escape key. */
  readonly detail: { source: CloseSource };
  constructor(detail: { source: CloseSource }) {
    super('confab-request-close', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

/** Fired after the panel closed because the shopper asked. */
export class ConfabCloseEvent extends Event {
  /** How the shopper asked. */
  readonly detail: { source: CloseSource };
  constructor(detail: { source: CloseSource }) {
    super('confab-close', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired when the shopper sent a message (it is queued; delivery shows on the message itself). */
export class ConfabMessageSentEvent extends Event {
  /** The text as sent. */
  readonly detail: { text: string };
  constructor(detail: { text: string }) {
    super('confab-message-sent', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/**
 * Fired by `<confab-composer>` when the shopper submits the text box. Cancel it to keep the text
 * and the picked files (for example because the text is too long, or to upload the files first
 * and call `composer.clear()` once they are sent); otherwise the composer clears itself.
 */
export class ComposerSubmitEvent extends Event {
  /** The text as typed, not trimmed (may be empty when files are picked), and the picked files. */
  readonly detail: { text: string; files: readonly File[] };
  constructor(detail: { text: string; files: readonly File[] }) {
    super('confab-composer-submit', { bubbles: true, composed: false, cancelable: true });
    this.detail = detail;
  }
}

/** Fired by `<confab-composer>` when the shopper starts or stops typing. */
export class ComposerTypingEvent extends Event {
  /** `true` on the first keystroke, `false` after a pause, on send and on blur. */
  readonly detail: { isTyping: boolean };
  constructor(detail: { isTyping: boolean }) {
    super('confab-composer-typing', { bubbles: true, composed: false });
    this.detail = detail;
  }
}

/** Fired by `<confab-message-list>` when the shopper taps a quick reply offered under a message. */
export class QuickReplyEvent extends Event {
  /** The reply's text, and the message that offered it. */
  readonly detail: { text: string; messageId: string };
  constructor(detail: { text: string; messageId: string }) {
    super('confab-quick-reply', { bubbles: true, composed: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'confab-request-open': ConfabRequestOpenEvent;
    'confab-open': ConfabOpenEvent;
    'confab-request-close': ConfabRequestCloseEvent;
    'confab-close': ConfabCloseEvent;
    'confab-message-sent': ConfabMessageSentEvent;
    'confab-composer-submit': ComposerSubmitEvent;
    'confab-composer-typing': ComposerTypingEvent;
    'confab-quick-reply': QuickReplyEvent;
  }
}

/** Fired by `<confab-prechat-form>` when the shopper sends a valid pre-chat form. */
export class PreChatSubmitEvent extends Event {
  /** The answers by field key, trimmed; optional fields left empty are absent. */
  readonly detail: { fields: Record<string, string> };
  constructor(detail: { fields: Record<string, string> }) {
    super('confab-prechat-submit', { bubbles: true, composed: false });
    this.detail = detail;
  }
}

/** Fired by `<confab-proactive-teaser>` when the shopper taps the proactive message to open the chat. */
export class ProactiveOpenEvent extends Event {
  /** The proactive message's `id` and `text`. */
  readonly detail: { id: string; text: string };
  constructor(detail: { id: string; text: string }) {
    super('confab-proactive-open', { bubbles: true, composed: false });
    this.detail = detail;
  }
}

/** Fired by `<confab-proactive-teaser>` when the shopper dismisses the proactive message. */
export class ProactiveDismissEvent extends Event {
  /** The proactive message's `id`. */
  readonly detail: { id: string };
  constructor(detail: { id: string }) {
    super('confab-proactive-dismiss', { bubbles: true, composed: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'confab-prechat-submit': PreChatSubmitEvent;
    'confab-proactive-open': ProactiveOpenEvent;
    'confab-proactive-dismiss': ProactiveDismissEvent;
  }
}
