import { quickReplySchema, SchemaViolation, type QuickReply } from '@confab/protocol';
import type { QuickReplyInput } from './api-client.js';

/** The `/query` being typed before the caret: where the `/` is and what follows it. */
export interface SlashQuery {
  /** Index of the `/` in the text. */
  start: number;
  /** Index just after the query (the caret). */
  end: number;
  /** What was typed after the `/`, possibly empty. */
  query: string;
}

/** The longest quick-reply text the relay accepts. */
export const QUICK_REPLY_MAX_TEXT = 4000;

/** Characters a shortcut may contain, the same rule as the relay's schema. */
const SHORTCUT_CHAR = /[\p{L}\p{N}_-]/u;

/**
 * Finds a quick-reply shortcut being typed: a `/` at the start of the text or after whitespace,
 * followed by shortcut characters up to the caret. `"Hi /ship|"` → `{ start: 3, query: "ship" }`;
 * a `/` inside a word or URL (`"a/b"`, `"https://"`) is not one.
 */
export function findSlashQuery(text: string, caret: number): SlashQuery | undefined {
  let index = caret;
  while (index > 0) {
    // A letter outside the BMP (e.g. 𠀀) is a surrogate pair: step back over both halves at once.
    const low = text.charCodeAt(index - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? 2 : 1;
    if (!SHORTCUT_CHAR.test(text.slice(index - width, index))) break;
    index -= width;
  }
  const slash = index - 1;
  if (slash < 0 || text[slash] !== '/') return undefined;
  if (slash > 0 && !/\s/.test(text[slash - 1]!)) return undefined;
  return { start: slash, end: caret, query: text.slice(index, caret) };
}

/**
 * The quick replies matching a query, best first: shortcuts that start with it, then shortcuts
 * that contain it, then texts that contain it. Case-insensitive. An empty query lists them all.
 */
export function filterQuickReplies(replies: readonly QuickReply[], query: string, limit = 8): QuickReply[] {
  const needle = query.toLocaleLowerCase();
  const ranked: { reply: QuickReply; rank: number }[] = [];
  for (const reply of replies) {
    const shortcut = reply.shortcut.toLocaleLowerCase();
    let rank: number;
    if (shortcut.startsWith(needle)) rank = 0;
    else if (shortcut.includes(needle)) rank = 1;
    else if (reply.text.toLocaleLowerCase().includes(needle)) rank = 2;
    else continue;
    ranked.push({ reply, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.reply.shortcut.localeCompare(b.reply.shortcut));
  return ranked.slice(0, limit).map((entry) => entry.reply);
}

/** Replaces the `/query` in `text` with a quick reply's text; returns the new text and caret. */
export function insertQuickReply(text: string, at: SlashQuery, replyText: string): { text: string; caret: number } {
  const before = text.slice(0, at.start);
  const after = text.slice(at.end);
  return { text: before + replyText + after, caret: before.length + replyText.length };
}

/** What is wrong with a quick reply being edited, field by field. */
export interface QuickReplyProblems {
  shortcut?: 'invalid' | 'taken';
  text?: 'required' | 'too-long';
}

/**
 * Checks a quick reply before saving it, with the relay's rules: a shortcut of 1 to 32 letters,
 * digits, `_` or `-` that no other quick reply uses, and a text that is not blank and at most
 * 4000 characters. Returns no keys when it is fine.
 */
export function validateQuickReply(input: QuickReplyInput, others: readonly QuickReply[], editingId?: string): QuickReplyProblems {
  const problems: QuickReplyProblems = {};
  try {
    quickReplySchema.shape.shortcut.parse(input.shortcut, 'shortcut');
    const lower = input.shortcut.toLocaleLowerCase();
    if (others.some((r) => r.id !== editingId && r.shortcut.toLocaleLowerCase() === lower)) problems.shortcut = 'taken';
  } catch (error) {
    if (!(error instanceof SchemaViolation)) throw error;
    problems.shortcut = 'invalid';
  }
  if (input.text.trim() === '') problems.text = 'required';
  // The relay's schema counts UTF-16 code units here.
  else if (input.text.length > QUICK_REPLY_MAX_TEXT) problems.text = 'too-long';
  return problems;
}
