import { describe, expect, it } from 'vitest';
import type { Transcript } from '../store.js';
import { zhCN } from '../strings.js';
import { message, T0 } from '../test-support/fixtures.js';
import { $, $$, mount, record, text, update } from '../test-support/render.js';

function transcript(messages: Transcript['messages'], overrides: Partial<Transcript> = {}): Transcript {
  return { messages, hasEarlier: false, status: 'ready', isLoadingEarlier: false, ...overrides };
}

describe('TranscriptView', () => {
  it('renders markup in messages as literal text, never as HTML', async () => {
    const hostile = [
      '<script>window.__confabPwned = "script"</script>',
      '<img src=x onerror="window.__confabPwned = \'img\'">',
      '<a href="javascript:window.__confabPwned=1">click</a>',
    ];
    const view = await mount('confab-transcript', {
      conversationId: 'conv_0000001',
      transcript: transcript(hostile.map((body, i) => message(i + 1, { text: body }))),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const bubbles = $$(view, '[data-testid="message-text"]');
    expect(bubbles.map((b) => b.textContent)).toEqual(hostile);
    for (const bubble of bubbles) expect(bubble.children).toHaveLength(0);
    expect($$(view, 'script, img, a')).toHaveLength(0);
    expect((globalThis as { __confabPwned?: unknown }).__confabPwned).toBeUndefined();
  });

  it('is a labelled log region that announces additions', async () => {
    const view = await mount('confab-transcript', { conversationId: 'c', transcript: transcript([message(1)]) });
    const log = $(view, '[role="log"]');
    expect(log.getAttribute('aria-label')).toBe('Messages');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.tabIndex).toBe(0);
  });

  it('labels each message with its author and time', async () => {
    const view = await mount('confab-transcript', {
      conversationId: 'c',
      transcript: transcript([
        message(1, { author: { role: 'visitor' } }),
        message(2, { author: { role: 'agent', name: 'Mei' } }),
        message(3, { author: { role: 'bot' } }),
        message(4, { author: { role: 'system' } }),
      ]),
    });
    expect($$(view, '.author').map((a) => a.textContent)).toEqual(['Visitor', 'Mei', 'Bot', 'System']);
    const time = $(view, 'time');
    expect(time.getAttribute('datetime')).toBe(new Date(T0 + 1000).toISOString());
    expect(text(time)).toMatch(/\d{1,2}:\d{2}|2026/);
  });

  it('shows "Seen" under the agent’s last message once the shopper read it', async () => {
    const messages = [message(1), message(2, { author: { role: 'agent', name: 'Mei' } }), message(3, { author: { role: 'agent', name: 'Mei' } })];
    const view = await mount('confab-transcript', { conversationId: 'c', transcript: transcript(messages), visitorLastReadSeq: 2 });
    expect($$(view, '[data-testid="seen"]')).toHaveLength(0);
    await update(view, { visitorLastReadSeq: 3 });
    const seen = $$(view, '[data-testid="seen"]');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.closest('li')!.dataset.seq).toBe('3');
  });

  it('shows pending replies, and Retry and Discard on failed ones', async () => {
    const view = await mount('confab-transcript', {
      conversationId: 'c',
      transcript: transcript([message(1)]),
      pending: [
        { id: 'reply_pending', text: 'On its way', createdAt: T0, status: 'pending' },
        { id: 'reply_failed1', text: 'Broken', createdAt: T0, status: 'failed', errorCode: 'CONFAB_NOT_CONNECTED' },
      ],
    });
    const items = $$(view, '[data-testid="pending-reply"]');
    expect(items.map((i) => i.dataset.status)).toEqual(['pending', 'failed']);
    expect(text(items[0])).toContain('Sending…');
    const retries = record(view, 'confab-retry-reply');
    const discards = record(view, 'confab-discard-reply');
    $(view, '[data-testid="retry-reply"]').click();
    $(view, '[data-testid="discard-reply"]').click();
    expect(retries.map((e) => e.detail.replyId)).toEqual(['reply_failed1']);
    expect(discards.map((e) => e.detail.replyId)).toEqual(['reply_failed1']);
  });

  it('offers earlier messages while there are some, else marks the beginning', async () => {
    const view = await mount('confab-transcript', { conversationId: 'c', transcript: transcript([message(5)], { hasEarlier: true }) });
    const requests = record(view, 'confab-load-earlier');
    $(view, '[data-testid="load-earlier"]').click();
    expect(requests).toHaveLength(1);
    await update(view, { transcript: transcript([message(5)], { hasEarlier: true, isLoadingEarlier: true }) });
    expect($<HTMLButtonElement>(view, '[data-testid="load-earlier"]').disabled).toBe(true);
    await update(view, { transcript: transcript([message(1), message(5)]) });
    expect($$(view, '[data-testid="load-earlier"]')).toHaveLength(0);
    expect(text($(view, '.note'))).toBe('This is the beginning of the conversation.');
  });

  it('says who is typing in a status region, in the agent’s language', async () => {
    const view = await mount('confab-transcript', {
      strings: zhCN,
      conversationId: 'c',
      transcript: transcript([message(1)]),
      typing: [{ role: 'visitor' }],
    });
    const indicator = $(view, '[data-testid="typing-indicator"]');
    expect(indicator.getAttribute('role')).toBe('status');
    expect(text(indicator)).toBe('访客正在输入…');
  });

  it('offers to try again when loading failed', async () => {
    const view = await mount('confab-transcript', { conversationId: 'conv_0000009', transcript: transcript([], { status: 'error' }) });
    const reloads = record(view, 'confab-reload-transcript');
    $(view, '[data-testid="reload-transcript"]').click();
    expect(reloads.map((e) => e.detail.conversationId)).toEqual(['conv_0000009']);
  });
});
