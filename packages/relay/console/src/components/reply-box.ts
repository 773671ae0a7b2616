import type { ProductContext, QuickReply } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import {
  ConfabCardsChangeEvent,
  ConfabDraftChangeEvent,
  ConfabSendReplyEvent,
  type ConfabAddLinkButtonEvent,
  type ConfabAddProductEvent,
  type ConfabQuickReplyActiveEvent,
  type ConfabQuickReplyPickEvent,
} from '../events.js';
import { formatBytes, formatPrice } from '../format.js';
import { filterQuickReplies, findSlashQuery, insertQuickReply, type SlashQuery } from '../quick-replies.js';
import { hasCards, MAX_BUTTONS, MAX_PRODUCTS, NO_CARDS, type ReplyCards } from '../reply-cards.js';
import { en, type Strings } from '../strings.js';
import type { QuickReplyMenu } from './quick-reply-menu.js';
import { replyBoxStyles } from './reply-box.styles.js';

/** The key code browsers report for keys that belong to an input method composition. */
const IME_KEY_CODE = 229;
/** The relay takes at most this many files with one message. */
const MAX_FILES = 10;

/** Which card form is open above the box. */
type CardForm = 'product' | 'link-button';

/**
 * The reply box (`<confab-reply-box>`). Enter sends, Shift+Enter adds a line, and Enter while an
 * input method is composing (Chinese, Japanese…) never sends. Disabled, with a note, while the
 * conversation is closed (the relay refuses agent replies until the shopper writes again). Typing `/` at the start or after a
 * space opens the quick-reply menu: arrows choose, Enter or Tab insert, Escape dismisses.
 * "Attach file" picks files to send with the reply (at most 10; a reply may be files only), shown
 * as chips with their size and a Remove button until sent. "Add product" and "Add link button"
 * open a small form above the box (`<confab-product-form>`, `<confab-link-button-form>`); what
 * they add shows as removable chips above the text and goes out with the next reply (which may
 * then have no text). Cards are kept per conversation by the store, like the draft text.
 *
 * @event confab-send-reply - The agent sent a reply (text, files, cards, buttons); the box empties itself.
 * @event confab-draft-change - The text changed (for drafts and the typing indicator).
 * @event confab-cards-change - A product card or link button was added or removed.
 */
export class ReplyBox extends LitElement {
  static override properties = {
    strings: { attribute: false },
    quickReplies: { attribute: false },
    draft: { attribute: false },
    conversationId: { attribute: false },
    isClosed: { type: Boolean, attribute: 'is-closed' },
    locale: {},
    cards: { attribute: false },
    productSuggestion: { attribute: false },
    slash: { state: true },
    files: { state: true },
    openForm: { state: true },
  };
  static override styles = replyBoxStyles;

  declare strings: Strings;
  declare quickReplies: readonly QuickReply[];
  /** The text to show; kept in step with what the agent types through `confab-draft-change`. */
  declare draft: string;
  /** The conversation the box writes to; changing it closes the menu. */
  declare conversationId: string | undefined;
  /** Whether the conversation is closed: the relay takes no replies then, so the box is disabled. */
  declare isClosed: boolean;
  /** The agent's locale, for file sizes and prices. */
  declare locale: string;
  /** Product cards and link buttons for the next reply; kept in step through `confab-cards-change`. */
  declare cards: ReplyCards;
  /** The product the shopper is looking at (visitor context), offered as a prefill in the product form. */
  declare productSuggestion: ProductContext | undefined;
  /** The `/query` being typed, while the menu is open. */
  declare protected slash: SlashQuery | undefined;
  /** Files picked for the next reply. */
  declare protected files: readonly File[];
  declare protected openForm: CardForm | undefined;

  #isComposing = false;
  /** Where a dismissed `/` is, so Escape keeps the menu closed until another `/` is typed. */
  #dismissedAt: number | undefined;

  constructor() {
    super();
    this.strings = en;
    this.quickReplies = [];
    this.draft = '';
    this.conversationId = undefined;
    this.isClosed = false;
    this.locale = 'en';
    this.slash = undefined;
    this.files = [];
    this.cards = NO_CARDS;
    this.productSuggestion = undefined;
    this.openForm = undefined;
  }

  get #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  get #menu(): QuickReplyMenu | null {
    return this.renderRoot.querySelector('confab-quick-reply-menu');
  }

  /** Moves keyboard focus into the text box. */
  focusInput(): void {
    this.#textarea?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversationId')) {
      this.slash = undefined;
      this.#dismissedAt = undefined;
      // Files belong to the conversation they were picked for.
      this.files = [];
      this.openForm = undefined;
    }
  }

  protected override updated(): void {
    // The menu announces its active option after it renders; without a menu there is none.
    if (!this.slash) this.#textarea?.removeAttribute('aria-activedescendant');
  }

  protected override render() {
    const s = this.strings;
    const isMenuOpen = this.slash !== undefined;
    const hasMatches = isMenuOpen && filterQuickReplies(this.quickReplies, this.slash!.query).length > 0;
    const { products, buttons } = this.cards;
    return html`
      ${this.openForm === 'product' && !this.isClosed
        ? html`<confab-product-form
            .strings=${s}
            .suggestion=${this.productSuggestion}
            @confab-add-product=${this.#onAddProduct}
            @confab-close-card-form=${this.#onCloseForm}
          ></confab-product-form>`
        : nothing}
      ${this.openForm === 'link-button' && !this.isClosed
        ? html`<confab-link-button-form
            .strings=${s}
            @confab-add-link-button=${this.#onAddLinkButton}
            @confab-close-card-form=${this.#onCloseForm}
          ></confab-link-button-form>`
        : nothing}
      <form @submit=${this.#onSubmit} aria-label=${s.replyLabel}>
        ${this.isClosed ? html`<p class="note" id="reply-closed" data-testid="reply-closed-note">${s.conversationClosedNote}</p>` : nothing}
        ${hasCards(this.cards)
          ? html`<ul class="files cards" aria-label=${s.cardsToSend} data-testid="attached-cards">
              ${products.map((product, index) => {
                const price = product.price === undefined ? undefined : formatPrice(product.price, product.currency, this.locale);
                const name = product.name ?? '';
                return html`<li data-testid="attached-product">
                  <span class="file-name">${s.productChip(name, price)}</span>
                  <button type="button" class="link" data-testid="remove-card" aria-label=${s.removeCard(name)} @click=${() => this.#removeProduct(index)}>
                    ×
                  </button>
                </li>`;
              })}
              ${buttons.map(
                (button, index) =>
                  html`<li data-testid="attached-link-button">
                    <span class="file-name" title=${button.url}>${s.linkChip(button.label)}</span>
                    <button type="button" class="link" data-testid="remove-card" aria-label=${s.removeCard(button.label)} @click=${() => this.#removeButton(index)}>
                      ×
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing}
        <div class="row">
          <label for="reply" class="visually-hidden">${s.replyLabel}</label>
          <textarea
            id="reply"
            rows="2"
            data-testid="reply-box"
            placeholder=${s.replyPlaceholder}
            aria-describedby=${this.isClosed ? 'reply-closed reply-hint' : 'reply-hint'}
            ?disabled=${this.isClosed}
            aria-autocomplete="list"
            aria-controls=${hasMatches ? 'quick-reply-listbox' : nothing}
            .value=${live(this.draft)}
            @input=${this.#onInput}
            @keydown=${this.#onKeydown}
            @keyup=${this.#onCaretMove}
            @click=${this.#onCaretMove}
            @blur=${this.#closeMenu}
            @compositionstart=${() => (this.#isComposing = true)}
            @compositionend=${this.#onCompositionEnd}
          ></textarea>
          ${isMenuOpen
            ? html`<confab-quick-reply-menu
                id-prefix="quick-reply"
                .strings=${s}
                .quickReplies=${this.quickReplies}
                .query=${this.slash!.query}
                @confab-quick-reply-pick=${this.#onPick}
                @confab-quick-reply-dismiss=${this.#onDismiss}
                @confab-quick-reply-active=${this.#onActive}
              ></confab-quick-reply-menu>`
            : nothing}
          <input
            type="file"
            multiple
            hidden
            data-testid="attach-input"
            @change=${this.#onFilesPicked}
          />
          <button
            type="button"
            data-testid="attach-file"
            ?disabled=${this.isClosed || this.files.length >= MAX_FILES}
            @click=${this.#pickFiles}
          >
            ${s.attachFile}
          </button>
          <button
            type="button"
            id="open-product-form"
            data-testid="add-product"
            aria-expanded=${this.openForm === 'product' ? 'true' : 'false'}
            ?disabled=${this.isClosed || products.length >= MAX_PRODUCTS}
            @click=${() => this.#toggleForm('product')}
          >
            ${s.addProduct}
          </button>
          <button
            type="button"
            id="open-link-button-form"
            data-testid="add-link-button"
            aria-expanded=${this.openForm === 'link-button' ? 'true' : 'false'}
            ?disabled=${this.isClosed || buttons.length >= MAX_BUTTONS}
            @click=${() => this.#toggleForm('link-button')}
          >
            ${s.addLinkButton}
          </button>
          <button class="primary" type="submit" data-testid="send-reply" ?disabled=${this.isClosed}>${s.send}</button>
        </div>
        ${this.files.length > 0
          ? html`<ul class="files" aria-label=${s.filesToSend} data-testid="attached-files">
              ${this.files.map(
                (file, index) =>
                  html`<li data-testid="attached-file">
                    <span class="file-name">${file.name}</span>
                    <span class="file-size">${formatBytes(file.size, this.locale)}</span>
                    <button type="button" class="link" data-testid="remove-file" aria-label=${s.removeFile(file.name)} @click=${() => this.#removeFile(index)}>
                      ×
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing}
        <p class="hint" id="reply-hint">${s.replyHint}</p>
      </form>
    `;
  }

  #onInput(): void {
    const textarea = this.#textarea!;
    this.draft = textarea.value;
    this.dispatchEvent(new ConfabDraftChangeEvent({ text: textarea.value }));
    this.#updateSlash();
  }

  #onCompositionEnd(): void {
    this.#isComposing = false;
    this.#updateSlash();
  }

  #onCaretMove(event: Event): void {
    // Keys the menu used (arrows) must not re-open or move it.
    if (event instanceof KeyboardEvent && (event.key === 'ArrowUp' || event.key === 'ArrowDown') && this.slash) return;
    this.#updateSlash();
  }

  #onKeydown(event: KeyboardEvent): void {
    // Safari ends the composition before the Enter keydown, so `isComposing` alone is not enough:
    // the keydown then still carries keyCode 229.
    if (event.isComposing || this.#isComposing || event.keyCode === IME_KEY_CODE) return;
    const menu = this.#menu;
    if (menu && menu.handleKey(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      this.#send();
    }
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.#send();
  }

  #pickFiles(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  }

  #onFilesPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const picked = [...(input.files ?? [])];
    // Cleared, so picking the same file again fires `change` again.
    input.value = '';
    if (picked.length > 0) this.files = [...this.files, ...picked].slice(0, MAX_FILES);
  }

  #removeFile(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
    this.focusInput();
  }

  #toggleForm(form: CardForm): void {
    this.openForm = this.openForm === form ? undefined : form;
  }

  /** Closes the open card form and puts focus back where the agent continues: `target`. */
  async #closeForm(target: 'opener' | 'text'): Promise<void> {
    const closed = this.openForm;
    this.openForm = undefined;
    await this.updateComplete;
    if (target === 'text' || !closed) this.focusInput();
    else this.renderRoot.querySelector<HTMLButtonElement>(closed === 'product' ? '#open-product-form' : '#open-link-button-form')?.focus();
  }

  #onCloseForm(): void {
    void this.#closeForm('opener');
  }

  #onAddProduct(event: ConfabAddProductEvent): void {
    this.#changeCards({ ...this.cards, products: [...this.cards.products, event.detail.product].slice(0, MAX_PRODUCTS) });
    void this.#closeForm('text');
  }

  #onAddLinkButton(event: ConfabAddLinkButtonEvent): void {
    this.#changeCards({ ...this.cards, buttons: [...this.cards.buttons, event.detail.button].slice(0, MAX_BUTTONS) });
    void this.#closeForm('text');
  }

  #removeProduct(index: number): void {
    this.#changeCards({ ...this.cards, products: this.cards.products.filter((_, i) => i !== index) });
    this.focusInput();
  }

  #removeButton(index: number): void {
    this.#changeCards({ ...this.cards, buttons: this.cards.buttons.filter((_, i) => i !== index) });
    this.focusInput();
  }

  #changeCards(cards: ReplyCards): void {
    this.cards = cards;
    this.dispatchEvent(new ConfabCardsChangeEvent({ cards }));
  }

  #send(): void {
    const textarea = this.#textarea!;
    const text = textarea.value;
    const files = this.files;
    const { products, buttons } = this.cards;
    if ((text.trim() === '' && files.length === 0 && !hasCards(this.cards)) || this.isClosed) return;
    this.dispatchEvent(new ConfabSendReplyEvent({ text, files, products, buttons }));
    textarea.value = '';
    this.draft = '';
    this.files = [];
    this.cards = NO_CARDS;
    this.slash = undefined;
    this.#dismissedAt = undefined;
  }

  #updateSlash(): void {
    const textarea = this.#textarea;
    if (!textarea || this.#isComposing) return;
    const { selectionStart, selectionEnd, value } = textarea;
    const found = selectionStart === selectionEnd ? findSlashQuery(value, selectionStart) : undefined;
    if (!found) this.#dismissedAt = undefined;
    this.slash = found && found.start !== this.#dismissedAt ? found : undefined;
  }

  #closeMenu(): void {
    this.slash = undefined;
  }

  #onDismiss(): void {
    this.#dismissedAt = this.slash?.start;
    this.slash = undefined;
  }

  #onActive(event: ConfabQuickReplyActiveEvent): void {
    const textarea = this.#textarea;
    if (!textarea) return;
    if (event.detail.optionId) textarea.setAttribute('aria-activedescendant', event.detail.optionId);
    else textarea.removeAttribute('aria-activedescendant');
  }

  #onPick(event: ConfabQuickReplyPickEvent): void {
    const textarea = this.#textarea;
    const slash = this.slash;
    if (!textarea || !slash) return;
    const { text, caret } = insertQuickReply(textarea.value, slash, event.detail.reply.text);
    textarea.value = text;
    textarea.setSelectionRange(caret, caret);
    this.draft = text;
    this.slash = undefined;
    this.#dismissedAt = undefined;
    textarea.focus();
    this.dispatchEvent(new ConfabDraftChangeEvent({ text }));
  }
}
