import {
  ConfabError,
  LINK_PROTOCOLS,
  SchemaViolation,
  array,
  linkButtonSchema,
  productContextSchema,
  safeUrl,
  validateText,
  type Attachment,
  type LinkButton,
  type ProductContext,
  type Schema,
} from '@confab/protocol';

/** The most product cards and link buttons one message carries (the protocol's caps). */
export const MAX_PRODUCTS = 10;
/** @see MAX_PRODUCTS */
export const MAX_BUTTONS = 5;
/** The most attachments one message carries. */
export const MAX_ATTACHMENTS = 10;

/** Turns upload ids into the stored attachments of one conversation (the upload service). */
export interface AttachmentResolver {
  /** In the order given; throws `CONFAB_REQUEST_INVALID` naming an unknown id or one of another conversation. */
  attachmentsFor(conversationId: string, ids: readonly string[]): Promise<Attachment[]>;
}

function parseWith<T>(schema: Schema<T>, value: unknown, field: string): T {
  try {
    return schema.parse(value, field);
  } catch (error) {
    if (error instanceof SchemaViolation) throw new ConfabError('CONFAB_REQUEST_INVALID', error.message, { cause: error });
    throw error;
  }
}

/**
 * Checks a message's text. It may be empty (or blank, stored as '') when the message carries
 * something else (files, product cards, buttons); otherwise the usual text rules apply and a
 * blank text is `CONFAB_TEXT_INVALID`.
 */
export function validateMessageText(text: string, maxLength: number, hasOtherContent: boolean): string {
  if (hasOtherContent && text.trim() === '') return '';
  if (text.trim() === '') {
    throw new ConfabError('CONFAB_TEXT_INVALID', 'Message text is empty and the message has no attachments; send at least one visible character or a file');
  }
  return validateText(text, maxLength);
}

/** Checks product cards with the protocol's schema; throws `CONFAB_REQUEST_INVALID` naming the field. */
export function validProducts(products: unknown): ProductContext[] | undefined {
  if (products === undefined) return undefined;
  const parsed = parseWith(array(productContextSchema, { max: MAX_PRODUCTS }), products, 'products');
  return parsed.length === 0 ? undefined : parsed;
}

/**
 * Checks link buttons: a label and an `http`, `https` or `mailto` URL each. Throws
 * `CONFAB_REQUEST_INVALID` naming the button.
 */
export function validButtons(buttons: unknown): LinkButton[] | undefined {
  if (buttons === undefined) return undefined;
  const parsed = parseWith(array(linkButtonSchema, { max: MAX_BUTTONS }), buttons, 'buttons');
  parsed.forEach((button, index) => {
    if (button.label.trim() === '') throw new ConfabError('CONFAB_REQUEST_INVALID', `buttons[${index}].label is blank; give the button a visible label`);
    if (safeUrl(button.url, LINK_PROTOCOLS) === undefined) {
      throw new ConfabError(
        'CONFAB_REQUEST_INVALID',
        `buttons[${index}].url ${JSON.stringify(button.url.slice(0, 100))} is not an http, https or mailto link; use an absolute URL such as https://shop.example/orders`,
      );
    }
  });
  return parsed.length === 0 ? undefined : parsed;
}

/** Checks a list of upload ids (at most {@link MAX_ATTACHMENTS}, no repeats); throws `CONFAB_REQUEST_INVALID`. */
export function validAttachmentIds(ids: unknown): string[] {
  if (ids === undefined) return [];
  if (!Array.isArray(ids) || ids.length > MAX_ATTACHMENTS || ids.some((id) => typeof id !== 'string')) {
    throw new ConfabError('CONFAB_REQUEST_INVALID', `attachments must be a list of at most ${MAX_ATTACHMENTS} upload ids (from POST /v1/uploads)`);
  }
  const seen = new Set<string>();
  for (const id of ids as string[]) {
    if (seen.has(id)) throw new ConfabError('CONFAB_REQUEST_INVALID', `attachments names upload ${JSON.stringify(id.slice(0, 64))} twice; name each file once`);
    seen.add(id);
  }
  return [...seen];
}
