import { EMAIL_PATTERN, type PreChatField, type PreChatForm } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { PreChatSubmitEvent } from '../events.js';
import { withExtras } from '../extra-strings.js';
import { en, type PanelStrings, type Strings } from '../strings.js';
import { VERSION } from '../version.js';
import { preChatFormStyles } from './prechat-form.styles.js';

// The relay's `profile` frame takes answers of up to 500 characters; an email address is at most 254.
const MAX_ANSWER = 500;
const MAX_EMAIL = 254;

/** The label of a field: the relay's, else the widget's own words for `name` and `email`, else its key. */
function labelOf(field: PreChatField, s: Strings): string {
  return field.label?.trim() || (field.key === 'name' ? s.preChatName : field.key === 'email' ? s.preChatEmail : field.key);
}

/** The input type: the relay's, else `email` for the `email` key, else text. */
function typeOf(field: PreChatField): 'text' | 'email' | 'tel' {
  return field.type ?? (field.key === 'email' ? 'email' : 'text');
}

/** What the browser may fill in: the shopper's name, email or phone number. */
function autocompleteOf(field: PreChatField): string | undefined {
  const type = typeOf(field);
  if (type !== 'text') return type;
  return field.key === 'name' ? 'name' : undefined;
}

/**
 * The pre-chat form the relay asks for (`welcome.preChat`) before the first message: one labelled
 * field per {@link PreChatField} (name, email, phone or a custom key), "(optional)" after the
 * label of optional ones. On submit, required fields left empty and email fields that cannot be
 * an address get an error under them (`aria-invalid`, `aria-describedby`) and focus moves to the
 * first of them; a valid form fires {@link PreChatSubmitEvent} and shows a busy button until the
 * form goes away or `error` is set.
 *
 * @event confab-prechat-submit - {@link PreChatSubmitEvent}: the answers, trimmed, empty optional ones left out.
 * @csspart prechat-form - the form; `prechat-submit` is its button.
 * @cssproperty --confab-accent - the button.
 * @cssproperty --confab-error - error text.
 */
export class ConfabPreChatForm extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = preChatFormStyles;
  static override properties = {
    strings: { attribute: false },
    form: { attribute: false },
    busy: { type: Boolean, reflect: true },
    error: { attribute: false },
    invalid: { state: true },
  };

  /** The language pack. @default English */
  declare strings: PanelStrings;
  /** The form to show (`welcome.preChat`); nothing renders without it. */
  declare form: PreChatForm | undefined;
  /**
   * Whether the answers are on their way; set by the form when it fires its event, cleared when
   * `error` is set. While busy, submitting again does nothing. @default false
   */
  declare busy: boolean;
  /** A failure message shown under the button and announced (e.g. the relay refused); setting it ends `busy`. */
  declare error: string;
  /** Field key → error message, for the fields that failed the last check. */
  protected declare invalid: Readonly<Record<string, string>>;

  constructor() {
    super();
    this.strings = en;
    this.form = undefined;
    this.busy = false;
    this.error = '';
    this.invalid = {};
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error) this.busy = false;
  }

  protected override render() {
    const form = this.form;
    if (!form) return nothing;
    const s = withExtras(this.strings);
    return html`
      <form part="prechat-form" novalidate aria-labelledby="prechat-title" @submit=${this.#onSubmit}>
        <p id="prechat-title" class="title">${s.preChatTitle}</p>
        ${form.fields.map((field) => this.#renderField(field))}
        <button part="prechat-submit" type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>
          ${this.busy ? s.status.pending : s.preChatSubmit}
        </button>
        <p class="error" role="alert">${this.error}</p>
      </form>
    `;
  }

  #renderField(field: PreChatField) {
    const id = `prechat-${field.key}`;
    const type = typeOf(field);
    const error = this.invalid[field.key] ?? '';
    return html`<div class="field">
      <label for=${id}>${labelOf(field, withExtras(this.strings))}${field.isRequired ? nothing : html` <span class="optional">${withExtras(this.strings).optional}</span>`}</label>
      <input
        id=${id}
        name=${field.key}
        type=${type}
        inputmode=${type === 'text' ? nothing : type}
        autocomplete=${autocompleteOf(field) ?? nothing}
        maxlength=${type === 'email' ? MAX_EMAIL : MAX_ANSWER}
        ?required=${field.isRequired === true}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${`${id}-error`}
        @input=${() => this.#clearError(field.key)}
      />
      <p class="error" id=${`${id}-error`}>${error}</p>
    </div>`;
  }

  #clearError(key: string): void {
    if (!(key in this.invalid)) return;
    const rest = { ...this.invalid };
    delete rest[key];
    this.invalid = rest;
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = this.form;
    if (!form || this.busy) return;
    const s = withExtras(this.strings);
    const fields: Record<string, string> = {};
    const invalid: Record<string, string> = {};
    let firstBad: HTMLInputElement | undefined;
    for (const field of form.fields) {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`#prechat-${field.key}`)!;
      const value = input.value.trim();
      const label = labelOf(field, s);
      let problem = '';
      if (!value) problem = field.isRequired ? s.required(label) : '';
      else if (typeOf(field) === 'email' && !EMAIL_PATTERN.test(value)) problem = s.emailInvalid;
      if (problem) {
        invalid[field.key] = problem;
        firstBad ??= input;
      } else if (value) fields[field.key] = value;
    }
    this.invalid = invalid;
    this.error = '';
    if (firstBad) {
      firstBad.focus();
      return;
    }
    this.busy = true;
    this.dispatchEvent(new PreChatSubmitEvent({ fields }));
  }
}

/**
 * The pre-chat form as `<confab-chat>` renders it in place of the text box (loaded with this
 * chunk): `submit` sends the answers; if it fails, the form says so and keeps them.
 */
export function renderPreChatForm(
  strings: PanelStrings,
  form: PreChatForm,
  submit: (fields: Record<string, string>) => Promise<void>,
): TemplateResult {
  const onSubmit = async (event: PreChatSubmitEvent) => {
    const element = event.target as ConfabPreChatForm;
    try {
      await submit(event.detail.fields);
    } catch {
      element.error = withExtras(strings).requestFailed;
    }
  };
  return html`<confab-prechat-form
    part="prechat"
    exportparts="prechat-form, prechat-submit"
    .strings=${strings}
    .form=${form}
    @confab-prechat-submit=${onSubmit}
  ></confab-prechat-form>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-prechat-form': ConfabPreChatForm;
  }
}
