// One check for every place a URL from a message reaches an href or src: the widget, the
// agent console, and the relay's refusal of link buttons it could never show.

/** Schemes a link in a message may use: the web and email. */
export const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** Schemes an image, file or product link may use. */
export const WEB_PROTOCOLS: readonly string[] = ['http:', 'https:'];

/**
 * The normalised absolute form of `url` if its scheme is one of `protocols`, else `undefined`:
 * `javascript:`, `data:` and relative URLs never reach an `href` or `src`.
 */
export function safeUrl(url: string | undefined, protocols: readonly string[] = LINK_PROTOCOLS): string | undefined {
  try {
    // No base URL on purpose: a relative URL throws and is refused.
    const parsed = new URL(url ?? '');
    return protocols.includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
