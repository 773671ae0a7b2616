import { ConfabError } from '@confab/protocol';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { foldForMatching } from '../handover-phrases.js';

/** One question of a FAQ file with its answer (docs/adapters/faq.md). */
export interface FaqEntry {
  /** The question as the shop wrote it; also what its quick-reply button says. */
  question: string;
  /** What the bot replies. */
  answer: string;
  /** Other ways shoppers ask the same thing, in any language. */
  alternatives: string[];
  /** Short words or phrases that alone point to this entry, such as `refund` or `退款`. */
  keywords: string[];
  /** The line (1-based) the entry starts on, for error messages; for entries given inline, their position. */
  line: number;
}

/** How a FAQ file is written: Markdown (`## Question` headings) or YAML (a list of entries). */
export type FaqFormat = 'markdown' | 'yaml';

/** Longest question, alternative or keyword, in code points. */
const MAX_QUESTION_LENGTH = 500;
/** Longest answer, in code points: the relay's default `maxTextLength`. */
const MAX_ANSWER_LENGTH = 4000;

const YAML_KEYS = ['question', 'answer', 'alternatives', 'keywords'];

/**
 * FAQ entries that cannot be used: `CONFAB_CONFIG_INVALID`, with a message that starts with the
 * line of the problem in a file, such as `line 12: the question "Shipping?" has no answer below it`.
 */
export class FaqFileError extends ConfabError {
  /** The line (1-based) the problem is on; undefined for entries given inline. */
  readonly line: number | undefined;
  constructor(line: number | undefined, problem: string) {
    super('CONFAB_CONFIG_INVALID', line === undefined ? problem : `line ${line}: ${problem}`);
    this.name = 'FaqFileError';
    this.line = line;
  }
}

function refuse(line: number | undefined, problem: string): never {
  throw new FaqFileError(line, problem);
}

function quote(text: string): string {
  return JSON.stringify([...text].length > 60 ? `${[...text].slice(0, 57).join('')}…` : text);
}

/** The format a FAQ file's name says: `.md`/`.markdown` or `.yaml`/`.yml`/`.json`; undefined for others. */
export function faqFormatOf(path: string): FaqFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json')) return 'yaml';
  return undefined;
}

/**
 * Parses the text of the FAQ file at `file`, in the format its name says. Throws a
 * {@link FaqFileError} naming the line of the problem, or the extensions it accepts.
 */
export function parseFaqFile(text: string, file: string): FaqEntry[] {
  const format = faqFormatOf(file);
  if (format === undefined) refuse(1, 'is neither Markdown (.md, .markdown) nor YAML (.yaml, .yml, .json)');
  const entries = format === 'markdown' ? parseFaqMarkdown(text) : parseFaqYaml(text);
  checkEntries(entries);
  return entries;
}

function checkEntries(entries: FaqEntry[], isInline = false): void {
  const at = (entry: FaqEntry) => (isInline ? undefined : entry.line);
  const seen = new Map<string, number>();
  for (const entry of entries) {
    for (const text of [entry.question, ...entry.alternatives, ...entry.keywords]) {
      if ([...text].length > MAX_QUESTION_LENGTH) refuse(at(entry), `${quote(text)} is longer than ${MAX_QUESTION_LENGTH} characters`);
    }
    if ([...entry.answer].length > MAX_ANSWER_LENGTH) refuse(at(entry), `the answer to ${quote(entry.question)} is longer than ${MAX_ANSWER_LENGTH} characters`);
    const folded = foldForMatching(entry.question);
    const before = seen.get(folded);
    if (before !== undefined) refuse(at(entry), `the question ${quote(entry.question)} is asked ${isInline ? `by entry ${before}` : `on line ${before}`} already`);
    seen.set(folded, entry.line);
  }
}

const HEADING = /^##\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
// English labels, and the Chinese ones a bilingual shop writes under its Chinese questions.
const META = /^(also|keywords|也问|关键词)\s*[:：]\s*(.*)$/i;
const KEYWORD_SEPARATOR = /[,，、;；]/;
const ALTERNATIVE_SEPARATOR = /[;；]/;

/**
 * Parses the Markdown form: each `## ` heading is a question and the text below it, up to the next
 * `## ` heading, its answer. `Also: a; b` lines right below the heading add alternatives (split
 * at semicolons), `Keywords: a, b` lines add keywords (split at commas); `也问：` and `关键词：` are
 * the same labels in Chinese. A `# ` title and text before the first question are ignored.
 */
export function parseFaqMarkdown(text: string): FaqEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: FaqEntry[] = [];
  let current: { entry: FaqEntry; body: string[]; isInMeta: boolean } | undefined;
  let isInFence = false;
  const finish = () => {
    if (!current) return;
    const answer = current.body.join('\n').trim();
    if (answer === '') refuse(current.entry.line, `the question ${quote(current.entry.question)} has no answer below it`);
    entries.push({ ...current.entry, answer });
  };
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (FENCE.test(line)) isInFence = !isInFence;
    const heading = isInFence ? null : HEADING.exec(line);
    if (heading) {
      finish();
      const question = heading[1]!;
      if (question === '') refuse(lineNumber, 'a "## " heading has no question');
      current = { entry: { question, answer: '', alternatives: [], keywords: [], line: lineNumber }, body: [], isInMeta: true };
      return;
    }
    if (!current) return;
    const meta = current.isInMeta ? META.exec(line.trim()) : null;
    if (meta) {
      const value = meta[2]!.trim();
      const label = meta[1]!.toLowerCase();
      if (label === 'also' || label === '也问') {
        const alternatives = value.split(ALTERNATIVE_SEPARATOR).map((alternative) => alternative.trim()).filter((alternative) => alternative !== '');
        if (alternatives.length === 0) refuse(lineNumber, `"${meta[1]}:" is followed by no question`);
        current.entry.alternatives.push(...alternatives);
      } else {
        const keywords = value.split(KEYWORD_SEPARATOR).map((keyword) => keyword.trim()).filter((keyword) => keyword !== '');
        if (keywords.length === 0) refuse(lineNumber, `"${meta[1]}:" is followed by no keyword`);
        current.entry.keywords.push(...keywords);
      }
      return;
    }
    if (line.trim() !== '') current.isInMeta = false;
    current.body.push(line);
  });
  finish();
  if (entries.length === 0) refuse(1, 'has no questions: write each as a "## " heading with its answer below it');
  return entries;
}

/**
 * Parses the YAML form: a list of entries, each `{ question, answer, alternatives?, keywords? }`;
 * `alternatives` and `keywords` are lists of text (or one text; keywords may be comma-separated).
 */
export function parseFaqYaml(text: string): FaqEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (error) refuse(error.linePos?.[0].line ?? 1, `is not valid YAML: ${error.message.split('\n')[0]}`);
  const contents = document.contents;
  if (contents === null) refuse(1, 'has no questions: write a list of { question, answer } entries');
  if (!isSeq(contents)) refuse(lineCounter.linePos(contents.range?.[0] ?? 0).line, 'is not a list of { question, answer } entries');
  const entries = contents.items.map((item, index): FaqEntry => {
    const line = lineCounter.linePos(item?.range?.[0] ?? 0).line;
    if (!isMap(item)) refuse(line, `entry ${index + 1} is not a { question, answer } mapping`);
    return entryOf(item.toJSON() as Record<string, unknown>, `entry ${index + 1}`, line, YAML_KEYS);
  });
  if (entries.length === 0) refuse(1, 'has no questions: write a list of { question, answer } entries');
  return entries;
}

/**
 * Checks entries given inline rather than in a file (the `entries` option, or what
 * {@link parseFaqFile} returned): a list of `{ question, answer, alternatives?, keywords?, line? }`.
 * Throws a {@link FaqFileError} naming the entry.
 */
export function parseFaqEntries(value: unknown): FaqEntry[] {
  if (!Array.isArray(value) || value.length === 0) refuse(undefined, 'is not a non-empty list of { question, answer } entries');
  const entries = value.map((item: unknown, index): FaqEntry => {
    const where = `entry ${index + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) refuse(undefined, `${where} is not a { question, answer } object`);
    const fields = item as Record<string, unknown>;
    const line = fields['line'] ?? index + 1;
    if (typeof line !== 'number' || !Number.isSafeInteger(line) || line < 1) refuse(undefined, `${where} line is not a positive integer`);
    return { ...entryOf(fields, where, undefined, [...YAML_KEYS, 'line']), line };
  });
  checkEntries(entries, true);
  return entries;
}

/** One entry written as data (YAML, or inline), checked; `line` (undefined inline) says where. */
function entryOf(fields: Record<string, unknown>, where: string, line: number | undefined, keys: readonly string[]): FaqEntry {
  for (const key of Object.keys(fields)) {
    if (!keys.includes(key)) refuse(line, `${where} has an unknown key ${JSON.stringify(key)} (known: ${keys.join(', ')})`);
  }
  const question = requiredText(fields['question'], line, `${where} (question)`);
  return {
    question,
    answer: requiredText(fields['answer'], line, `${where} (${quote(question)}) answer`),
    alternatives: textList(fields['alternatives'], line, `${where} (${quote(question)}) alternatives`, false),
    keywords: textList(fields['keywords'], line, `${where} (${quote(question)}) keywords`, true),
    line: line ?? 0,
  };
}

function requiredText(value: unknown, line: number | undefined, what: string): string {
  if (value === undefined || value === null) refuse(line, `${what} is missing`);
  if (typeof value !== 'string') refuse(line, `${what} is not text (put it in quotes)`);
  const trimmed = value.trim();
  if (trimmed === '') refuse(line, `${what} is empty`);
  return trimmed;
}

function textList(value: unknown, line: number | undefined, what: string, splitsCommas: boolean): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? (splitsCommas ? value.split(KEYWORD_SEPARATOR) : [value]) : value;
  if (!Array.isArray(list)) refuse(line, `${what} is not a list of texts`);
  return list
    .map((item: unknown, index) => {
      if (typeof item !== 'string') refuse(line, `${what}[${index}] is not text (put it in quotes)`);
      return item.trim();
    })
    .filter((item) => item !== '');
}
