import { ConfabError, type QuickReply } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import { ConfabCloseQuickRepliesEvent, ConfabQuickReplyDeleteEvent, ConfabQuickReplySaveEvent } from '../events.js';
import { QUICK_REPLY_MAX_TEXT, validateQuickReply, type QuickReplyProblems } from '../quick-replies.js';
import { en, type Strings } from '../strings.js';
import { quickReplyManagerStyles } from './quick-reply-manager.styles.js';

/**
 * The quick-reply manager (`<confab-quick-reply-manager>`): a modal dialog listing the team's
 * quick replies with Edit and Delete (confirmed), and a form to add or change one. The form checks
 * the relay's rules before saving and shows the relay's answer when it refuses.
 *
 * @event confab-quick-reply-save - Save was pressed with valid fields; respond with the outcome.
 * @event confab-quick-reply-delete - A delete was confirmed; respond with the outcome.
 * @event confab-close-quick-replies - The dialog was closed (Close button or Escape).
 */
export class QuickReplyManager extends LitElement {
  static override properties = {
    strings: { attribute: false },
    quickReplies: { attribute: false },
    open: { type: Boolean, reflect: true },
    editingId: { state: true },
    shortcut: { state: true },
    text: { state: true },
    problems: { state: true },
    formError: { state: true },
    isSaving: { state: true },
    confirmingDeleteId: { state: true },
  };
  static override styles = quickReplyManagerStyles;

  declare strings: Strings;
  declare quickReplies: readonly QuickReply[];
  /** Whether the dialog is shown. */
  declare open: boolean;
  declare protected editingId: string | undefined;
  declare protected shortcut: string;
  declare protected text: string;
  declare protected problems: QuickReplyProblems;
  declare protected formError: string;
  declare protected isSaving: boolean;
  declare protected confirmingDeleteId: string | undefined;

  constructor() {
    super();
    this.strings = en;
    this.quickReplies = [];
    this.open = false;
    this.editingId = undefined;
    this.shortcut = '';
    this.text = '';
    this.problems = {};
    this.formError = '';
    this.isSaving = false;
    this.confirmingDeleteId = undefined;
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.#dialog;
    if (!dialog) return;
    if (this.open && !dialog.open) {
      dialog.showModal();
      this.renderRoot.querySelector<HTMLInputElement>('#qr-shortcut')?.focus();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  protected override render() {
    const s = this.strings;
    return html`
      <dialog aria-labelledby="qr-heading" data-testid="quick-reply-manager" @close=${this.#onDialogClose}>
        <div class="head">
          <h2 id="qr-heading">${s.quickRepliesHeading}</h2>
          <button type="button" data-testid="close-quick-replies" @click=${() => this.#dialog?.close()}>${s.close}</button>
        </div>
        <p class="intro">${s.quickRepliesIntro}</p>
        ${this.quickReplies.length === 0
          ? html`<p class="empty">${s.noQuickReplies}</p>`
          : html`<ul data-testid="quick-reply-list" aria-labelledby="qr-heading">
              ${this.quickReplies.map((reply) => this.#renderItem(reply))}
            </ul>`}
        ${this.#renderForm()}
      </dialog>
    `;
  }

  #renderItem(reply: QuickReply) {
    const s = this.strings;
    const isConfirming = this.confirmingDeleteId === reply.id;
    return html`<li class=${this.editingId === reply.id ? 'editing' : ''} data-testid="quick-reply-item" data-shortcut=${reply.shortcut}>
      <span class="shortcut">/${reply.shortcut}</span>
      <p class="text">${reply.text}</p>
      <div class="actions">
        <button type="button" data-testid="edit-quick-reply" aria-label=${`${s.edit} /${reply.shortcut}`} @click=${() => this.#edit(reply)}>
          ${s.edit}
        </button>
        <button
          type="button"
          data-testid="delete-quick-reply"
          aria-label=${`${s.delete} /${reply.shortcut}`}
          aria-expanded=${isConfirming ? 'true' : 'false'}
          @click=${() => this.#askDelete(reply.id)}
        >
          ${s.delete}
        </button>
      </div>
      ${isConfirming
        ? html`<div class="confirm" role="group" aria-label=${s.deleteConfirm(reply.shortcut)}>
            <span>${s.deleteConfirm(reply.shortcut)}</span>
            <button type="button" class="danger" data-testid="confirm-delete-quick-reply" @click=${() => this.#delete(reply.id)}>
              ${s.delete}
            </button>
            <button type="button" data-testid="cancel-delete-quick-reply" @click=${() => (this.confirmingDeleteId = undefined)}>
              ${s.cancel}
            </button>
          </div>`
        : nothing}
    </li>`;
  }

  #renderForm() {
    const s = this.strings;
    const isEditing = this.editingId !== undefined;
    const shortcutError =
      this.problems.shortcut === 'invalid' ? s.shortcutInvalid : this.problems.shortcut === 'taken' ? s.shortcutTaken : '';
    const textError = this.problems.text === 'required' ? s.textRequired : this.problems.text === 'too-long' ? s.textTooLong : '';
    return html`<form data-testid="quick-reply-form" aria-labelledby="qr-form-heading" novalidate @submit=${this.#save}>
      <h3 id="qr-form-heading">${isEditing ? s.editQuickReplyHeading : s.newQuickReplyHeading}</h3>
      ${this.formError ? html`<p class="form-error" role="alert" data-testid="quick-reply-error">${this.formError}</p>` : nothing}
      <div class="field">
        <label for="qr-shortcut">${s.shortcutLabel}</label>
        <div class="prefixed">
          <span aria-hidden="true">/</span>
          <input
            id="qr-shortcut"
            data-testid="quick-reply-shortcut"
            autocomplete="off"
            spellcheck="false"
            maxlength="32"
            .value=${live(this.shortcut)}
            aria-invalid=${shortcutError ? 'true' : 'false'}
            aria-describedby="qr-shortcut-hint qr-shortcut-error"
            @input=${(event: Event) => (this.shortcut = (event.target as HTMLInputElement).value)}
          />
        </div>
        <p class="hint" id="qr-shortcut-hint">${s.shortcutHint}</p>
        <p class="error-text" id="qr-shortcut-error">${shortcutError}</p>
      </div>
      <div class="field">
        <label for="qr-text">${s.textLabel}</label>
        <textarea
          id="qr-text"
          data-testid="quick-reply-text"
          maxlength=${QUICK_REPLY_MAX_TEXT}
          .value=${live(this.text)}
          aria-invalid=${textError ? 'true' : 'false'}
          aria-describedby="qr-text-error"
          @input=${(event: Event) => (this.text = (event.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="error-text" id="qr-text-error">${textError}</p>
      </div>
      <div class="form-actions">
        <button class="primary" type="submit" data-testid="save-quick-reply" ?disabled=${this.isSaving}>
          ${this.isSaving ? s.saving : isEditing ? s.save : s.addQuickReply}
        </button>
        ${isEditing ? html`<button type="button" data-testid="cancel-edit-quick-reply" @click=${this.#resetForm}>${s.cancel}</button>` : nothing}
      </div>
    </form>`;
  }

  #edit(reply: QuickReply): void {
    this.editingId = reply.id;
    this.shortcut = reply.shortcut;
    this.text = reply.text;
    this.problems = {};
    this.formError = '';
    this.confirmingDeleteId = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#qr-shortcut')?.focus());
  }

  #resetForm(): void {
    this.editingId = undefined;
    this.shortcut = '';
    this.text = '';
    this.problems = {};
    this.formError = '';
  }

  #askDelete(id: string): void {
    this.confirmingDeleteId = this.confirmingDeleteId === id ? undefined : id;
    if (this.confirmingDeleteId) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="cancel-delete-quick-reply"]')?.focus(),
      );
    }
  }

  async #delete(id: string): Promise<void> {
    const event = new ConfabQuickReplyDeleteEvent({ id });
    this.dispatchEvent(event);
    try {
      await event.response;
      this.confirmingDeleteId = undefined;
      if (this.editingId === id) this.#resetForm();
    } catch (error) {
      this.formError = this.#describe(error);
    }
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.isSaving) return;
    const input = { shortcut: this.shortcut.trim(), text: this.text };
    this.problems = validateQuickReply(input, this.quickReplies, this.editingId);
    this.formError = '';
    if (this.problems.shortcut || this.problems.text) {
      this.renderRoot.querySelector<HTMLElement>(this.problems.shortcut ? '#qr-shortcut' : '#qr-text')?.focus();
      return;
    }
    const save = new ConfabQuickReplySaveEvent(this.editingId === undefined ? input : { ...input, id: this.editingId });
    this.isSaving = true;
    this.dispatchEvent(save);
    try {
      await save.response;
      this.#resetForm();
    } catch (error) {
      this.formError = this.#describe(error);
    } finally {
      this.isSaving = false;
    }
  }

  #describe(error: unknown): string {
    const detail = error instanceof ConfabError ? error.message : '';
    return detail ? `${this.strings.errors.quickReply} ${detail}` : this.strings.errors.quickReply;
  }

  #onDialogClose(): void {
    this.confirmingDeleteId = undefined;
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new ConfabCloseQuickRepliesEvent());
  }
}
