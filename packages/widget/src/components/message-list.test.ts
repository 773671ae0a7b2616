import '../test-support/dom.js';
import type { TranscriptMessage } from '@confab/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineElements } from '../define.js';
import { loadStrings } from '../strings.js';
import { settle, textOf } from '../test-support/dom.js';
import { displayStatus, type ConfabMessageList } from './message-list.js';

beforeAll(() => defineElements());
afterEach(() => document.body.replaceChildren());

let counter = 0;
function message(text: string, init: Partial<TranscriptMessage> = {}): TranscriptMessage {
  counter++;
  return {
    id: `message-${counter}-abcdef`,
    seq: counter,
    author: { role: 'agent', name: 'Anna' },
    text,
    createdAt: Date.UTC(2026, 10, 22, 9, counter),
    status: 'sent',
    isOwn: false,
    ...init,
  };
}

async function mountList(messages: TranscriptMessage[] = []) {
  const list = document.createElement('confab-message-list');
  list.messages = messages;
  document.body.append(list);
  await settle(list);
  const log = list.shadowRoot!.querySelector('[role="log"]')!;
  return { list, log };
}

/** Makes the scroller report a layout, which happy-dom does not compute. */
function fakeLayout(list: ConfabMessageList, sizes: { scrollHeight: number; clientHeight: number }) {
  const scroller = list.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => sizes.scrollHeight });
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => sizes.clientHeight });
  return scroller;
}

describe('<confab-message-list>', () => {
  it('is a polite live log with an accessible name, so new messages are announced', async () => {
    const { log } = await mountList();
    expect(log.getAttribute('role')).toBe('log');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.getAttribute('aria-label')).toBe('Messages');
  });

  it('greets the shopper while the conversation is empty', async () => {
    const { list } = await mountList();
    expect(textOf(list.shadowRoot!.querySelector('.greeting'))).toMatch(/^Hi!/);
    list.messages = [message('Hello')];
    await settle(list);
    expect(list.shadowRoot!.querySelector('.greeting')).toBeNull();
  });

  it('adds new messages to the live region as new nodes, with the author first', async () => {
    const first = message('Hello, how can I help?');
    const { list, log } = await mountList([first]);
    const firstNode = log.querySelector('[part~="message"]');
    const reply = message('Yes, it ships tomorrow.', { author: { role: 'agent' } });
    list.messages = [first, reply];
    await settle(list);
    const nodes = log.querySelectorAll('[part~="message"]');
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toBe(firstNode);
    expect(textOf(nodes[0]!)).toMatch(/^Anna Hello, how can I help\?/);
    expect(textOf(nodes[1]!)).toMatch(/^Agent Yes, it ships tomorrow\./);
  });

  it('renders markup and scripts as literal text, and links only http, https and mailto URLs', async () => {
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      'javascript:alert(document.cookie)',
      '<a href="javascript:alert(1)">click</a>',
      '[click](javascript:alert(1))',
      '[open](data:text/html,<script>alert(1)</script>)',
    ];
    const { log } = await mountList(hostile.map((text) => message(text)));
    const texts = [...log.querySelectorAll('.text')].map((node) => node.textContent);
    expect(texts).toEqual(hostile);
    expect(log.querySelector('img, script, a, iframe')).toBeNull();
  });

  it('formats Markdown in messages and opens links in a new tab', async () => {
    const { log } = await mountList([message('**Order 42** ships *today*:\n- track at https://shop.example/t/42\n- or [mail us](mailto:help@shop.example)')]);
    const text = log.querySelector('.text')!;
    expect(textOf(text.querySelector('strong'))).toBe('Order 42');
    expect(textOf(text.querySelector('em'))).toBe('today');
    expect(text.querySelectorAll('ul > li')).toHaveLength(2);
    const links = [...text.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://shop.example/t/42', 'mailto:help@shop.example']);
    for (const link of links) expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('renders the shopper’s own messages and drafts with the same formatting', async () => {
    const { list, log } = await mountList([message('see **this**', { author: { role: 'visitor' }, isOwn: true })]);
    expect(textOf(log.querySelector('.own strong'))).toBe('this');
    list.drafts = [{ id: 'draft-1-abcdef', author: { role: 'bot' }, text: 'Checking `A-1`' }];
    await settle(list);
    const draft = list.shadowRoot!.querySelector('[part="draft"]')!;
    expect(textOf(draft.querySelector('code'))).toBe('A-1');
    expect(log.contains(draft)).toBe(false);
  });

  it('keeps line breaks of multi-line messages as text', async () => {
    const { log } = await mountList([message('line one\nline two')]);
    expect(log.querySelector('.text')!.textContent).toBe('line one\nline two');
  });

  it('shows the delivery status of the shopper’s messages, in words for screen readers', async () => {
    const own = (text: string, status: TranscriptMessage['status'], seq?: number) =>
      message(text, { author: { role: 'visitor' }, isOwn: true, status, seq });
    const { list, log } = await mountList([own('a', 'sent', 1), own('b', 'sent', 2), own('c', 'failed'), own('d', 'pending')]);
    const statuses = () => [...log.querySelectorAll('.status')].map((node) => textOf(node));
    expect(statuses()).toEqual(['· Sent', '· Sent', '· Not sent', '· Sending…']);
    expect(textOf(log.querySelectorAll('[part~="message"]')[0]!)).toMatch(/^You: a/);
    // On screen only the newest own message and unfinished ones carry a status.
    const hidden = [...log.querySelectorAll('.status')].map((node) => node.classList.contains('visually-hidden'));
    expect(hidden).toEqual([true, true, false, false]);
    list.agentReadSeq = 2;
    await settle(list);
    expect(statuses()).toEqual(['· Read', '· Read', '· Not sent', '· Sending…']);
  });

  it('says who is typing and stops saying it', async () => {
    const { list } = await mountList();
    const indicator = list.shadowRoot!.querySelector('.typing')!;
    expect(indicator.getAttribute('role')).toBe('status');
    expect(textOf(indicator)).toBe('');
    list.typing = { role: 'agent' };
    await settle(list);
    expect(textOf(indicator)).toBe('Agent is typing…');
    list.strings = await loadStrings('zh-CN');
    list.typing = { role: 'agent', name: '小王' };
    await settle(list);
    expect(textOf(indicator)).toBe('小王 正在输入…');
    list.typing = undefined;
    await settle(list);
    expect(textOf(indicator)).toBe('');
  });

  it('follows new messages while at the bottom', async () => {
    const first = message('one');
    const { list } = await mountList([first]);
    const scroller = fakeLayout(list, { scrollHeight: 1000, clientHeight: 400 });
    scroller.scrollTop = 600;
    scroller.dispatchEvent(new Event('scroll'));
    expect(list.isPinned).toBe(true);
    list.messages = [first, message('two')];
    await settle(list);
    expect(scroller.scrollTop).toBe(1000);
  });

  it('stays put when the shopper scrolled up, and offers to jump to new messages', async () => {
    const first = message('one');
    const { list } = await mountList([first]);
    const scroller = fakeLayout(list, { scrollHeight: 1000, clientHeight: 400 });
    scroller.scrollTop = 100;
    scroller.dispatchEvent(new Event('scroll'));
    expect(list.isPinned).toBe(false);
    list.messages = [first, message('two')];
    await settle(list);
    expect(scroller.scrollTop).toBe(100);
    const jump = list.shadowRoot!.querySelector<HTMLButtonElement>('[part="new-messages"]')!;
    expect(textOf(jump)).toBe('New messages');
    jump.click();
    await settle(list);
    expect(scroller.scrollTop).toBe(1000);
    expect(list.shadowRoot!.querySelector('[part="new-messages"]')).toBeNull();
  });

  it('scrolls to the shopper’s own new message even when scrolled up', async () => {
    const first = message('one');
    const { list } = await mountList([first]);
    const scroller = fakeLayout(list, { scrollHeight: 1000, clientHeight: 400 });
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    list.messages = [first, message('mine', { author: { role: 'visitor' }, isOwn: true, status: 'pending', seq: undefined })];
    await settle(list);
    expect(scroller.scrollTop).toBe(1000);
  });
});

describe('displayStatus', () => {
  it('shows read once agents have read up to the message, whatever the client reported', () => {
    const sent = message('x', { isOwn: true, status: 'sent', seq: 5 });
    expect(displayStatus(sent, 4)).toBe('sent');
    expect(displayStatus(sent, 5)).toBe('read');
    expect(displayStatus({ ...sent, status: 'pending', seq: undefined }, 9)).toBe('pending');
    expect(displayStatus({ ...sent, status: 'failed', seq: undefined }, 9)).toBe('failed');
  });
});
