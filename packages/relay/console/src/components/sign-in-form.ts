import { html, LitElement, nothing } from 'lit';
import { MAX_NAME_LENGTH } from '../auth.js';
import { ConfabSignInEvent } from '../events.js';
import { en, type Strings } from '../strings.js';
import { signInFormStyles } from './sign-in-form.styles.js';

/**
 * The sign-in screen (`<confab-sign-in>`): asks for the agent token (unless this tab holds one)
 * and the name shoppers see, and shows why the agent was signed out.
 *
 * @event confab-sign-in - The form was submitted with a valid token and name.
 * @cssproperty --confab-accent - Colour of the submit button.
 */
export class SignInForm extends LitElement {
  static override properties = {
    strings: { attribute: false },
    needsToken: { attribute: false },
    name: {},
    message: {},
    tokenError: { state: true },
    nameError: { state: true },
  };
  static override styles = signInFormStyles;

  /** The strings to show. */
  declare strings: Strings;
  /** Whether to ask for the token (false when the tab already holds one). */
  declare needsToken: boolean;
  /** The remembered display name, prefilled. */
  declare name: string;
  /** Why the agent is here (token refused…), shown as an alert; empty for none. */
  declare message: string;
  declare protected tokenError: string;
  declare protected nameError: string;

  constructor() {
    super();
    this.strings = en;
    this.needsToken = true;
    this.name = '';
    this.message = '';
    this.tokenError = '';
    this.nameError = '';
  }

  protected override firstUpdated(): void {
    const first = this.renderRoot.querySelector<HTMLInputElement>(this.needsToken ? '#token' : '#name');
    first?.focus();
  }

  protected override render() {
    const s = this.strings;
    return html`
      <main>
        <form @submit=${this.#submit} novalidate data-testid="sign-in-form" aria-labelledby="heading">
          <h1 id="heading">${s.signInHeading}</h1>
          ${this.needsToken ? html`<p class="intro">${s.signInIntro}</p>` : nothing}
          ${this.message ? html`<p class="message" role="alert" data-testid="sign-in-message">${this.message}</p>` : nothing}
          ${this.needsToken
            ? html`<div class="field">
                <label for="token">${s.tokenLabel}</label>
                <input
                  id="token"
                  name="token"
                  type="password"
                  autocomplete="off"
                  spellcheck="false"
                  required
                  data-testid="sign-in-token"
                  aria-invalid=${this.tokenError ? 'true' : 'false'}
                  aria-describedby="token-hint token-error"
                />
                <p class="hint" id="token-hint">${s.tokenHint}</p>
                <p class="error-text" id="token-error">${this.tokenError}</p>
              </div>`
            : nothing}
          <div class="field">
            <label for="name">${s.nameLabel}</label>
            <input
              id="name"
              name="name"
              type="text"
              autocomplete="name"
              required
              maxlength=${MAX_NAME_LENGTH}
              .value=${this.name}
              data-testid="sign-in-name"
              aria-invalid=${this.nameError ? 'true' : 'false'}
              aria-describedby="name-hint name-error"
            />
            <p class="hint" id="name-hint">${s.nameHint}</p>
            <p class="error-text" id="name-error">${this.nameError}</p>
          </div>
          <button class="primary" type="submit" data-testid="sign-in-submit">${s.signInSubmit}</button>
        </form>
      </main>
    `;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = form.querySelector<HTMLInputElement>('#token')?.value.trim() ?? '';
    const name = form.querySelector<HTMLInputElement>('#name')!.value.trim();
    this.tokenError = this.needsToken && !token ? this.strings.tokenRequired : '';
    this.nameError = !name ? this.strings.nameRequired : name.length > MAX_NAME_LENGTH ? this.strings.nameTooLong : '';
    if (this.tokenError || this.nameError) {
      form.querySelector<HTMLInputElement>(this.tokenError ? '#token' : '#name')?.focus();
      return;
    }
    this.dispatchEvent(new ConfabSignInEvent(this.needsToken ? { token, name } : { name }));
  }
}
