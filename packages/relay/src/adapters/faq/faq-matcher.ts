import { foldForMatching } from '../handover-phrases.js';
import type { FaqEntry } from './faq-file.js';

/** The entry a question matched and how well (cosine similarity, 0 to 1). */
export interface FaqMatch {
  entry: FaqEntry;
  score: number;
}

// Words that say nothing about what is asked. Han ones are single characters and two-character
// words, as the tokenizer produces both.
const STOP_WORDS = new Set([
  ...'a an and are can could do does for from have how i in is it me my of on or please the there this to we what when where which will with would you your'.split(' '),
  ...'的 了 吗 呢 吧 啊 是 我 你 您 们 请 问 在 有 和 么 什 怎 样 要 想 能 可 以'.split(' '),
  ...'什么 怎么 怎样 请问 我们 你们 可以 能否 是否 一下 如何 多少'.split(' '),
]);
const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Crude English plural folding: "returns" and "return" are one term. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The terms of a text, for matching in any language: words as Intl.Segmenter finds them (so
 * languages without spaces work), folded and stemmed; Han text also as single characters and
 * character pairs, so "退货政策" matches "怎么退货" whatever the dictionary's word boundaries.
 */
export function terms(text: string): string[] {
  const folded = foldForMatching(text);
  const found: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(folded)) {
    // Stop words are dropped before stemming, which would turn "does" into "doe".
    if (!isWordLike || HAN.test(segment) || STOP_WORDS.has(segment)) continue;
    found.push(stem(segment));
  }
  for (const [run] of folded.matchAll(HAN_RUN)) {
    const characters = [...run];
    characters.forEach((character, index) => {
      found.push(character);
      if (index + 1 < characters.length) found.push(character + characters[index + 1]);
    });
  }
  return found.filter((term) => !STOP_WORDS.has(term));
}

type Vector = Map<string, number>;

function counts(list: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const term of list) map.set(term, (map.get(term) ?? 0) + 1);
  return map;
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  if (dot === 0) return 0;
  const norm = (vector: Vector) => Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0));
  return dot / (norm(a) * norm(b));
}

/**
 * Finds the FAQ entry a shopper's question asks, by TF-IDF cosine similarity against each entry's
 * question, alternatives and keywords (the best phrasing counts). Terms common to many entries ("order")
 * weigh less than ones that single an entry out ("refund").
 */
export class FaqMatcher {
  readonly #phrasings: { entry: FaqEntry; terms: Map<string, number> }[] = [];
  readonly #idf = new Map<string, number>();
  /** The weight of a term no entry has: as telling as one only a single entry has. */
  readonly #unseenWeight: number;

  constructor(entries: readonly FaqEntry[]) {
    const documentFrequency = new Map<string, number>();
    for (const entry of entries) {
      const entryTerms = new Set<string>();
      for (const phrasing of [entry.question, ...entry.alternatives, ...entry.keywords]) {
        const phrasingTerms = counts(terms(phrasing));
        this.#phrasings.push({ entry, terms: phrasingTerms });
        for (const term of phrasingTerms.keys()) entryTerms.add(term);
      }
      for (const term of entryTerms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    for (const [term, frequency] of documentFrequency) this.#idf.set(term, 1 + Math.log(entries.length / frequency));
    this.#unseenWeight = 1 + Math.log(Math.max(1, entries.length));
  }

  #weigh(termCounts: Map<string, number>): Vector {
    const vector: Vector = new Map();
    // A term no entry has cannot match, and it weighs as much as a rare one: "does the kettle come
    // in black?" shares only "kettle" with an entry on induction hobs and must not be answered by it.
    for (const [term, count] of termCounts) vector.set(term, count * (this.#idf.get(term) ?? this.#unseenWeight));
    return vector;
  }

  /** The best entry for `question`, or undefined when none scores at least `minScore`. */
  match(question: string, minScore: number): FaqMatch | undefined {
    const asked = this.#weigh(counts(terms(question)));
    if (asked.size === 0) return undefined;
    let best: FaqMatch | undefined;
    for (const phrasing of this.#phrasings) {
      const score = cosine(asked, this.#weigh(phrasing.terms));
      if (score > (best?.score ?? 0)) best = { entry: phrasing.entry, score };
    }
    return best && best.score >= minScore ? best : undefined;
  }
}
