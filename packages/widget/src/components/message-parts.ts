import type { TranscriptMessage } from '@confab/client';
import type { Attachment, ChatMessage, LinkButton, ProductContext } from '@confab/protocol';
import { html, nothing, svg } from 'lit';
import { safeUrl, WEB_PROTOCOLS } from '@confab/protocol';
import type { Strings } from '../strings.js';
import { formatFileSize } from './file-size.js';

// Until @confab/client gives TranscriptMessage these fields itself (in progress).
/** A transcript message with the optional rich parts of a {@link ChatMessage}. */
export type RichMessage = TranscriptMessage & Partial<Pick<ChatMessage, 'attachments' | 'products' | 'buttons'>>;

// Raster types only: an SVG can carry script, so it is offered as a file like any other.
const THUMBNAIL_TYPES = /^image\/(png|jpeg|gif|webp|avif)$/;
const THUMBNAIL_MAX_PX = 240;

const fileIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 2.5h8l4.5 4.5v14.5H6zM13.5 2.5V7.5h5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>`;

/**
 * The size to draw a `width` × `height` image at so it fits in 240 × 240 without being enlarged;
 * `undefined` when the relay did not measure it.
 */
export function thumbnailSize(width?: number, height?: number): { width: number; height: number } | undefined {
  if (!width || !height) return undefined;
  const scale = Math.min(1, THUMBNAIL_MAX_PX / width, THUMBNAIL_MAX_PX / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A product price in `lang`: formatted as money when `price` is a plain decimal and `currency` an
 * ISO 4217 style code, otherwise `price` as the shop wrote it.
 */
export function formatPrice(price: string | undefined, currency: string | undefined, lang: string): string | undefined {
  if (!price || !currency || !/^[a-z]{3}$/i.test(currency) || !/^\d{1,15}(\.\d{1,10})?$/.test(price)) return price;
  // A string keeps every digit where the engine takes decimal strings; older ones read it as a number.
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(price as `${number}`);
}

function renderAttachment(attachment: Attachment, s: Strings) {
  const url = safeUrl(attachment.url, WEB_PROTOCOLS);
  if (!url) return nothing;
  if (THUMBNAIL_TYPES.test(attachment.type)) {
    const size = thumbnailSize(attachment.width, attachment.height);
    return html`<a class="thumbnail" part="attachment-image" href=${url} target="_blank" rel="noopener noreferrer"><img src=${url} alt=${attachment.name} loading="lazy" width=${size?.width ?? nothing} height=${size?.height ?? nothing}></a>`;
  }
  const size = formatFileSize(attachment.size, s.lang);
  return html`<a class="file" part="attachment-file" href=${url} download=${attachment.name} aria-label=${s.download(attachment.name, size)}>${fileIcon}<span class="file-name">${attachment.name}</span> <span class="file-size">${size}</span></a>`;
}

function renderProduct(product: ProductContext, s: Strings) {
  const url = safeUrl(product.url, WEB_PROTOCOLS);
  const image = safeUrl(product.image, WEB_PROTOCOLS);
  const price = formatPrice(product.price, product.currency, s.lang);
  // schema.org's "InStock" reads better as "In Stock".
  const availability = product.availability?.replace(/([a-z])([A-Z])/g, '$1 $2');
  return html`<article class="product" part="product" aria-label=${product.name ?? s.viewProduct}>${image
      ? html`<div class="product-image"><img src=${image} alt="" loading="lazy"></div>`
      : nothing}${product.name ? html`<p class="product-name">${product.name}</p>` : nothing}${price
      ? html`<p>${price}</p>`
      : nothing}${availability ? html`<p class="product-availability">${availability}</p>` : nothing}${url
      ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${s.viewProduct}</a>`
      : nothing}</article>`;
}

function renderLinkButton(button: LinkButton) {
  const url = safeUrl(button.url);
  return url
    ? html`<a class="link-button" part="link-button" href=${url} target="_blank" rel="noopener noreferrer">${button.label}</a>`
    : nothing;
}

/**
 * The attachments, product cards and link buttons of a message, in that order: rendered inside
 * the message element so that a screen reader announces them with its text. Only http(s) URLs
 * are used for files, images and products, and http(s) or mailto for buttons; anything else is
 * left out.
 */
export function renderMessageParts(message: RichMessage, s: Strings) {
  const { attachments, products, buttons } = message;
  return html`${attachments?.length
    ? html`<div class="attachments">${attachments.map((attachment) => renderAttachment(attachment, s))}</div>`
    : nothing}${products?.length
    ? html`<div class="products">${products.map((product) => renderProduct(product, s))}</div>`
    : nothing}${buttons?.length ? html`<div class="link-buttons">${buttons.map(renderLinkButton)}</div>` : nothing}`;
}
