/** Small text helpers shared by the context readers. */

/**
 * Cuts `text` to at most `max` UTF-16 code units (the unit the protocol schemas count in) without
 * leaving half a surrogate pair at the end. Returns `undefined` for blank text.
 */
export function capText(text: string | null | undefined, max: number): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? trimmed.slice(0, max).replace(/[\uD800-\uDBFF]$/, '') : trimmed;
}

/**
 * `url` made absolute against `base`, if it is an http(s) URL of at most `max` characters.
 * Anything else (`javascript:`, `data:`, unparsable, too long to be useful when cut) is dropped,
 * because agents' tools may render these as links or images.
 */
export function httpUrl(url: string | null | undefined, base: string, max: number): string | undefined {
  const text = url?.trim();
  if (!text) return undefined;
  try {
    const { protocol, href } = new URL(text, base);
    return /^https?:$/.test(protocol) && href.length <= max ? href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A number written as a plain decimal string (`89`, `89.5`, `0.0000001`), never in exponent
 * notation, because prices travel as decimal strings (see `ProductContext.price`).
 */
export function decimalString(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}
