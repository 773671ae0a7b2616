import { describe, expect, it } from 'vitest';
import { SettingRejection } from '../setting-rejection.js';
import { MAX_PROACTIVE_MESSAGES, parseProactiveMessages } from './proactive-messages.js';

function problemOf(raw: unknown): string {
  try {
    parseProactiveMessages(raw);
  } catch (error) {
    if (error instanceof SettingRejection) return error.problem;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseProactiveMessages', () => {
  it('reads a list as an object or as JSON text, keeping only the fields given', () => {
    const list = [
      { id: 'checkout-help', text: 'Questions about delivery?', delaySeconds: 20, pathPrefix: '/checkout', locale: 'en' },
      { id: 'welcome', text: 'Willkommen!', locale: 'de-AT' },
    ];
    expect(parseProactiveMessages(list)).toEqual(list);
    expect(parseProactiveMessages(JSON.stringify(list))).toEqual(list);
    expect(parseProactiveMessages('')).toEqual([]);
  });

  it('names the bad entry and field', () => {
    expect(problemOf({ id: 'x', text: 'y' })).toBe('is not a list');
    expect(problemOf([{ id: 'a b', text: 'Hi' }])).toContain('[0].id');
    expect(problemOf([{ id: 'ok', text: '   ' }])).toContain('[0].text');
    expect(problemOf([{ id: 'ok', text: 'x'.repeat(501) }])).toContain('[0].text');
    expect(problemOf([{ id: 'ok', text: 'Hi', delaySeconds: -1 }])).toContain('[0].delaySeconds');
    expect(problemOf([{ id: 'ok', text: 'Hi', pathPrefix: 'checkout' }])).toContain('[0].pathPrefix');
    expect(problemOf([{ id: 'ok', text: 'Hi', locale: 'english please' }])).toContain('[0].locale');
    expect(problemOf([{ id: 'ok', text: 'Hi', colour: 'red' }])).toContain('[0].colour, which is not a field');
    expect(problemOf([{ id: 'same', text: 'Hi' }, { id: 'same', text: 'Ho' }])).toContain('[1].id "same" twice');
    const tooMany = Array.from({ length: MAX_PROACTIVE_MESSAGES + 1 }, (_, index) => ({ id: `m${index}`, text: 'Hi' }));
    expect(problemOf(tooMany)).toContain(`more than ${MAX_PROACTIVE_MESSAGES}`);
  });
});
