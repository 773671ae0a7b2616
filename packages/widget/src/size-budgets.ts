/**
 * The widget's download budgets, in gzip bytes (1 KB = 1024 B), from issue 5. One place for the
 * build-level size test (size.test.ts) and the Chromium test that counts what a shopper's browser
 * really fetches (test/e2e/quality/download-size.test.ts).
 */

/** The script-tag loader, `confab.js`: all a page pays for until the shopper shows intent. */
export const LOADER_BUDGET = 2 * 1024;

/**
 * Everything a shopper downloads to chat in English: the loader, the app chunk (Lit, the SDK, the
 * panel) and whatever a plain conversation loads on the way, counted as the gzip bytes the relay
 * sends (the build's Zopfli `.gz` files; see precompress.mjs). Parts only some chats show (the
 * rating, the pre-chat form, attachments, formatted text, the phone layout…) come on top, as
 * feature chunks, when first shown. Met since 2026-12-07: 30,486 B (docs/performance.md).
 */
export const WIDGET_TARGET = 30 * 1024;

/** One language pack other than English. */
export const LANGUAGE_BUDGET = 2 * 1024;

/** One part of the panel loaded when first shown. */
export const FEATURE_BUDGET = 4 * 1024;
