import { LitElement, nothing } from 'lit';
import { withExtras } from '../extra-strings.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import { renderMessageParts, type RichMessage } from './message-parts.js';
import { messagePartsStyles } from './message-parts.styles.js';

/**
 * `<confab-message-parts>`: a message's attachments, product cards and link buttons, inside the
 * message in the log (so they are announced with it). Its own element so that a chat without
 * them never downloads their code (see lazy-elements.ts).
 *
 * @csspart attachment-image - an image thumbnail link.
 * @csspart attachment-file - a file download link.
 * @csspart product - a product card.
 * @csspart link-button - a link button.
 */
export class ConfabMessageParts extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = messagePartsStyles;
  static override properties = {
    message: { attribute: false },
    strings: { attribute: false },
  };

  /** The message whose parts to show. */
  declare message: RichMessage | undefined;
  /** The language pack. @default English */
  declare strings: PanelStrings;

  constructor() {
    super();
    this.strings = en;
  }

  protected override render() {
    return this.message ? renderMessageParts(this.message, withExtras(this.strings)) : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-message-parts': ConfabMessageParts;
  }
}
