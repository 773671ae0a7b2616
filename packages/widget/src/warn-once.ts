import { errorDocsUrl, type ErrorCode } from '@confab/protocol';

const warned = new Set<string>();

/**
 * Logs a development-time warning once per `key` for the life of the page, prefixed with
 * `[confab]`; with an error `code`, the link to its section in docs/errors.md is appended.
 */
export function warnOnce(key: string, message: string, code?: ErrorCode): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`[confab] ${message}${code ? ` (${errorDocsUrl(code)})` : ''}`);
}
