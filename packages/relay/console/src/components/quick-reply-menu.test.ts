import { describe, expect, it } from 'vitest';
import { quickReply } from '../test-support/fixtures.js';
import { mount, record, text, update } from '../test-support/render.js';

const replies = [
  quickReply('hello', 'Hello! How can I help?'),
  quickReply('returns', 'Returns are free for 30 days, shipping included.'),
  quickReply('shipping', 'We ship within 24 hours.'),
];

const key = (name: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: name, ...init });

describe('QuickReplyMenu', () => {
  it('is a labelled listbox of the matching quick replies, best match first', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: replies, query: 'ship', idPrefix: 'qr' });
    const listbox = menu.querySelector('[role="listbox"]')!;
    expect(listbox.id).toBe('qr-listbox');
    expect(listbox.getAttribute('aria-label')).toBe('Quick replies');
    const options = [...menu.querySelectorAll<HTMLElement>('[role="option"]')];
    expect(options.map((o) => o.dataset.shortcut)).toEqual(['shipping', 'returns']);
    expect(text(options[0])).toBe('/shipping We ship within 24 hours.');
    expect(options.map((o) => o.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    expect(text(menu.querySelector('[role="status"]'))).toBe('2 quick replies');
  });

  it('filters again when the query changes and starts from the first match', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: replies, query: '' });
    menu.handleKey(key('ArrowDown'));
    await update(menu, { query: 'he' });
    const options = [...menu.querySelectorAll('[role="option"]')];
    expect(options.map((o) => o.getAttribute('data-shortcut'))).toEqual(['hello']);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
  });

  it('moves the active option with the arrow keys, wrapping around, and announces it', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: replies, query: '', idPrefix: 'qr' });
    const active = record(menu, 'confab-quick-reply-active');
    expect(menu.handleKey(key('ArrowUp'))).toBe(true);
    await menu.updateComplete;
    expect(menu.activeOptionId).toBe('qr-option-2');
    expect(menu.querySelector('#qr-option-2')!.getAttribute('aria-selected')).toBe('true');
    menu.handleKey(key('ArrowDown'));
    await menu.updateComplete;
    expect(menu.activeOptionId).toBe('qr-option-0');
    expect(active.map((e) => e.detail.optionId)).toEqual(['qr-option-2', 'qr-option-0']);
  });

  it('picks the active quick reply on Enter or Tab', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: replies, query: '' });
    const picks = record(menu, 'confab-quick-reply-pick');
    menu.handleKey(key('ArrowDown'));
    expect(menu.handleKey(key('Enter'))).toBe(true);
    expect(menu.handleKey(key('Tab'))).toBe(true);
    expect(picks.map((e) => e.detail.reply.shortcut)).toEqual(['returns', 'returns']);
  });

  it('dismisses on Escape and leaves other keys to the text box', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: replies, query: '' });
    const dismissals = record(menu, 'confab-quick-reply-dismiss');
    expect(menu.handleKey(key('Escape'))).toBe(true);
    expect(dismissals).toHaveLength(1);
    for (const other of [key('a'), key('ArrowLeft'), key('Enter', { shiftKey: true }), key('Enter', { ctrlKey: true })]) {
      expect(menu.handleKey(other)).toBe(false);
    }
  });

  it('lets Enter and Tab through when nothing matches', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: replies, query: 'nothing-like-this' });
    expect(menu.querySelector('[role="listbox"]')).toBeNull();
    expect(text(menu.querySelector('[data-testid="quick-reply-empty"]'))).toBe('No quick reply matches.');
    expect(menu.activeOptionId).toBeUndefined();
    expect(menu.handleKey(key('Enter'))).toBe(false);
    expect(menu.handleKey(key('Tab'))).toBe(false);
    expect(menu.handleKey(key('ArrowDown'))).toBe(false);
  });

  it('renders quick-reply text as text', async () => {
    const menu = await mount('confab-quick-reply-menu', { quickReplies: [quickReply('x', '<img src=x onerror=alert(1)>')], query: '' });
    expect(menu.querySelector('img')).toBeNull();
    expect(text(menu.querySelector('.qr-text'))).toBe('<img src=x onerror=alert(1)>');
  });
});
