import { html, LitElement, nothing, svg } from 'lit';
import { ProactiveDismissEvent, ProactiveOpenEvent } from '../events.js';
import { CLOSE_ICON_PATH } from '../launcher-look.js';
import type { ProactiveMessage } from '../proactive-config.js';
import { withExtras } from '../extra-strings.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import { proactiveTeaserStyles } from './proactive-teaser.styles.js';

/**
 * A small speech bubble above the launcher with a proactive message ("Need help with sizes?"):
 * tapping the text asks to open the chat, the cross dismisses it. It never takes focus; the text is
 * announced politely. Keep the element in the page and set `message` to show the bubble, so the
 * status region exists before its text arrives (screen readers announce changes, not new regions).
 *
 * @event confab-proactive-open - {@link ProactiveOpenEvent}: the shopper tapped the message.
 * @event confab-proactive-dismiss - {@link ProactiveDismissEvent}: the shopper dismissed it.
 * @csspart teaser - the bubble; `teaser-text` is the message and `teaser-dismiss` the cross.
 * @cssproperty --confab-surface - bubble background.
 * @cssproperty --confab-text - bubble text.
 * @cssproperty --confab-offset-x - distance from the screen edge, as the launcher's.
 * @cssproperty --confab-offset-y - distance from the bottom, as the launcher's.
 * @cssproperty --confab-launcher-size - the launcher it sits above.
 */
export class ConfabProactiveTeaser extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = proactiveTeaserStyles;
  static override properties = {
    strings: { attribute: false },
    message: { attribute: false },
    position: { type: String, reflect: true },
  };

  /** The language pack. @default English */
  declare strings: PanelStrings;
  /** The message to show; the bubble is hidden without one. */
  declare message: ProactiveMessage | undefined;
  /** The screen corner of the launcher, as on `<confab-chat>`. @default 'right' */
  declare position: 'right' | 'left';

  constructor() {
    super();
    this.strings = en;
    this.message = undefined;
    this.position = 'right';
  }

  protected override render() {
    const message = this.message;
    return html`<div class="teaser" part="teaser" lang=${this.strings.lang} ?hidden=${!message}>
      <div role="status">
        ${message
          ? html`<button
              class="text"
              part="teaser-text"
              type="button"
              @click=${() => this.dispatchEvent(new ProactiveOpenEvent({ id: message.id, text: message.text }))}
            >
              ${message.text}
            </button>`
          : nothing}
      </div>
      ${message
        ? html`<button
            class="dismiss"
            part="teaser-dismiss"
            type="button"
            aria-label=${withExtras(this.strings).dismiss}
            @click=${() => this.dispatchEvent(new ProactiveDismissEvent({ id: message.id }))}
          >
            ${svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${CLOSE_ICON_PATH}></path></svg>`}
          </button>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-proactive-teaser': ConfabProactiveTeaser;
  }
}
