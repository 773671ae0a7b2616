import { describe, expect, it } from 'vitest';
import { zhCN } from '../strings.js';
import { conversation, message } from '../test-support/fixtures.js';
import { $, $$, mount, record, shadow, update } from '../test-support/render.js';

const kettle = conversation({
  id: 'conv_kettle_7XQ2',
  unreadCount: 3,
  visitorOnline: true,
  lastSeq: 3,
  lastMessage: message(3, { text: 'Is the kettle\nin stock?' }),
  context: { product: { name: 'Electric kettle 1.7 L' } },
});
const closed = conversation({
  id: 'conv_closed_AB12',
  status: 'closed',
  visitorOnline: false,
  lastMessage: message(2, { author: { role: 'agent', name: 'Mei' }, text: 'Bye!' }),
});

describe('ConversationList', () => {
  it('is a navigation landmark of buttons named with visitor, product, unread count, presence and preview', async () => {
    const list = await mount('confab-conversation-list', { conversations: [kettle, closed] });
    const nav = $(list, 'nav');
    expect(shadow(list).getElementById(nav.getAttribute('aria-labelledby')!)!.textContent).toBe('Conversations');
    const items = $$(list, '[data-testid="conversation-item"]');
    expect(items.map((i) => i.tagName)).toEqual(['BUTTON', 'BUTTON']);
    expect(items[0]!.getAttribute('aria-label')).toBe('Visitor 7XQ2, Electric kettle 1.7 L, 3 unread messages, online, Is the kettle in stock?');
    expect(items[1]!.getAttribute('aria-label')).toBe('Visitor AB12, closed, offline, Mei: Bye!');
    expect(items[0]!.dataset.conversationId).toBe('conv_kettle_7XQ2');
    expect($(list, '[data-testid="unread-badge"]').textContent).toBe('3');
  });

  it('shows who answers a routed conversation, and flags one waiting for a person', async () => {
    const withBot = conversation({ id: 'conv_bot_BT01', responder: 'faq', lastMessage: message(2, { author: { role: 'bot', name: 'Assistant' }, text: 'We ship in 2 days.' }) });
    const waiting = conversation({ id: 'conv_wait_WT02', responder: 'console', lastMessage: message(5, { text: '转人工' }) });
    const list = await mount('confab-conversation-list', { conversations: [withBot, waiting] });
    const badges = $$(list, '[data-testid="responder-badge"]');
    expect(badges.map((badge) => badge.textContent)).toEqual(['Handled by faq', 'Needs a person']);
    expect(badges[1]!.classList.contains('needs-person')).toBe(true);
    const items = $$(list, '[data-testid="conversation-item"]');
    expect(items[0]!.getAttribute('aria-label')).toBe('Visitor BT01, Handled by faq, online, Assistant: We ship in 2 days.');
    expect(items[1]!.getAttribute('aria-label')).toBe('Visitor WT02, Needs a person, online, 转人工');
  });

  it('marks the open conversation with aria-current', async () => {
    const list = await mount('confab-conversation-list', { conversations: [kettle, closed], selectedId: closed.id });
    expect($$(list, '[data-testid="conversation-item"]').map((i) => i.getAttribute('aria-current'))).toEqual(['false', 'true']);
  });

  it('asks to open a conversation on click', async () => {
    const list = await mount('confab-conversation-list', { conversations: [kettle, closed] });
    const selections = record(list, 'confab-select-conversation');
    $$(list, '[data-testid="conversation-item"]')[1]!.click();
    expect(selections.map((e) => e.detail.conversationId)).toEqual([closed.id]);
  });

  it('moves focus between conversations with the arrow keys, Home and End', async () => {
    const list = await mount('confab-conversation-list', { conversations: [kettle, closed, conversation()] });
    const items = $$(list, '[data-testid="conversation-item"]');
    items[0]!.focus();
    const key = (name: string) => shadow(list).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
    key('ArrowDown');
    expect(shadow(list).activeElement).toBe(items[1]);
    key('End');
    expect(shadow(list).activeElement).toBe(items[2]);
    key('ArrowDown');
    expect(shadow(list).activeElement).toBe(items[2]);
    key('Home');
    expect(shadow(list).activeElement).toBe(items[0]);
  });

  it('offers the open, closed and all filters as toggle buttons', async () => {
    const list = await mount('confab-conversation-list', { conversations: [], filter: 'all' });
    const changes = record(list, 'confab-filter-change');
    expect($(list, '[data-testid="filter-all"]').getAttribute('aria-pressed')).toBe('true');
    $(list, '[data-testid="filter-closed"]').click();
    $(list, '[data-testid="filter-all"]').click();
    expect(changes.map((e) => e.detail.filter)).toEqual(['closed']);
    await update(list, { filter: 'closed' });
    expect($(list, '[data-testid="filter-closed"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the shopper typing in place of the preview', async () => {
    const list = await mount('confab-conversation-list', { conversations: [kettle], typing: new Map([[kettle.id, [{ role: 'visitor' as const }]]]) });
    expect($(list, '.preview').textContent).toBe('typing…');
    expect($(list, '[data-testid="conversation-item"]').getAttribute('aria-label')).toContain('typing…');
  });

  it('says when there are no conversations, and offers more when the relay has more', async () => {
    const list = await mount('confab-conversation-list', { conversations: [], listStatus: 'ready' });
    expect($(list, '.empty').textContent).toBe('No conversations yet.');
    await update(list, { conversations: [kettle], hasMore: true });
    const more = record(list, 'confab-load-more-conversations');
    $(list, '[data-testid="load-more-conversations"]').click();
    expect(more).toHaveLength(1);
  });

  it('speaks Chinese when given Chinese strings', async () => {
    const list = await mount('confab-conversation-list', { strings: zhCN, conversations: [kettle] });
    expect($(list, '[data-testid="conversation-item"]').getAttribute('aria-label')).toBe(
      '访客 7XQ2，Electric kettle 1.7 L，3 条未读消息，在线，Is the kettle in stock?',
    );
  });
});
