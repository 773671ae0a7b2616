import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFaqFile, type FaqEntry } from './faq-file.js';
import { FaqMatcher, terms } from './faq-matcher.js';

function entry(question: string, alternatives: string[] = [], keywords: string[] = []): FaqEntry {
  return { question, answer: `Answer to ${question}`, alternatives, keywords, line: 1 };
}

const ENTRIES = [
  entry('How long does shipping take?', ['When will my order arrive?']),
  entry('What is your return policy?', ['Can I return an item?'], ['refund']),
  entry('Where is my order?', ['track my order', 'tracking number']),
  entry('What are your opening hours?', ['When are you open?']),
  entry('退货政策是什么？', ['怎么退货', '可以退款吗']),
  entry('运费和配送时间是多久？', ['多久发货', '什么时候到货']),
  entry('营业时间是什么时候？', ['你们几点开门']),
];

describe('terms', () => {
  it('folds case and full-width letters, drops stop words and folds plurals', () => {
    expect(terms('How long does ＳＨＩＰＰＩＮＧ take?')).toEqual(['long', 'shipping', 'take']);
    expect(terms('Returns')).toEqual(['return']);
  });

  it('splits Han text into single characters and pairs, whatever the dictionary says', () => {
    const found = terms('退货政策');
    expect(found).toEqual(expect.arrayContaining(['退', '货', '政', '策', '退货', '货政', '政策']));
    // Words that say nothing about the question are dropped, in both languages.
    expect(terms('what is the')).toEqual([]);
    expect(terms('什么')).toEqual([]);
  });
});

describe('FaqMatcher', () => {
  const matcher = new FaqMatcher(ENTRIES);

  it('matches English questions asked in other words', () => {
    expect(matcher.match('how long does shipping take', 0.35)?.entry.question).toBe('How long does shipping take?');
    expect(matcher.match('Hi! I ordered yesterday, how long will shipping take?', 0.35)?.entry.question).toBe('How long does shipping take?');
    expect(matcher.match('I want a refund', 0.35)?.entry.question).toBe('What is your return policy?');
    expect(matcher.match('what is my tracking number', 0.35)?.entry.question).toBe('Where is my order?');
  });

  it('matches Chinese questions without spaces, by characters and pairs', () => {
    expect(matcher.match('退货政策是什么', 0.35)).toMatchObject({ entry: { question: '退货政策是什么？' }, score: 1 });
    expect(matcher.match('我想退货', 0.35)?.entry.question).toBe('退货政策是什么？');
    expect(matcher.match('请问多久能发货？', 0.35)?.entry.question).toBe('运费和配送时间是多久？');
    expect(matcher.match('你们几点开门呀', 0.35)?.entry.question).toBe('营业时间是什么时候？');
  });

  it('scores an exact question or alternative 1 and a question with more in it less', () => {
    expect(matcher.match('What are your opening hours?', 0)?.score).toBeCloseTo(1);
    expect(matcher.match('when will my order arrive', 0)).toMatchObject({ entry: { question: 'How long does shipping take?' }, score: 1 });
    const partial = matcher.match('how long does shipping take to Japan', 0)!;
    expect(partial.entry.question).toBe('How long does shipping take?');
    expect(partial.score).toBeGreaterThan(0.35);
    expect(partial.score).toBeLessThan(1);
  });

  it('answers nothing below the threshold or for text with no words it knows', () => {
    expect(matcher.match('Is it raining in Paris?', 0.35)).toBeUndefined();
    expect(matcher.match('今天天气怎么样', 0.35)).toBeUndefined();
    expect(matcher.match('?!', 0)).toBeUndefined();
    const weak = matcher.match('shipping to Japan', 0)!;
    expect(weak.entry.question).toBe('How long does shipping take?');
    expect(matcher.match('shipping to Japan', weak.score + 0.01)).toBeUndefined();
  });

  it('weighs terms that many entries share less than ones that single an entry out', () => {
    // "order" is in two entries, "tracking" in one: the rarer term decides.
    expect(matcher.match('order tracking', 0)?.entry.question).toBe('Where is my order?');
  });
});

describe('FaqMatcher on the example shop FAQ', () => {
  const file = new URL('../../../../../examples/shop/faq.md', import.meta.url);
  const matcher = new FaqMatcher(parseFaqFile(readFileSync(file, 'utf8'), 'faq.md'));
  const answered = (question: string) => matcher.match(question, 0.35)?.entry.question;

  it('answers what shoppers ask in either language', () => {
    expect(answered('how long does shipping take')).toBe('How long does shipping take?');
    expect(answered('Do you ship to Japan?')).toBe('How long does shipping take?');
    expect(answered('where is my parcel')).toBe('Where is my order?');
    expect(answered('Can I pay with PayPal?')).toBe('Which payment methods do you accept?');
    expect(answered('what size is the kettle')).toBe('Which sizes does the Aster kettle come in?');
    expect(answered('when are you open on sunday')).toBe('What are your opening hours?');
    expect(answered('退货政策是什么')).toBe('退货政策是什么？');
    expect(answered('我的快递到哪了')).toBe('我的订单到哪里了？');
    expect(answered('可以用支付宝吗')).toBe('支持哪些付款方式？');
    expect(answered('你们几点开门')).toBe('营业时间是什么时候？');
  });

  it('has no answer for what it does not cover', () => {
    expect(answered('do you sell teapots')).toBeUndefined();
    expect(answered('今天天气怎么样')).toBeUndefined();
    expect(answered('thanks!')).toBeUndefined();
  });
});
