/**
 * Normalises an origin such as `https://Shop.example:443/` to `https://shop.example`, or returns
 * undefined when the text is not an http(s) origin (a path, query, fragment or credentials make it
 * something else).
 */
export function normalizeOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  return url.origin;
}

/**
 * Whether a browser page at `origin` may open the visitor socket: requests without an `Origin`
 * header come from non-browser clients (no cross-site hijacking possible) and pass; a page on the
 * relay's own host passes; anything else must be in `allowedOrigins` (normalised).
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  // "null" (sandboxed frames, file: pages) and other non-http origins are never the relay itself.
  if (normalized === undefined) return false;
  if (allowedOrigins.has(normalized)) return true;
  if (!host) return false;
  try {
    const page = new URL(normalized);
    // Read the Host header with the page's scheme, so default ports compare equal (":443" vs none).
    const relay = new URL(`${page.protocol}//${host}`);
    return relay.host === page.host;
  } catch {
    return false;
  }
}
