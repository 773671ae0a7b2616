import { safeUrl } from '@confab/protocol';

/** Inline content: plain text, or a formatted span of it. */
export type InlineNode =
  | string
  | { type: 'strong' | 'em'; children: InlineNode[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: InlineNode[] };

/** A block of a message: a paragraph (line breaks kept as `\n`), a fenced code block or a list. */
export type BlockNode =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'code-block'; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: InlineNode[][] };

const FENCE = /^ {0,3}```/;
// A bullet (`-`, `*`) or a number (`1.`, `1)`) followed by a space.
const LIST_ITEM = /^ {0,3}(?:[-*]|(\d{1,9})[.)]) +(.*)/;
// Every content class stops at its own closing delimiter, so each attempt scans at most to the
// next delimiter and hostile input (100 KB of `*` or `[`) costs linear time, not backtracking.
// Groups: 1 code, 2 strong, 3 em (*), 4 em (_), 5 link text, 6 link URL; no group: a bare URL.
const INLINE =
  /`([^`\n]+)`|\*\*([^*\s](?:[^*]*[^*\s])?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*|_([^_\s](?:[^_]*[^_\s])?)_(?![\p{L}\p{N}])|\[([^[\]\n]+)\]\(([^()\s]+)\)|https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]]/gu;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Parses the inline subset of Markdown: `**strong**`, `*em*` / `_em_`, `` `code` ``,
 * `[text](url)` and bare http(s) URLs. A link whose URL is not http, https or mailto stays
 * literal text; so does anything else that is not this subset, HTML included.
 */
export function parseInline(text: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  const pattern = INLINE;
  let textStart = (pattern.lastIndex = 0);
  for (let match; (match = pattern.exec(text)); ) {
    const [whole, code, strong, starEm, underscoreEm, linkText, linkUrl] = match;
    // `_` inside a word (snake_case) is not emphasis: retry from the next character.
    if (underscoreEm !== undefined && WORD_CHARACTER.test(text[match.index - 1] ?? '')) {
      pattern.lastIndex = match.index + 1;
      continue;
    }
    // One shared pattern: nested calls below restart it, so remember where this level resumes.
    const resumeAt = pattern.lastIndex;
    let node: InlineNode | undefined;
    if (code !== undefined) node = { type: 'code', text: code };
    else if (strong !== undefined) node = { type: 'strong', children: parseInline(strong) };
    else if (starEm !== undefined || underscoreEm !== undefined)
      node = { type: 'em', children: parseInline((starEm ?? underscoreEm)!) };
    else {
      const href = safeUrl(linkUrl ?? whole);
      if (href) node = { type: 'link', href, children: linkText === undefined ? [whole] : parseInline(linkText) };
    }
    pattern.lastIndex = resumeAt;
    if (!node) continue;
    if (match.index > textStart) nodes.push(text.slice(textStart, match.index));
    nodes.push(node);
    textStart = resumeAt;
  }
  if (textStart < text.length) nodes.push(text.slice(textStart));
  return nodes;
}

/**
 * Parses a message's Markdown subset into blocks: paragraphs separated by blank lines, ``` fenced
 * code blocks, and bulleted (`-`, `*`) or numbered lists, each with {@link parseInline} content.
 * Runs in time linear in the text; never produces HTML.
 *
 * @example parseMarkdown('**Hi**\n- one') // [{ type: 'paragraph', … }, { type: 'list', … }]
 */
export function parseMarkdown(source: string): BlockNode[] {
  const blocks: BlockNode[] = [];
  const lines = source.split(/\r\n?|\n/);
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    if (list) blocks.push({ type: 'list', ordered: list.ordered, start: list.start, items: list.items.map(parseInline) });
    paragraph = [];
    list = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const item = LIST_ITEM.exec(line);
    if (FENCE.test(line)) {
      flush();
      const code: string[] = [];
      while (++index < lines.length && !FENCE.test(lines[index]!)) code.push(lines[index]!);
      blocks.push({ type: 'code-block', text: code.join('\n') });
    } else if (item) {
      const ordered = item[1] !== undefined;
      if (paragraph.length || list?.ordered !== ordered) flush();
      list ??= { ordered, start: Number(item[1] ?? 1), items: [] };
      list.items.push(item[2]!);
    } else if (!line.trim()) {
      flush();
    } else if (list && /^\s/.test(line)) {
      // An indented line right after an item continues it.
      list.items[list.items.length - 1] += `\n${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
