import { describe, expect, it } from 'vitest';
import { faqFormatOf, FaqFileError, parseFaqFile } from './faq-file.js';

const MARKDOWN = `# Aster Kitchen FAQ

Intro text before the first question is not an entry.

## How long does shipping take?
Also: When will my order arrive?; delivery time
Also: 发货要多久？
Keywords: delivery, 快递

Orders ship the same working day.
Delivery takes 2–3 days in the EU.

## 退货政策是什么？
Keywords: 退款、退货

30 天内可无理由退货。

### Exceptions
Also: this line is part of the answer, not an alternative.
\`\`\`
## not a heading inside a fence
\`\`\`
`;

function refusal(text: string, file: string): FaqFileError {
  try {
    parseFaqFile(text, file);
  } catch (error) {
    if (error instanceof FaqFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('parseFaqFile (Markdown)', () => {
  it('reads each "## " heading as a question with the text below as its answer, and Also/Keywords lines', () => {
    const entries = parseFaqFile(MARKDOWN, 'faq.md');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({
      question: 'How long does shipping take?',
      answer: 'Orders ship the same working day.\nDelivery takes 2–3 days in the EU.',
      alternatives: ['When will my order arrive?', 'delivery time', '发货要多久？'],
      keywords: ['delivery', '快递'],
      line: 5,
    });
    expect(entries[1]).toMatchObject({ question: '退货政策是什么？', keywords: ['退款', '退货'], alternatives: [], line: 13 });
    expect(entries[1]!.answer).toContain('### Exceptions\nAlso: this line is part of the answer');
    expect(entries[1]!.answer).toContain('## not a heading inside a fence');
  });

  it('refuses a question without an answer, naming its line', () => {
    const error = refusal('## Shipping?\n\n## Returns?\nWithin 30 days.\n', 'faq.md');
    expect(error).toMatchObject({ code: 'CONFAB_CONFIG_INVALID', line: 1 });
    expect(error.message).toBe('line 1: the question "Shipping?" has no answer below it');
  });

  it('refuses a file without questions, an empty Also line and a question asked twice', () => {
    expect(refusal('# Just a title\n\nSome text.\n', 'faq.md').message).toMatch(/^line 1: has no questions/);
    expect(refusal('## Shipping?\nAlso:\nTwo days.\n', 'faq.md').message).toBe('line 2: "Also:" is followed by no question');
    expect(refusal('## Shipping?\nTwo days.\n\n## shipping?\nThree days.\n', 'faq.md').message).toBe(
      'line 4: the question "shipping?" is asked on line 1 already',
    );
  });
});

describe('parseFaqFile (YAML)', () => {
  it('reads a list of entries with alternatives and keywords', () => {
    const yaml = [
      '- question: How long does shipping take?',
      '  answer: Two to three days.',
      '  alternatives: [When will it arrive?, 发货要多久？]',
      '- question: 退货政策是什么？',
      '  answer: |',
      '    30 天内可退货。',
      '    退款 3–5 天到账。',
      '  keywords: 退款, 退货',
    ].join('\n');
    expect(parseFaqFile(yaml, 'faq.yaml')).toEqual([
      { question: 'How long does shipping take?', answer: 'Two to three days.', alternatives: ['When will it arrive?', '发货要多久？'], keywords: [], line: 1 },
      { question: '退货政策是什么？', answer: '30 天内可退货。\n退款 3–5 天到账。', alternatives: [], keywords: ['退款', '退货'], line: 4 },
    ]);
  });

  it('refuses a missing answer, an unknown key, non-text values and broken YAML, naming the entry and line', () => {
    expect(refusal('- question: Shipping?\n  answer: Two days.\n- question: Returns?\n', 'faq.yml').message).toBe(
      'line 3: entry 2 ("Returns?") answer is missing',
    );
    expect(refusal('- question: Shipping?\n  answr: Two days.\n', 'faq.yml').message).toBe(
      'line 1: entry 1 has an unknown key "answr" (known: question, answer, alternatives, keywords)',
    );
    expect(refusal('- question: 42\n  answer: Two days.\n', 'faq.yml').message).toBe('line 1: entry 1 (question) is not text (put it in quotes)');
    expect(refusal('question: Shipping?\nanswer: Two days.\n', 'faq.yml').message).toBe('line 1: is not a list of { question, answer } entries');
    expect(refusal('- question: "Shipping?\n  answer: x\n', 'faq.yml').message).toMatch(/^line \d+: is not valid YAML/);
    expect(refusal('', 'faq.yml').message).toMatch(/^line 1: has no questions/);
  });

  it('refuses a file whose name says neither format', () => {
    expect(refusal('## Shipping?\nTwo days.\n', 'faq.txt').message).toBe('line 1: is neither Markdown (.md, .markdown) nor YAML (.yaml, .yml, .json)');
    expect(faqFormatOf('FAQ.MD')).toBe('markdown');
    expect(faqFormatOf('faq.json')).toBe('yaml');
  });
});
