import { LINK_PROTOCOLS, WEB_PROTOCOLS, safeUrl, type LinkButton, type ProductContext } from '@confab/protocol';

/** Product cards and link buttons waiting to go out with the next reply of a conversation. */
export interface ReplyCards {
  readonly products: readonly ProductContext[];
  readonly buttons: readonly LinkButton[];
}

/** No cards and no buttons. */
export const NO_CARDS: ReplyCards = { products: [], buttons: [] };

/** The most product cards and link buttons one message carries (the protocol's caps, checked again by the relay). */
export const MAX_PRODUCTS = 10;
/** @see MAX_PRODUCTS */
export const MAX_BUTTONS = 5;

/** Field limits of the protocol's `productContextSchema` and `linkButtonSchema`. */
export const CARD_LIMITS = { name: 300, price: 40, url: 2048, label: 100 } as const;

/**
 * A decimal amount as a shop writes it ("129", "129.00"): never a float, so the card shows
 * exactly what the agent typed. No sign, thousands separators or currency symbol.
 */
const PRICE_PATTERN = /^\d+(\.\d+)?$/u;
/** An ISO 4217 code, which `Intl.NumberFormat` needs to show the price with its currency. */
const CURRENCY_PATTERN = /^[A-Z]{3}$/u;

/** The product form's fields as typed; every one may be empty. */
export interface ProductDraft {
  name: string;
  price: string;
  currency: string;
  image: string;
  url: string;
}

/** What is wrong with a product being added, field by field. */
export interface ProductProblems {
  name?: 'required' | 'too-long';
  price?: 'invalid' | 'too-long' | 'required';
  currency?: 'invalid';
  image?: 'invalid' | 'too-long';
  url?: 'invalid' | 'too-long';
}

/** The link-button form's fields as typed. */
export interface LinkButtonDraft {
  label: string;
  url: string;
}

/** What is wrong with a link button being added. */
export interface LinkButtonProblems {
  label?: 'required' | 'too-long';
  url?: 'required' | 'invalid' | 'too-long';
}

/** The outcome of checking a form: the value to send, or the problems to show. */
export type Checked<T, P> = { ok: true; value: T } | { ok: false; problems: P };

/** An empty product form. */
export const EMPTY_PRODUCT: ProductDraft = { name: '', price: '', currency: '', image: '', url: '' };

function checkWebUrl(value: string): { url?: string; problem?: 'invalid' | 'too-long' } {
  if (value === '') return {};
  const url = safeUrl(value, WEB_PROTOCOLS);
  if (url === undefined) return { problem: 'invalid' };
  return url.length > CARD_LIMITS.url ? { problem: 'too-long' } : { url };
}

/**
 * Checks a product card with the protocol's rules before it is added: a name (the only required
 * field) of at most 300 characters; a price as a decimal string such as "129.00"; a currency as a
 * three-letter code, only with a price; image and product URLs absolute `http:` or `https:`
 * (normalised by `safeUrl`, the same check the transcript and the widget apply before showing them).
 */
export function checkProduct(draft: ProductDraft): Checked<ProductContext, ProductProblems> {
  const problems: ProductProblems = {};
  const name = draft.name.trim();
  const price = draft.price.trim();
  const currency = draft.currency.trim().toUpperCase();
  if (name === '') problems.name = 'required';
  // The schema counts UTF-16 code units.
  else if (name.length > CARD_LIMITS.name) problems.name = 'too-long';
  if (price.length > CARD_LIMITS.price) problems.price = 'too-long';
  else if (price !== '' && !PRICE_PATTERN.test(price)) problems.price = 'invalid';
  else if (price === '' && currency !== '') problems.price = 'required';
  if (currency !== '' && !CURRENCY_PATTERN.test(currency)) problems.currency = 'invalid';
  const image = checkWebUrl(draft.image.trim());
  const url = checkWebUrl(draft.url.trim());
  if (image.problem) problems.image = image.problem;
  if (url.problem) problems.url = url.problem;
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      ...(price ? { price } : {}),
      ...(currency ? { currency } : {}),
      ...(image.url ? { image: image.url } : {}),
      ...(url.url ? { url: url.url } : {}),
    },
  };
}

/**
 * Checks a link button with the relay's rules: a label that is not blank (at most 100
 * characters) and an absolute `http:`, `https:` or `mailto:` URL, the schemes the relay and the
 * widget accept for buttons.
 */
export function checkLinkButton(draft: LinkButtonDraft): Checked<LinkButton, LinkButtonProblems> {
  const problems: LinkButtonProblems = {};
  const label = draft.label.trim();
  const typed = draft.url.trim();
  if (label === '') problems.label = 'required';
  else if (label.length > CARD_LIMITS.label) problems.label = 'too-long';
  const url = typed === '' ? undefined : safeUrl(typed, LINK_PROTOCOLS);
  if (typed === '') problems.url = 'required';
  else if (url === undefined) problems.url = 'invalid';
  else if (url.length > CARD_LIMITS.url) problems.url = 'too-long';
  if (Object.keys(problems).length > 0 || url === undefined) return { ok: false, problems };
  return { ok: true, value: { label, url } };
}

/**
 * The product form filled from the product the shopper is looking at (their visitor context):
 * name (or SKU when the page gave no name), price, currency, and the image and page URLs when
 * they are `http:`/`https:`. `undefined` when the context names no product.
 */
export function productDraftFrom(product: ProductContext | undefined): ProductDraft | undefined {
  const name = product?.name?.trim() || product?.sku?.trim();
  if (!product || !name) return undefined;
  return {
    name,
    price: product.price?.trim() ?? '',
    currency: product.currency?.trim() ?? '',
    image: safeUrl(product.image, WEB_PROTOCOLS) ?? '',
    url: safeUrl(product.url, WEB_PROTOCOLS) ?? '',
  };
}

/** Whether a reply has product cards or link buttons. */
export function hasCards(cards: ReplyCards): boolean {
  return cards.products.length > 0 || cards.buttons.length > 0;
}
