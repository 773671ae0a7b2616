import { EMAIL_PATTERN } from '@confab/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { formatOpeningTime } from '../opening-time.js';
import { withExtras } from '../extra-strings.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import { awayNoticeStyles } from './away-notice.styles.js';

/** Where the email form is: being filled in, on its way, or stored. */
type EmailState = 'editing' | 'sending' | 'saved';

/**
 * The notice shown outside business hours: "We're away — we'll answer tomorrow at 9:00 AM", in
 * the widget's language and the shopper's time, and a form to leave an email address for the
 * answer. The shopper can still write messages meanwhile; this only sets expectations.
 *
 * The address is checked as the relay checks it before anything is sent; errors and the
 * confirmation are announced.
 *
 * @csspart email-form - the form; `email-input` is its field and `email-submit` its button.
 * @cssproperty --confab-notice-background - background of the notice.
 * @cssproperty --confab-notice-text - text of the notice.
 * @cssproperty --confab-accent - the button.
 * @cssproperty --confab-error - error text.
 */
export class ConfabAwayNotice extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = awayNoticeStyles;
  static override properties = {
    strings: { attribute: false },
    opensAt: { attribute: false },
    leaveEmail: { attribute: false },
    emailState: { state: true },
    error: { state: true },
    savedEmail: { state: true },
  };

  /** The language pack. @default English */
  declare strings: PanelStrings;
  /** When the team is back (milliseconds since the epoch), if the relay says. */
  declare opensAt: number | undefined;
  /** Sends the address; without it no form is offered. Rejections show as an error. */
  declare leaveEmail: ((email: string) => Promise<void>) | undefined;
  protected declare emailState: EmailState;
  protected declare error: string;
  protected declare savedEmail: string;

  constructor() {
    super();
    this.strings = en;
    this.opensAt = undefined;
    this.leaveEmail = undefined;
    this.emailState = 'editing';
    this.error = '';
    this.savedEmail = '';
  }

  protected override render() {
    const s = withExtras(this.strings);
    const message = this.opensAt === undefined ? s.awayNoTime : s.away(formatOpeningTime(this.opensAt, s));
    return html`
      <p class="message">${message}</p>
      ${this.leaveEmail ? this.#renderForm() : nothing}
    `;
  }

  #renderForm() {
    const s = withExtras(this.strings);
    if (this.emailState === 'saved') return html`<p class="saved" role="status">${s.emailSaved(this.savedEmail)}</p>`;
    const isSending = this.emailState === 'sending';
    return html`
      <form part="email-form" novalidate @submit=${this.#onSubmit}>
        <label for="email">${s.emailPrompt}</label>
        <div class="row">
          <input
            id="email"
            part="email-input"
            type="email"
            name="email"
            autocomplete="email"
            inputmode="email"
            maxlength="254"
            placeholder=${s.emailPlaceholder}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby="email-error"
            @input=${() => (this.error = '')}
          />
          <button part="email-submit" type="submit" aria-disabled=${isSending ? 'true' : 'false'}>
            ${isSending ? s.status.pending : s.emailSubmit}
          </button>
        </div>
        <p class="error" id="email-error" role="alert">${this.error}</p>
      </form>
    `;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.emailState !== 'editing' || !this.leaveEmail) return;
    const input = this.renderRoot.querySelector('input')!;
    const email = input.value.trim();
    if (email.length > 254 || !EMAIL_PATTERN.test(email)) {
      this.error = withExtras(this.strings).emailInvalid;
      input.focus();
      return;
    }
    this.error = '';
    this.emailState = 'sending';
    try {
      await this.leaveEmail(email);
      this.savedEmail = email;
      this.emailState = 'saved';
    } catch {
      this.emailState = 'editing';
      this.error = withExtras(this.strings).requestFailed;
    }
  }
}

/** The away notice as `<confab-chat>` renders it in its panel (loaded with this chunk). */
export function renderAwayNotice(
  strings: PanelStrings,
  opensAt: number | undefined,
  leaveEmail: (email: string) => Promise<void>,
): TemplateResult {
  return html`<confab-away-notice
    part="away"
    exportparts="email-form, email-input, email-submit"
    .strings=${strings}
    .opensAt=${opensAt}
    .leaveEmail=${leaveEmail}
  ></confab-away-notice>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-away-notice': ConfabAwayNotice;
  }
}
