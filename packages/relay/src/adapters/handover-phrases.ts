/**
 * What shoppers write when they want a person rather than a bot, in the languages the widget
 * ships (English and Chinese): the default `handoverPhrases` of the bot adapters (faq, openai).
 */
export const DEFAULT_HANDOVER_PHRASES: readonly string[] = [
  'human',
  'agent',
  'a person',
  'real person',
  'talk to someone',
  'speak to someone',
  'customer service',
  'operator',
  'representative',
  '转人工',
  '人工客服',
  '人工服务',
  '真人',
  '客服',
];

/**
 * Folds text for phrase matching: compatibility forms (full-width letters, as Chinese keyboards
 * type them) become plain ones, case and runs of spaces stop mattering.
 */
export function foldForMatching(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/gu, ' ').trim();
}

// A phrase that starts or ends with a letter or digit must stand as a word there, so that "agent"
// is not found in "agents'" nor "human" in "inhumane"; Han text has no spaces, so it matches anywhere.
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

function isWordEdge(text: string, index: number): boolean {
  const character = text[index];
  return character === undefined || !WORD_CHARACTER.test(character) || HAN.test(character);
}

/**
 * The first of `phrases` that `text` contains, compared folded; undefined when none. A Latin
 * phrase must stand as whole words; a Chinese one may appear anywhere.
 * @example
 * askedForPerson('Can I talk to a HUMAN please?', DEFAULT_HANDOVER_PHRASES); // 'human'
 * askedForPerson('我要转人工', DEFAULT_HANDOVER_PHRASES); // '转人工'
 */
export function askedForPerson(text: string, phrases: readonly string[]): string | undefined {
  const folded = foldForMatching(text);
  for (const phrase of phrases) {
    const wanted = foldForMatching(phrase);
    if (wanted === '') continue;
    for (let index = folded.indexOf(wanted); index !== -1; index = folded.indexOf(wanted, index + 1)) {
      const end = index + wanted.length;
      const startsClean = HAN.test(wanted[0]!) || isWordEdge(folded, index - 1);
      const endsClean = HAN.test(wanted.at(-1)!) || isWordEdge(folded, end);
      if (startsClean && endsClean) return phrase;
    }
  }
  return undefined;
}
