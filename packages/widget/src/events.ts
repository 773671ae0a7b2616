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

/**
 * The base of the widget's events: they bubble and carry a typed `detail`; `composed` (seen
 * outside the shadow tree) and `cancelable` as the event says.
 */
export class WidgetEvent<Detail> extends Event {
  readonly detail: Detail;
  constructor(type: string, detail: Detail, composed: boolean, cancelable = false) {
    super(type, { bubbles: true, composed, cancelable });
    this.detail = detail;
  }
}

/** Fired before the panel opens because the shopper asked; cancel it to keep the panel closed. */
export class ConfabRequestOpenEvent extends WidgetEvent<{ source: OpenSource }> {
  /** How the shopper asked. */
  declare readonly detail: { source: OpenSource };
  constructor(detail: { source: OpenSource }) {
    super('confab-request-open', detail, true, true);
  }
}

/** Fired after the panel opened because the shopper asked. */
export class ConfabOpenEvent extends WidgetEvent<{ source: OpenSource }> {
  /** How the shopper asked. */
  declare readonly detail: { source: OpenSource };
  constructor(detail: { source: OpenSource }) {
    super('confab-open', detail, true);
  }
}

/** Fired before the panel closes because the shopper asked; cancel it to keep the panel open. */
export class ConfabRequestCloseEvent extends WidgetEvent<{ source: CloseSource }> {
  /** How the shopper asked: the launcher, the header's close button or the Escape key. */
  declare readonly detail: { source: CloseSource };
  constructor(detail: { source: CloseSource }) {
    super('confab-request-close', detail, true, true);
  }
}

/** Fired after the panel closed because the shopper asked. */
export class ConfabCloseEvent extends WidgetEvent<{ source: CloseSource }> {
  /** How the shopper asked. */
  declare readonly detail: { source: CloseSource };
  constructor(detail: { source: CloseSource }) {
    super('confab-close', detail, true);
  }
}

/** Fired when the shopper sent a message (it is queued; delivery shows on the message itself). */
export class ConfabMessageSentEvent extends WidgetEvent<{ text: string }> {
  /** The text as sent. */
  declare readonly detail: { text: string };
  constructor(detail: { text: string }) {
    super('confab-message-sent', detail, true);
  }
}

/**
 * Fired by `<confab-composer>` when the shopper submits the text box. Cancel it to keep the text
 * and the picked files (for example because the text is too long, or to upload the files first
 * and call `composer.clear()` once they are sent); otherwise the composer clears itself.
 */
export class ComposerSubmitEvent extends WidgetEvent<{ text: string; files: readonly File[] }> {
  /** The text as typed, not trimmed (may be empty when files are picked), and the picked files. */
  declare readonly detail: { text: string; files: readonly File[] };
  constructor(detail: { text: string; files: readonly File[] }) {
    super('confab-composer-submit', detail, false, true);
  }
}

/** Fired by `<confab-composer>` when the shopper starts or stops typing. */
export class ComposerTypingEvent extends WidgetEvent<{ isTyping: boolean }> {
  /** `true` on the first keystroke, `false` after a pause, on send and on blur. */
  declare readonly detail: { isTyping: boolean };
  constructor(detail: { isTyping: boolean }) {
    super('confab-composer-typing', detail, false);
  }
}

/** Fired by `<confab-message-list>` when the shopper taps a quick reply offered under a message. */
export class QuickReplyEvent extends WidgetEvent<{ text: string; messageId: string }> {
  /** The reply's text, and the message that offered it. */
  declare readonly detail: { text: string; messageId: string };
  constructor(detail: { text: string; messageId: string }) {
    super('confab-quick-reply', detail, false);
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
export class PreChatSubmitEvent extends WidgetEvent<{ fields: Record<string, string> }> {
  /** The answers by field key, trimmed; optional fields left empty are absent. */
  declare readonly detail: { fields: Record<string, string> };
  constructor(detail: { fields: Record<string, string> }) {
    super('confab-prechat-submit', detail, false);
  }
}

/** Fired by `<confab-proactive-teaser>` when the shopper taps the proactive message to open the chat. */
export class ProactiveOpenEvent extends WidgetEvent<{ id: string; text: string }> {
  /** The proactive message's `id` and `text`. */
  declare readonly detail: { id: string; text: string };
  constructor(detail: { id: string; text: string }) {
    super('confab-proactive-open', detail, false);
  }
}

/** Fired by `<confab-proactive-teaser>` when the shopper dismisses the proactive message. */
export class ProactiveDismissEvent extends WidgetEvent<{ id: string }> {
  /** The proactive message's `id`. */
  declare readonly detail: { id: string };
  constructor(detail: { id: string }) {
    super('confab-proactive-dismiss', detail, false);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'confab-prechat-submit': PreChatSubmitEvent;
    'confab-proactive-open': ProactiveOpenEvent;
    'confab-proactive-dismiss': ProactiveDismissEvent;
  }
}
