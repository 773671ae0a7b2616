import '../test-support/dom.js';
import type { TranscriptMessage } from '@confab/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineElements } from '../define.js';
import { loadMarkdown } from '../markdown/load-markdown.js';
import { loadStrings } from '../strings.js';
import { settle, textOf } from '../test-support/dom.js';
import { displayStatus, type ConfabMessageList } from './message-list.js';

// Counts the loads of the Markdown renderer's chunk; can fail the next one as offline, or hold it.
const renderer = vi.hoisted(() => ({ loads: 0, failNext: false, arrived: Promise.resolve() }));
vi.mock('../markdown/render-markdown.js', async (importOriginal) => {
  renderer.loads++;
  const fails = renderer.failNext;
  renderer.failNext = false;
  await renderer.arrived;
  if (fails) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

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

/** Settles `list` once the Markdown renderer it asked for has loaded (or failed to). */
async function settleFormatted(list: ConfabMessageList) {
  await settle(list);
  await loadMarkdown();
  await settle(list);
}

/** Every text that joins the log from now on, as a screen reader would hear it announced. */
function watchAdditions(log: Element): string[] {
  const added: string[] = [];
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (textOf(node)) added.push(textOf(node));
  }).observe(log, { childList: true, subtree: true });
  return added;
}

/** Makes the scroller report a layout, which happy-dom does not compute. */
function fakeLayout(list: ConfabMessageList, sizes: { scrollHeight: number; clientHeight: number }) {
  const scroller = list.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => sizes.scrollHeight });
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => sizes.clientHeight });
  return scroller;
}

// These two run first: every later test loads the renderer, and a loaded module stays loaded.
describe('<confab-message-list> loading the Markdown renderer', () => {
  it('does not load it for plain text, in messages or drafts', async () => {
    const { list, log } = await mountList([message('Hello, how can I help?'), message('Order 42 ships today.\nThanks!')]);
    list.drafts = [{ id: 'draft-1-abcdef', author: { role: 'bot' }, text: 'Let me check' }];
    await settle(list);
    expect(renderer.loads).toBe(0);
    expect([...log.querySelectorAll('.text')].map((node) => node.textContent)).toEqual([
      'Hello, how can I help?',
      'Order 42 ships today.\nThanks!',
    ]);
    expect(log.querySelector('.text p')).toBeNull();
  });

  it('shows a marked-up message as plain text when the renderer takes too long, and keeps it plain', async () => {
    const { ConfabMessageList } = await import('./message-list.js');
    const wait = ConfabMessageList.rendererWaitMs;
    ConfabMessageList.rendererWaitMs = 50;
    let arrive!: () => void;
    renderer.arrived = new Promise((resolve) => (arrive = resolve));
    // This slow load fails in the end, so the next test starts without the renderer.
    renderer.failNext = true;
    try {
      const { list, log } = await mountList([message('Hello')]);
      list.messages = [...list.messages, message('Is **this** in stock?')];
      await settle(list);
      expect(log.querySelectorAll('[part~="message"]')).toHaveLength(1);
      await vi.waitFor(() => expect(log.querySelectorAll('[part~="message"]')).toHaveLength(2));
      expect(textOf(log.querySelectorAll('.text')[1]!)).toBe('Is **this** in stock?');
      arrive();
      await loadMarkdown();
      await settle(list);
      expect(log.querySelectorAll('[part~="message"]')).toHaveLength(2);
      expect(log.querySelector('strong')).toBeNull();
    } finally {
      ConfabMessageList.rendererWaitMs = wait;
      renderer.arrived = Promise.resolve();
    }
  });

  it('adds marked-up messages once the renderer is in, formatted and in order, or as plain text if it fails to load', async () => {
    const loadsBefore = renderer.loads;
    const first = message('Hello');
    const { list, log } = await mountList([first]);
    const added = watchAdditions(log);
    renderer.failNext = true;
    const offline = message('See **this**');
    list.messages = [first, offline];
    await settleFormatted(list);
    expect(renderer.loads).toBe(loadsBefore + 1);
    expect(textOf(log.querySelectorAll('.text')[1]!)).toBe('See **this**');

    // The next marked-up message loads the renderer again; it and the plain one after it wait for it.
    let arrive!: () => void;
    renderer.arrived = new Promise((resolve) => (arrive = resolve));
    list.messages = [first, offline, message('And *that*'), message('Bye')];
    await vi.waitFor(() => expect(renderer.loads).toBe(loadsBefore + 2));
    await settle(list);
    expect(log.querySelectorAll('[part~="message"]')).toHaveLength(2);
    arrive();
    await settleFormatted(list);
    const texts = log.querySelectorAll('.text');
    expect([...texts].map((text) => textOf(text))).toEqual(['Hello', 'See **this**', 'And that', 'Bye']);
    expect(textOf(texts[2]!.querySelector('em'))).toBe('that');
    // The message already read out as plain text keeps it, so that it is not announced again.
    expect(texts[1]!.querySelector('strong')).toBeNull();
    expect(added).toEqual([/^Anna See \*\*this\*\* \d/, /^Anna And that \d/, /^Anna Bye \d/].map((text) => expect.stringMatching(text)));
  });
});

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

  it('keeps each message’s node when older ones are inserted above it, and adds only those', async () => {
    const [oldest, older, gap, recent, newest] = ['one', 'two', 'three', 'four', 'five'].map((text) => message(text));
    const { list, log } = await mountList([recent!, newest!]);
    const nodes = () => [...log.querySelectorAll('[part~="message"]')];
    const [recentNode, newestNode] = nodes();
    const added = watchAdditions(log);
    list.messages = [oldest!, older!, recent!, newest!];
    await settle(list);
    list.messages = [oldest!, older!, gap!, recent!, newest!];
    await settle(list);
    expect(nodes().map((node) => textOf(node.querySelector('.text')))).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(nodes().slice(3)).toEqual([recentNode, newestNode]);
    expect(added.map((text) => text.split(' ')[1])).toEqual(['one', 'two', 'three']);
  });

  it('does not offer to jump to new messages when older ones are inserted above', async () => {
    const [older, first] = [message('older'), message('first')];
    const { list } = await mountList([first]);
    const scroller = fakeLayout(list, { scrollHeight: 1000, clientHeight: 400 });
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    list.messages = [older, first];
    await settle(list);
    expect(list.shadowRoot!.querySelector('[part="new-messages"]')).toBeNull();
  });

  it('updates the status of the shopper’s message in place, without adding it to the log again', async () => {
    const pending = message('mine', { author: { role: 'visitor' }, isOwn: true, status: 'pending', seq: undefined });
    const { list, log } = await mountList([pending]);
    const node = log.querySelector('[part~="message"]');
    const added = watchAdditions(log);
    list.messages = [{ ...pending, status: 'sent', seq: 7 }];
    await settle(list);
    list.agentReadSeq = 7;
    await settle(list);
    expect(log.querySelector('[part~="message"]')).toBe(node);
    expect(textOf(log.querySelector('.status'))).toBe('· Read');
    expect(added).toEqual([]);
  });

  it('replaces a finished draft with its message, added to the log once and whole', async () => {
    const question = message('Do you ship to Oslo?', { author: { role: 'visitor' }, isOwn: true });
    const { list, log } = await mountList([question]);
    const added = watchAdditions(log);
    for (const text of ['Yes,', 'Yes, we ship', 'Yes, we ship **tomorrow**']) {
      list.drafts = [{ id: 'reply-1-abcdef', author: { role: 'bot' }, text }];
      await settleFormatted(list);
    }
    list.drafts = [];
    list.messages = [question, message('Yes, we ship **tomorrow**.', { id: 'reply-1-abcdef', author: { role: 'bot' } })];
    await settleFormatted(list);
    expect(list.shadowRoot!.querySelector('[part="draft"]')).toBeNull();
    expect(added).toEqual([expect.stringMatching(/^Assistant Yes, we ship tomorrow\. \d/)]);
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
    const { list, log } = await mountList(hostile.map((text) => message(text)));
    await settleFormatted(list);
    const texts = [...log.querySelectorAll('.text')].map((node) => node.textContent);
    expect(texts).toEqual(hostile);
    expect(log.querySelector('img, script, a, iframe')).toBeNull();
  });

  it('formats Markdown in messages and opens links in a new tab', async () => {
    const { list, log } = await mountList([message('**Order 42** ships *today*:\n- track at https://shop.example/t/42\n- or [mail us](mailto:help@shop.example)')]);
    await settleFormatted(list);
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
    await settleFormatted(list);
    expect(textOf(log.querySelector('.own strong'))).toBe('this');
    list.drafts = [{ id: 'draft-1-abcdef', author: { role: 'bot' }, text: 'Checking `A-1`' }];
    await settleFormatted(list);
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

/** The CSS that reaches `root`: its adopted stylesheets, or the `<style>` elements where there are none. */
function cssOf(root: ShadowRoot): string {
  const adopted = root.adoptedStyleSheets.flatMap((sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText));
  return [...adopted, ...Array.from(root.querySelectorAll('style'), (style) => style.textContent)].join('\n');
}

describe('<confab-message-list> styles of the parts only some chats show', () => {
  it('adds the styles of formatted text, which come with the renderer', async () => {
    const { list } = await mountList([message('Use `code` here')]);
    await settleFormatted(list);
    expect(list.shadowRoot!.querySelector('.text code')).not.toBeNull();
    expect(cssOf(list.shadowRoot!)).toContain('.text code');
  });

  it('adds the styles of drafts, quick replies and the jump button when it first shows one of them', async () => {
    const { list } = await mountList([message('Plain words')]);
    expect(cssOf(list.shadowRoot!)).not.toContain('.quick-replies');
    list.messages = [...list.messages, message('Pick one', { author: { role: 'bot' }, quickReplies: ['A', 'B'] })];
    await settle(list);
    expect(list.shadowRoot!.querySelectorAll('[part="quick-reply"]')).toHaveLength(2);
    expect(cssOf(list.shadowRoot!)).toContain('.quick-replies');
    expect(cssOf(list.shadowRoot!)).toContain('.jump');
  });
});

describe('<confab-message-list> quick replies', () => {
  it('offers the newest team message’s replies until one is tapped, which fires confab-quick-reply', async () => {
    const offer = message('Pick one', { author: { role: 'bot' }, quickReplies: ['A', 'B'] });
    const { list } = await mountList([offer]);
    await settle(list);
    const picked: Array<{ text: string; messageId: string }> = [];
    list.addEventListener('confab-quick-reply', (event) => picked.push(event.detail));
    const buttons = list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="quick-reply"]');
    expect(Array.from(buttons, (button) => button.textContent)).toEqual(['A', 'B']);
    expect(list.shadowRoot!.querySelector('[part="quick-replies"]')!.getAttribute('aria-label')).toBe('Suggested replies');
    buttons[1]!.click();
    expect(picked).toEqual([{ text: 'B', messageId: offer.id }]);
    await settle(list);
    expect(list.shadowRoot!.querySelector('[part="quick-replies"]')).toBeNull();
  });

  it('offers none under a newest message of the shopper or a notice, or under an older one', async () => {
    const offer = message('Pick one', { author: { role: 'agent' }, quickReplies: ['A'] });
    const { list } = await mountList([offer]);
    await settle(list);
    expect(list.shadowRoot!.querySelector('[part="quick-replies"]')).not.toBeNull();
    for (const newest of [
      message('Own', { author: { role: 'visitor' }, isOwn: true, quickReplies: ['A'] }),
      message('Notice', { author: { role: 'system' }, quickReplies: ['A'] }),
      message('Later, without any'),
    ]) {
      list.messages = [offer, newest];
      await settle(list);
      expect(list.shadowRoot!.querySelector('[part="quick-replies"]')).toBeNull();
    }
  });
});
