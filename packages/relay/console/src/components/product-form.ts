import type { ProductContext } from '@confab/protocol';
import { html, nothing } from 'lit';
import { ConfabAddProductEvent } from '../events.js';
import { CARD_LIMITS, checkProduct, EMPTY_PRODUCT, productDraftFrom, type ProductDraft, type ProductProblems } from '../reply-cards.js';
import { renderCardField } from './card-field.js';
import { CardForm } from './card-form.js';

/**
 * The "Add product" form (`<confab-product-form>`) the reply box opens: a name (required), price
 * and currency, image URL and product URL, checked with the protocol's rules before the card is
 * added, with an inline error under each field that is wrong. When the shopper's page named a
 * product (`suggestion`, from the visitor context), one button fills the form with it. Focus goes
 * to the first field when the form opens; Escape or Cancel closes it without adding anything.
 *
 * @event confab-add-product - Add was pressed with valid fields; `detail.product` is the card.
 * @event confab-close-card-form - Cancel or Escape.
 */
export class ProductForm extends CardForm<ProductDraft, ProductProblems, ProductContext> {
  static override properties = {
    ...CardForm.properties,
    suggestion: { attribute: false },
  };

  /** The product the shopper is looking at, offered as a one-click prefill. */
  declare suggestion: ProductContext | undefined;
  protected readonly fields = ['name', 'price', 'currency', 'image', 'url'] as const;
  protected readonly idPrefix = 'product';

  constructor() {
    super();
    this.suggestion = undefined;
  }

  protected emptyDraft(): ProductDraft {
    return EMPTY_PRODUCT;
  }

  protected check(draft: ProductDraft) {
    return checkProduct(draft);
  }

  protected addedEvent(product: ProductContext): Event {
    return new ConfabAddProductEvent({ product });
  }

  protected override render() {
    const s = this.strings;
    const e = s.cardErrors;
    const p = this.problems;
    const prefill = productDraftFrom(this.suggestion);
    const urlError = (problem: 'invalid' | 'too-long' | undefined) =>
      problem === 'invalid' ? e.webUrlInvalid : problem === 'too-long' ? e.urlTooLong : '';
    return html`<form data-testid="product-form" aria-labelledby="product-form-heading" novalidate @submit=${this.submit} @keydown=${this.onKeydown}>
      <h3 id="product-form-heading">${s.productFormHeading}</h3>
      ${prefill
        ? html`<p class="prefill">
            <button type="button" class="link" data-testid="use-shopper-product" @click=${() => this.#fill(prefill)}>
              ${s.useShopperProduct(prefill.name)}
            </button>
          </p>`
        : nothing}
      ${renderCardField({
        id: 'product-name',
        label: s.productNameLabel,
        value: this.draft.name,
        error: p.name === 'required' ? e.nameRequired : p.name === 'too-long' ? e.nameTooLong : '',
        onInput: (name) => (this.draft = { ...this.draft, name }),
      })}
      <div class="grid">
        ${renderCardField({
          id: 'product-price',
          label: s.productPriceLabel,
          optionalNote: s.optional,
          hint: s.productPriceHint,
          value: this.draft.price,
          inputMode: 'decimal',
          maxLength: CARD_LIMITS.price,
          error:
            p.price === 'invalid' ? e.priceInvalid : p.price === 'too-long' ? e.priceTooLong : p.price === 'required' ? e.priceRequired : '',
          onInput: (price) => (this.draft = { ...this.draft, price }),
        })}
        ${renderCardField({
          id: 'product-currency',
          label: s.productCurrencyLabel,
          optionalNote: s.optional,
          hint: s.productCurrencyHint,
          value: this.draft.currency,
          maxLength: 8,
          autocapitalize: 'characters',
          error: p.currency === 'invalid' ? e.currencyInvalid : '',
          onInput: (currency) => (this.draft = { ...this.draft, currency }),
        })}
      </div>
      ${renderCardField({
        id: 'product-image',
        label: s.productImageLabel,
        optionalNote: s.optional,
        value: this.draft.image,
        type: 'url',
        inputMode: 'url',
        error: urlError(p.image),
        onInput: (image) => (this.draft = { ...this.draft, image }),
      })}
      ${renderCardField({
        id: 'product-url',
        label: s.productUrlLabel,
        optionalNote: s.optional,
        value: this.draft.url,
        type: 'url',
        inputMode: 'url',
        error: urlError(p.url),
        onInput: (url) => (this.draft = { ...this.draft, url }),
      })}
      <div class="form-actions">
        <button class="primary" type="submit" data-testid="add-product-submit">${s.addCard}</button>
        <button type="button" data-testid="cancel-product" @click=${this.close}>${s.cancel}</button>
      </div>
    </form>`;
  }

  #fill(prefill: ProductDraft): void {
    this.draft = prefill;
    this.problems = {};
    this.focusFirstField();
  }
}
