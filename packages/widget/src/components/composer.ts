import { isTypeAccepted } from '@confab/protocol';
import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { ComposerSubmitEvent, ComposerTypingEvent } from '../events.js';
import { partFor } from '../lazy-elements.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import type { AttachmentRemoveEvent } from './attachment-tray.js';
import { composerStyles } from './composer.styles.js';
import { formatFileSize } from './file-size.js';

// How long after the last keystroke the shopper counts as having stopped typing.
const TYPING_IDLE_MS = 4000;
/** The most files one message carries. */
export const MAX_ATTACHMENTS = 10;

const attachIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M16 7v9.5a4 4 0 0 1-8 0V6a2.5 2.5 0 0 1 5 0v10a1 1 0 0 1-2 0V7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>`;

const sendIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/></svg>`;

/**
 * The text box, attach button, picked files and send button of the chat panel.
 *
 * Enter sends, Shift+Enter adds a line, and Enter while an input method is composing (pinyin,
 * kana…) only confirms the composition. The text is at least 16px so iOS does not zoom in.
 * When `maxUploadBytes` is set, files can be picked with the attach button, pasted (a
 * screenshot), or handed over with `addFiles()` (drag and drop); a message may be files only.
 *
 * @event confab-composer-submit - {@link ComposerSubmitEvent}: the shopper sends; cancel to keep the text and files.
 * @event confab-composer-typing - {@link ComposerTypingEvent}: the shopper started or stopped typing.
 * @csspart input - the textarea.
 * @csspart send - the send button.
 * @csspart attach - the attach button.
 * @csspart attachments - the list of picked files (in `<confab-attachment-tray>`); each is an `attachment`.
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
    maxUploadBytes: { attribute: false },
    uploadTypes: { attribute: false },
    isUploading: { attribute: false },
    uploadError: { attribute: false },
    hasText: { state: true },
    picked: { state: true },
  };

  /** The language pack. @default English */
  declare strings: PanelStrings;
  /** Disables the text box, e.g. while the chat is unavailable. @default false */
  declare disabled: boolean;
  /** An error shown under the text box and announced; cleared when the shopper edits. */
  declare error: string;
  /** Largest file the relay takes, in bytes (`limits.maxUploadBytes`); unset hides the attach button. */
  declare maxUploadBytes: number | undefined;
  /** Media types the relay takes (`limits.uploadTypes`, `image/*` wildcards allowed); unset takes any. */
  declare uploadTypes: readonly string[] | undefined;
  /** Set while the widget uploads the picked files: sending and changing the files wait. @default false */
  declare isUploading: boolean;
  /** An upload failure shown under the text box and announced; the widget sets and clears it. */
  declare uploadError: string;
  protected declare hasText: boolean;
  protected declare picked: readonly File[];

  #isTyping = false;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.strings = en;
    this.disabled = false;
    this.error = '';
    this.isUploading = false;
    this.uploadError = '';
    this.hasText = false;
    this.picked = [];
  }

  /** The files picked for the next message. */
  get files(): readonly File[] {
    return this.picked;
  }

  /**
   * Adds files to the next message, as the attach button does (drag and drop calls this). Files
   * over `maxUploadBytes` or of a type outside `uploadTypes` are refused with an error, and so
   * are files beyond {@link MAX_ATTACHMENTS}; files already picked are left out. Does nothing while
   * the relay takes no uploads, the composer is disabled or files upload.
   */
  addFiles(files: readonly File[]): void {
    const max = this.maxUploadBytes;
    if (!max || this.#isBusy) return;
    const s = this.strings;
    const refusals: string[] = [];
    const tooMany = s.tooManyFiles(MAX_ATTACHMENTS);
    const picked = [...this.picked];
    for (const file of files) {
      if (file.size > max) refusals.push(s.attachmentTooLarge(file.name, formatFileSize(max, s.lang)));
      else if (!isAcceptedType(file.type, this.uploadTypes)) refusals.push(s.attachmentTypeRefused(file.name));
      else if (picked.some((other) => isSameFile(other, file))) continue;
      else if (picked.length < MAX_ATTACHMENTS) picked.push(file);
      else if (!refusals.includes(tooMany)) refusals.push(tooMany);
    }
    this.picked = picked;
    this.error = refusals.join(' ');
  }

  /** Empties the text box and the picked files, e.g. once the widget sent an uploaded message. */
  clear(): void {
    this.value = '';
    this.#growToFit();
    this.#setTyping(false);
    this.picked = [];
  }

  /** The current text of the text box. */
  get value(): string {
    return this.#textarea?.value ?? '';
  }

  set value(text: string) {
    if (this.#textarea) this.#textarea.value = text;
    this.hasText = text.trim() !== '';
  }

  // Disabled, or the picked files upload: nothing is sent or picked meanwhile.
  get #isBusy(): boolean {
    return this.disabled || this.isUploading;
  }

  get #canAttach(): boolean {
    return !this.#isBusy && this.picked.length < MAX_ATTACHMENTS;
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
    const canSend = (this.hasText || this.picked.length > 0) && !this.#isBusy;
    return html`
      ${this.picked.length > 0 ? this.#renderTray() : nothing}
      <form @submit=${this.#onSubmit}>
        ${this.maxUploadBytes
          ? html`<button class="attach" part="attach" type="button" aria-label=${s.attach} aria-disabled=${!this.#canAttach} @click=${this.#openPicker}>
                ${attachIcon}
              </button>
              <input type="file" multiple hidden accept=${this.uploadTypes?.join(',') ?? ''} @change=${this.#onPick} />`
          : nothing}
        ${this.#renderInput(s)}
        <button part="send" type="submit" aria-label=${s.send} aria-disabled=${!canSend} @mousedown=${this.#keepFocus}>
          ${sendIcon}
        </button>
      </form>
      <p class="status" role="status">${this.isUploading ? s.uploading : ''}</p>
      <p class="error" id="error" role="alert">${[this.error, this.uploadError].filter(Boolean).join(' ')}</p>
    `;
  }

  // A template of its own, with no line breaks in its markup: the build leaves the whitespace of
  // any template holding a <textarea> as it is (there it can be content).
  #renderInput(s: PanelStrings) {
    return html`<textarea part="input" rows="1" enterkeyhint="send" aria-label=${s.input} placeholder=${s.placeholder} aria-describedby="error" aria-invalid=${!!this.error} ?disabled=${this.disabled} ?readonly=${this.isUploading} @input=${this.#onInput} @paste=${this.#onPaste} @keydown=${this.#onKeydown} @blur=${() => this.#setTyping(false)}></textarea>`;
  }

  /** The picked files, in an element loaded the first time the shopper picks one. */
  #renderTray() {
    return partFor('confab-attachment-tray', this)?.renderAttachmentTray(this.picked, this.strings, this.isUploading, this.#onRemove) ?? nothing;
  }

  #openPicker(): void {
    if (this.#canAttach) this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  #onPick(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.addFiles(Array.from(input.files ?? []));
    // Emptied so that picking the same file again, after removing it, fires `change` again.
    input.value = '';
  }

  #onPaste(event: ClipboardEvent): void {
    const data = event.clipboardData;
    // Office apps put a picture of the copied cells next to the text; text always wins, so pasting
    // from a spreadsheet stays text. A screenshot or a copied image comes without text.
    if (!data?.files.length || !this.maxUploadBytes || data.getData('text/plain')) return;
    event.preventDefault();
    this.addFiles(Array.from(data.files));
  }

  async #onRemove(event: AttachmentRemoveEvent): Promise<void> {
    const index = this.picked.indexOf(event.detail.file);
    if (this.isUploading || index < 0) return;
    this.picked = this.picked.filter((file) => file !== event.detail.file);
    await this.updateComplete;
    // The list re-renders by position, so the button now at `index` belongs to the next file.
    const tray = this.renderRoot.querySelector('confab-attachment-tray');
    if (!(await tray?.focusRemoveButton(index))) this.focus();
  }

  #onInput(): void {
    this.hasText = this.value.trim() !== '';
    this.error = '';
    this.#growToFit();
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
    // The text box itself, not `hasText`: a `value` set before the first render never reached it.
    if (this.#isBusy || (this.value.trim() === '' && this.picked.length === 0)) return;
    const submit = new ComposerSubmitEvent({ text: this.value, files: this.picked });
    this.dispatchEvent(submit);
    if (!submit.defaultPrevented) this.clear();
  }

  // CSS `field-sizing: content` grows the box where supported; elsewhere measure it. Setting
  // style through CSSOM is allowed under a strict style-src CSP, unlike style attributes.
  #growToFit(): void {
    const textarea = this.#textarea;
    if (!textarea || globalThis.CSS?.supports?.('field-sizing', 'content')) return;
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

/** Whether the browser's guess `type` is among `accepted`; an unknown type passes (the relay checks the bytes). */
function isAcceptedType(type: string, accepted: readonly string[] | undefined): boolean {
  // No list, or no type from the browser (only a guess from the name): the relay sniffs the content.
  return !accepted?.length || type.trim() === '' || isTypeAccepted(type, accepted);
}

function isSameFile(a: File, b: File): boolean {
  return a === b || (a.name === b.name && a.size === b.size && a.lastModified === b.lastModified);
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-composer': ConfabComposer;
  }
}
