import { describe, expect, it } from 'vitest';
import { filterQuickReplies, findSlashQuery, insertQuickReply, validateQuickReply } from './quick-replies.js';
import { quickReply } from './test-support/fixtures.js';

describe('findSlashQuery', () => {
  it('finds a / at the start of the text or after whitespace', () => {
    expect(findSlashQuery('/', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(findSlashQuery('/ship', 5)).toEqual({ start: 0, end: 5, query: 'ship' });
    expect(findSlashQuery('Hi /ship', 8)).toEqual({ start: 3, end: 8, query: 'ship' });
    expect(findSlashQuery('line one\n/re', 12)).toEqual({ start: 9, end: 12, query: 're' });
  });

  it('ignores a / inside a word or a URL', () => {
    expect(findSlashQuery('and/or', 6)).toBeUndefined();
    expect(findSlashQuery('https://shop.example', 8)).toBeUndefined();
    expect(findSlashQuery('no slash here', 13)).toBeUndefined();
  });

  it('reads only up to the caret', () => {
    expect(findSlashQuery('/shipping now', 5)).toEqual({ start: 0, end: 5, query: 'ship' });
    expect(findSlashQuery('/ship now', 9)).toBeUndefined();
  });

  it('accepts shortcuts in any script, including characters outside the BMP', () => {
    expect(findSlashQuery('您好 /发货', 6)).toEqual({ start: 3, end: 6, query: '发货' });
    expect(findSlashQuery('/𠀀a', 4)).toEqual({ start: 0, end: 4, query: '𠀀a' });
  });
});

describe('filterQuickReplies', () => {
  const replies = [
    quickReply('shipping', 'We ship within 24 hours.'),
    quickReply('returns', 'You can return anything within 30 days, shipping is free.'),
    quickReply('hello', 'Hello! How can I help?'),
    quickReply('reship', 'We will send it again.'),
  ];

  it('ranks shortcut prefixes, then shortcut matches, then text matches', () => {
    expect(filterQuickReplies(replies, 'ship').map((r) => r.shortcut)).toEqual(['shipping', 'reship', 'returns']);
  });

  it('is case-insensitive and lists everything for an empty query', () => {
    expect(filterQuickReplies(replies, 'HEL').map((r) => r.shortcut)).toEqual(['hello']);
    expect(filterQuickReplies(replies, '')).toHaveLength(4);
  });

  it('returns nothing when nothing matches, and respects the limit', () => {
    expect(filterQuickReplies(replies, 'zzz')).toEqual([]);
    expect(filterQuickReplies(replies, '', 2)).toHaveLength(2);
  });
});

describe('insertQuickReply', () => {
  it('replaces the /query with the text and puts the caret after it', () => {
    const text = 'Hi /shi, thanks';
    const at = findSlashQuery(text, 7)!;
    expect(insertQuickReply(text, at, 'We ship today.')).toEqual({ text: 'Hi We ship today., thanks', caret: 17 });
  });
});

describe('validateQuickReply', () => {
  const existing = [quickReply('shipping', 'We ship.', { id: 'qr_existing1' })];

  it('accepts letters, digits, _ and - in any script', () => {
    expect(validateQuickReply({ shortcut: 'track-order_2', text: 'Here is your tracking link.' }, existing)).toEqual({});
    expect(validateQuickReply({ shortcut: '发货', text: '今天发货。' }, existing)).toEqual({});
  });

  it('refuses empty, spaced, punctuated or overlong shortcuts', () => {
    for (const shortcut of ['', 'two words', 'a/b', 'x'.repeat(33), '<b>']) {
      expect(validateQuickReply({ shortcut, text: 'ok' }, existing).shortcut).toBe('invalid');
    }
  });

  it('refuses a shortcut another quick reply uses, but not the one being edited', () => {
    expect(validateQuickReply({ shortcut: 'Shipping', text: 'ok' }, existing).shortcut).toBe('taken');
    expect(validateQuickReply({ shortcut: 'shipping', text: 'ok' }, existing, 'qr_existing1')).toEqual({});
  });

  it('refuses a blank or overlong text', () => {
    expect(validateQuickReply({ shortcut: 'a', text: '  \n ' }, []).text).toBe('required');
    expect(validateQuickReply({ shortcut: 'a', text: 'x'.repeat(4001) }, []).text).toBe('too-long');
  });
});
