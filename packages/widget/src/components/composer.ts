import { html, LitElement, svg, type PropertyValues } from 'lit';
import { ComposerSubmitEvent, ComposerTypingEvent } from '../events.js';
import { en, type Strings } from '../strings.js';
import { VERSION } from '../version.js';
import { composerStyles } from './composer.styles.js';

// How long after the last keystroke the shopper counts as having stopped typing.
const TYPING_IDLE_MS = 4000;

const sendIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/></svg>`;

/**
 * The text box and send button of the chat panel.
 *
 * Enter sends, Shift+Enter adds a line, and Enter while an input method is composing (pinyin,
 * kana…) only confirms the composition. The text is at least 16px so iOS does not zoom in.
 *
 * @event confab-composer-submit - {@link ComposerSubmitEvent}: the shopper sends; cancel to keep the text.
 * @event confab-composer-typing - {@link ComposerTypingEvent}: the shopper started or stopped typing.
 * @csspart input - the textarea.
 * @csspart send - the send button.
 * @cssproperty --confab-accent - send button colour.
 * @cssproperty --confab-accent-contrast - send icon colour.
 * @cssproperty --confab-border - text box border.
 * @cssproperty --confab-radius - corner radius (the text box uses three quarters of it).
 */
export class ConfabComposer extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = composerStyles;
  static override properties = {
    strings: { attribute: false },
    disabled: { type: Boolean, reflect: true },
    error: { attribute: false },
    hasText: { state: true },
  };

  /** The language pack. @default English */
  declare strings: Strings;
  /** Disables the text box, e.g. while the chat is unavailable. @default false */
  declare disabled: boolean;
  /** An error shown under the text box and announced; cleared when the shopper edits. */
  declare error: string;
  protected declare hasText: boolean;

  #isTyping = false;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.strings = en;
    this.disabled = false;
    this.error = '';
    this.hasText = false;
  }

  /** The current text of the text box. */
  get value(): string {
    return this.#textarea?.value ?? '';
  }

  set value(text: string) {
    if (this.#textarea) this.#textarea.value = text;
    this.hasText = text.trim() !== '';
  }

  get #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** Moves keyboard focus to the text box. */
  override focus(options?: FocusOptions): void {
    this.#textarea?.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#setTyping(false);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('disabled') && this.disabled) this.#setTyping(false);
  }

  protected override render() {
    const s = this.strings;
    return html`
      <form @submit=${this.#onSubmit}>
        <textarea
          part="input"
          rows="1"
          enterkeyhint="send"
          aria-label=${s.input}
          placeholder=${s.placeholder}
          aria-describedby="error"
          aria-invalid=${this.error ? 'true' : 'false'}
          ?disabled=${this.disabled}
          @input=${this.#onInput}
          @keydown=${this.#onKeydown}
          @blur=${() => this.#setTyping(false)}
        ></textarea>
        <button
          part="send"
          type="submit"
          aria-label=${s.send}
          aria-disabled=${this.hasText && !this.disabled ? 'false' : 'true'}
          @mousedown=${this.#keepFocus}
        >
          ${sendIcon}
        </button>
      </form>
      <p class="error" id="error" role="alert">${this.error}</p>
    `;
  }

  #onInput(): void {
    const textarea = this.#textarea!;
    this.hasText = textarea.value.trim() !== '';
    this.error = '';
    this.#growToFit(textarea);
    this.#setTyping(this.hasText);
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey) return;
    // While an IME composes, Enter picks the candidate. Safari fires that keydown after
    // `compositionend`, so isComposing is already false, but its keyCode is 229; check both
    // (https://developer.mozilla.org/docs/Web/API/Element/keydown_event#keydown_events_with_ime).
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    this.#submit();
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.#submit();
    this.focus();
  }

  // Pressing the send button must not take focus from the text box: on phones that would close
  // the keyboard between two messages.
  #keepFocus(event: MouseEvent): void {
    event.preventDefault();
  }

  #submit(): void {
    const textarea = this.#textarea;
    if (!textarea || this.disabled || textarea.value.trim() === '') return;
    const submit = new ComposerSubmitEvent({ text: textarea.value });
    this.dispatchEvent(submit);
    if (submit.defaultPrevented) return;
    this.value = '';
    this.#growToFit(textarea);
    this.#setTyping(false);
  }

  // CSS `field-sizing: content` grows the box where supported; elsewhere measure it. Setting
  // style through CSSOM is allowed under a strict style-src CSP, unlike style attributes.
  #growToFit(textarea: HTMLTextAreaElement): void {
    if (globalThis.CSS?.supports?.('field-sizing', 'content')) return;
    textarea.style.height = 'auto';
    if (textarea.scrollHeight > 0) textarea.style.height = `${textarea.scrollHeight + 2}px`;
  }

  #setTyping(isTyping: boolean): void {
    clearTimeout(this.#typingTimer);
    this.#typingTimer = isTyping ? setTimeout(() => this.#setTyping(false), TYPING_IDLE_MS) : undefined;
    if (isTyping === this.#isTyping) return;
    this.#isTyping = isTyping;
    this.dispatchEvent(new ComposerTypingEvent({ isTyping }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-composer': ConfabComposer;
  }
}
