import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';

/** One labelled text field of a card form, with its hint and inline error. */
export interface CardField {
  id: string;
  label: string;
  value: string;
  /** The problem to show under the field; empty when there is none. */
  error: string;
  hint?: string;
  /** Shown after the label, e.g. "(optional)". */
  optionalNote?: string;
  type?: 'text' | 'url';
  inputMode?: 'text' | 'decimal' | 'url';
  maxLength?: number;
  autocapitalize?: 'off' | 'characters';
  onInput: (value: string) => void;
}

/**
 * Renders a card-form field: the input is described by its hint and error, and marked invalid
 * while the error shows, so a screen reader announces both when the field takes focus.
 */
export function renderCardField(field: CardField) {
  const hintId = `${field.id}-hint`;
  const errorId = `${field.id}-error`;
  return html`<div class="field">
    <label for=${field.id}>${field.label}${field.optionalNote ? html` <span class="optional">${field.optionalNote}</span>` : nothing}</label>
    <input
      id=${field.id}
      data-testid=${field.id}
      type=${field.type ?? 'text'}
      inputmode=${field.inputMode ?? 'text'}
      autocomplete="off"
      autocapitalize=${field.autocapitalize ?? 'off'}
      spellcheck="false"
      maxlength=${field.maxLength ?? nothing}
      .value=${live(field.value)}
      aria-invalid=${field.error ? 'true' : 'false'}
      aria-describedby=${field.hint ? `${hintId} ${errorId}` : errorId}
      @input=${(event: Event) => field.onInput((event.target as HTMLInputElement).value)}
    />
    ${field.hint ? html`<p class="hint" id=${hintId}>${field.hint}</p>` : nothing}
    <p class="error-text" id=${errorId} data-testid=${errorId}>${field.error}</p>
  </div>`;
}
