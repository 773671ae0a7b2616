import { readFileSync } from 'node:fs';
import { DEFAULT_HANDOVER_PHRASES } from '../handover-phrases.js';
import type { OptionReader } from '../option-reader.js';
import { FaqFileError, parseFaqEntries, parseFaqFile, type FaqEntry } from './faq-file.js';
import { terms } from './faq-matcher.js';

/** The `faq` adapter's options (docs/adapters/faq.md), validated, with its FAQ file read. */
export interface FaqAdapterConfig {
  type: 'faq';
  /** @default 'faq' */
  name: string;
  /** The FAQ file, absolute; undefined when the entries were given inline. */
  file?: string;
  /**
   * Its questions and answers, in the file's order. Read from `file` at parse time, so a parsed
   * config passed to `createRelay` again is read again (and checked) from the same file.
   */
  entries: FaqEntry[];
  /** How alike a question must be to an entry to be answered with it, in percent. @default 35 */
  minScore: number;
  /** How many questions (the file's first in the shopper's language) are offered as quick replies. @default 4 */
  topQuestions: number;
  /** The name shoppers see on the bot's answers. @default 'Shop assistant' */
  authorName: string;
  /** What the shopper writes to ask for a person. @default DEFAULT_HANDOVER_PHRASES */
  handoverPhrases: string[];
  /** Said with the top questions when a conversation starts; no greeting when left out. */
  greeting?: string;
  /** Said when the FAQ has no answer, instead of the built-in English or Chinese text. */
  fallback?: string;
}

/** An entry given inline, in the `entries` option: as in the YAML form. */
export interface FaqEntryOptions {
  question: string;
  answer: string;
  alternatives?: string[];
  keywords?: string | string[];
  line?: number;
}

/** The `faq` adapter as written in the config: a `file`, or (from code) the `entries` inline. */
export interface FaqAdapterOptions {
  type: 'faq';
  name?: string;
  /** A Markdown (`.md`, `.markdown`) or YAML (`.yaml`, `.yml`, `.json`) file, relative to the config file. */
  file?: string;
  /** The entries inline, when there is no `file`; ignored when there is. */
  entries?: FaqEntryOptions[];
  minScore?: number;
  topQuestions?: number;
  authorName?: string;
  handoverPhrases?: string | string[];
  greeting?: string;
  fallback?: string;
}

/** Option names of the `faq` adapter, besides `type` and `name`. */
export const FAQ_OPTIONS = ['file', 'entries', 'minScore', 'topQuestions', 'authorName', 'handoverPhrases', 'greeting', 'fallback'] as const;

function readEntries(options: OptionReader): { file?: string; entries: FaqEntry[] } {
  if (options.entry['file'] === undefined && options.entry['entries'] !== undefined) {
    try {
      return { entries: parseFaqEntries(options.entry['entries']) };
    } catch (error) {
      if (!(error instanceof FaqFileError)) throw error;
      options.reject('entries', error.message);
    }
  }
  const file = options.path('file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    options.reject('file', `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return { file, entries: parseFaqFile(text, file) };
  } catch (error) {
    if (!(error instanceof FaqFileError)) throw error;
    options.reject('file', `${file} ${error.message}`);
  }
}

/**
 * Reads a `faq` entry of the `adapters` setting and its FAQ file; a bad file stops start-up with a
 * refusal naming the option, the file and the line. The file wins over `entries`, so a parsed
 * config given back (as `createRelay(loadConfig(…).config)` does) reads the file again.
 */
export function parseFaqConfig(options: OptionReader): FaqAdapterConfig {
  const name = options.name('faq');
  const { file, entries } = readEntries(options);
  // A question of nothing but punctuation or stop words could never be matched: say so now.
  const unmatchable = entries.find((entry) => [entry.question, ...entry.alternatives, ...entry.keywords].every((text) => terms(text).length === 0));
  if (unmatchable) {
    const problem = `the question ${JSON.stringify(unmatchable.question)} has no words to match`;
    if (file === undefined) options.reject('entries', `entry ${unmatchable.line} ${problem}`);
    options.reject('file', `${file} line ${unmatchable.line}: ${problem}`);
  }
  return {
    type: 'faq',
    name,
    ...(file === undefined ? {} : { file }),
    entries,
    minScore: options.integer('minScore', { fallback: 35, min: 1, max: 100, unit: 'percent' }),
    topQuestions: options.integer('topQuestions', { fallback: 4, min: 0, max: 10 }),
    authorName: options.optionalString('authorName', { min: 1, max: 100 }) ?? 'Shop assistant',
    handoverPhrases: options.stringList('handoverPhrases', { fallback: [...DEFAULT_HANDOVER_PHRASES], max: 50, rule: { min: 1, max: 100 } }),
    greeting: options.optionalString('greeting', { min: 1, max: 1000 }),
    fallback: options.optionalString('fallback', { min: 1, max: 1000 }),
  };
}
