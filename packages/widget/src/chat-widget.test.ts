import './test-support/dom.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatWidget } from './chat-widget.js';
import { defineElements } from './define.js';
import { deepActiveElement, deepQuery, deepQueryAll, settle, textOf } from './test-support/dom.js';
import { FakeAudioContext } from './test-support/fake-audio.js';
import { FakeChatClient } from './test-support/fake-client.js';

beforeAll(() => defineElements());
afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  localStorage.clear();
  vi.restoreAllMocks();
});

async function mountWidget(setup: (widget: ChatWidget) => void = () => {}) {
  const client = new FakeChatClient();
  const widget = document.createElement('confab-chat');
  widget.client = client;
  setup(widget);
  document.body.append(widget);
  await settle(widget);
  const root = widget.shadowRoot!;
  const launcher = () => root.querySelector<HTMLButtonElement>('[part="launcher"]')!;
  const panel = () => root.querySelector<HTMLElement>('[part="panel"]')!;
  const input = () => deepQuery<HTMLTextAreaElement>(widget, 'textarea')!;
  const log = () => deepQuery(widget, '[role="log"]')!;
  const typeAndSend = async (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await settle(widget);
  };
  return { widget, client, root, launcher, panel, input, log, typeAndSend };
}

describe('<confab-chat>', () => {
  it('has a launcher button named "Chat with us" that controls the panel', async () => {
    const { launcher, panel } = await mountWidget();
    expect(launcher().tagName).toBe('BUTTON');
    expect(launcher().getAttribute('aria-label')).toBe('Chat with us');
    expect(launcher().getAttribute('aria-expanded')).toBe('false');
    expect(launcher().getAttribute('aria-controls')).toBe(panel().id);
    expect(panel().hidden).toBe(true);
  });

  it('opens a dialog named after the title when the shopper clicks the launcher', async () => {
    const { widget, launcher, panel } = await mountWidget((el) => (el.heading = 'Lumen & Oak support'));
    const events: string[] = [];
    widget.addEventListener('confab-request-open', (event) => events.push(`${event.type}:${event.detail.source}`));
    document.addEventListener('confab-open', (event) => events.push(event.type), { once: true });
    launcher().click();
    await settle(widget);
    expect(panel().getAttribute('role')).toBe('dialog');
    expect(panel().getAttribute('aria-label')).toBe('Lumen & Oak support');
    expect(panel().hidden).toBe(false);
    expect(launcher().getAttribute('aria-expanded')).toBe('true');
    expect(widget.isOpen).toBe(true);
    expect(widget.hasAttribute('open')).toBe(true);
    expect(events).toEqual(['confab-request-open:launcher', 'confab-open']);
    expect(textOf(deepQuery(widget, 'h2'))).toBe('Lumen & Oak support');
  });

  it('moves focus into the text box when the shopper opens the chat', async () => {
    const { widget, launcher, input } = await mountWidget();
    launcher().focus();
    launcher().click();
    await settle(widget);
    expect(deepActiveElement()).toBe(input());
  });

  it('lets the page cancel opening through confab-request-open', async () => {
    const { widget, launcher, panel } = await mountWidget();
    widget.addEventListener('confab-request-open', (event) => event.preventDefault());
    launcher().click();
    await settle(widget);
    expect(panel().hidden).toBe(true);
    expect(widget.isOpen).toBe(false);
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { widget, launcher, panel, input } = await mountWidget();
    const closed: string[] = [];
    widget.addEventListener('confab-close', (event) => closed.push(event.detail.source));
    launcher().click();
    await settle(widget);
    expect(deepActiveElement()).toBe(input());
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
    await settle(widget);
    expect(panel().hidden).toBe(true);
    expect(deepActiveElement()).toBe(launcher());
    expect(closed).toEqual(['escape']);
  });

  it('does not close on the Escape that cancels an input method composition', async () => {
    const { widget, launcher, panel, input } = await mountWidget();
    launcher().click();
    await settle(widget);
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', isComposing: true, bubbles: true, composed: true }));
    await settle(widget);
    expect(panel().hidden).toBe(false);
  });

  it('closes with the header button and returns focus to the launcher', async () => {
    const { widget, root, launcher, panel } = await mountWidget();
    launcher().click();
    await settle(widget);
    const close = root.querySelector<HTMLButtonElement>('[part="close"]')!;
    expect(close.getAttribute('aria-label')).toBe('Close chat');
    close.focus();
    close.click();
    await settle(widget);
    expect(panel().hidden).toBe(true);
    expect(deepActiveElement()).toBe(launcher());
  });

  it('lets the page keep the panel open through confab-request-close', async () => {
    const { widget, launcher, panel } = await mountWidget();
    launcher().click();
    await settle(widget);
    widget.addEventListener('confab-request-close', (event) => event.preventDefault());
    launcher().click();
    await settle(widget);
    expect(panel().hidden).toBe(false);
  });

  it('opens, closes and toggles from code without firing events', async () => {
    const { widget, panel } = await mountWidget();
    const events: string[] = [];
    for (const type of ['confab-request-open', 'confab-open', 'confab-request-close', 'confab-close'] as const) {
      widget.addEventListener(type, () => events.push(type));
    }
    widget.open();
    await settle(widget);
    expect(panel().hidden).toBe(false);
    widget.toggle();
    await settle(widget);
    expect(panel().hidden).toBe(true);
    widget.setAttribute('open', '');
    await settle(widget);
    expect(widget.isOpen).toBe(true);
    widget.close();
    await settle(widget);
    expect(widget.hasAttribute('open')).toBe(false);
    expect(events).toEqual([]);
  });

  it('sends on Enter through the client and tells the page', async () => {
    const { widget, client, launcher, log, typeAndSend } = await mountWidget();
    const sent: string[] = [];
    widget.addEventListener('confab-message-sent', (event) => sent.push(event.detail.text));
    launcher().click();
    await settle(widget);
    await typeAndSend('  Does the kettle come in white?  ');
    expect(client.sent).toEqual(['Does the kettle come in white?']);
    expect(sent).toEqual(['Does the kettle come in white?']);
    expect(textOf(log())).toContain('You: Does the kettle come in white?');
    expect(textOf(log())).toContain('Sending…');
  });

  it('shows delivery status as the message is stored, read or refused', async () => {
    const { widget, client, launcher, log, typeAndSend } = await mountWidget();
    launcher().click();
    await settle(widget);
    await typeAndSend('first');
    const status = () => [...log().querySelectorAll('.status')].map((node) => textOf(node));
    expect(status()).toEqual(['· Sending…']);
    const stored = client.ack();
    await settle(widget);
    expect(status()).toEqual(['· Sent']);
    client.agentRead(stored.seq!);
    await settle(widget);
    expect(status()).toEqual(['· Read']);
    await typeAndSend('second');
    client.fail();
    await settle(widget);
    expect(status()).toEqual(['· Read', '· Not sent']);
  });

  it('refuses a text longer than the relay allows and says why, keeping the text', async () => {
    const { widget, client, launcher, input, typeAndSend } = await mountWidget();
    client.limits = { maxTextLength: 10, maxFrameBytes: 65536 };
    launcher().click();
    await settle(widget);
    await typeAndSend('this is far too long');
    expect(client.sent).toEqual([]);
    expect(input().value).toBe('this is far too long');
    expect(textOf(deepQuery(widget, '[role="alert"]'))).toBe('This message is too long. The limit is 10 characters.');
  });

  it('passes the shopper’s typing on to the client while connected', async () => {
    const { widget, client, launcher, input } = await mountWidget();
    launcher().click();
    await settle(widget);
    input().value = 'H';
    input().dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect(client.typingSent).toEqual([true]);
  });

  it('announces agent messages in the live log and counts them on the badge while closed', async () => {
    const { widget, client, root, launcher, log } = await mountWidget();
    client.connect();
    client.receive('Hello! Need help with sizes?');
    client.receive('We are here until 18:00.', { role: 'bot' });
    await settle(widget);
    expect(textOf(log())).toContain('Anna Hello! Need help with sizes?');
    expect(textOf(log())).toContain('Assistant We are here until 18:00.');
    const badge = root.querySelector('[part="badge"]')!;
    expect(textOf(badge)).toBe('2');
    expect(badge.getAttribute('aria-hidden')).toBe('true');
    expect(launcher().getAttribute('aria-label')).toBe('Chat with us, 2 unread messages');
    expect(widget.unreadCount).toBe(2);
  });

  it('marks messages read when the panel is open and the page visible, not while hidden', async () => {
    const { widget, client, root, launcher } = await mountWidget();
    client.connect();
    client.receive('one');
    await settle(widget);
    launcher().click();
    await settle(widget);
    expect(client.reads).toEqual([1]);
    expect(root.querySelector('[part="badge"]')).toBeNull();

    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    client.receive('two');
    await settle(widget);
    expect(client.reads).toEqual([1]);
    expect(textOf(root.querySelector('[part="badge"]'))).toBe('1');

    vi.restoreAllMocks();
    document.dispatchEvent(new Event('visibilitychange'));
    await settle(widget);
    expect(client.reads).toEqual([1, 2]);
    expect(root.querySelector('[part="badge"]')).toBeNull();
  });

  it('clears the badge at once when the shopper reads in another tab', async () => {
    const { widget, client, root, launcher } = await mountWidget();
    client.connect();
    client.receive('one');
    client.receive('two');
    await settle(widget);
    expect(textOf(root.querySelector('[part="badge"]'))).toBe('2');
    client.seen(2);
    await settle(widget);
    expect(root.querySelector('[part="badge"]')).toBeNull();
    expect(launcher().getAttribute('aria-label')).toBe('Chat with us');
  });

  describe('notification chime', () => {
    beforeEach(() => {
      vi.stubGlobal('AudioContext', FakeAudioContext);
    });
    afterEach(() => {
      FakeAudioContext.made = [];
      vi.unstubAllGlobals();
    });

    /** Lets the chime's resume() promise settle. */
    const audioSettled = () => new Promise((resolve) => setTimeout(resolve, 0));
    const chimes = () => FakeAudioContext.made.reduce((sum, context) => sum + context.chimes, 0);
    /** The chime is synthesized by a chunk loaded with the first one, so it sounds a little later. */
    const expectChimes = (count: number) => vi.waitFor(() => expect(chimes()).toBe(count));

    it('plays once for a reply while the panel is closed, after the shopper interacted with the page', async () => {
      const { widget, client } = await mountWidget();
      client.connect();
      document.body.click();
      expect(FakeAudioContext.made).toHaveLength(1);
      client.notify(client.receive('Your parcel is on its way'));
      await settle(widget);
      await expectChimes(1);
    });

    it('makes no AudioContext on import, nor for gestures before the shopper chats', async () => {
      const { client } = await mountWidget();
      expect(FakeAudioContext.made).toEqual([]);
      document.body.click();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
      expect(FakeAudioContext.made).toEqual([]);
      client.connect();
      document.body.dispatchEvent(new Event('touchend', { bubbles: true }));
      expect(FakeAudioContext.made).toHaveLength(1);
      document.body.click();
      expect(FakeAudioContext.made).toHaveLength(1);
    });

    it('stays quiet while the shopper can see the reply, and plays while the page is hidden', async () => {
      const { widget, client, launcher } = await mountWidget();
      client.connect();
      launcher().click();
      await settle(widget);
      client.notify(client.receive('Seen in the open panel'));
      await audioSettled();
      expect(chimes()).toBe(0);
      vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
      client.notify(client.receive('Heard from the background tab'));
      await expectChimes(1);
    });

    it('never plays with no-sound, and makes no AudioContext', async () => {
      const { widget, client } = await mountWidget((el) => el.setAttribute('no-sound', ''));
      expect(widget.noSound).toBe(true);
      client.connect();
      document.body.click();
      client.notify(client.receive('Hello'));
      await audioSettled();
      expect(FakeAudioContext.made).toEqual([]);
    });

    it('releases the AudioContext when it leaves the page', async () => {
      const { widget, client } = await mountWidget();
      client.connect();
      document.body.click();
      widget.remove();
      expect(FakeAudioContext.made[0]!.state).toBe('closed');
    });
  });

  it('shows "Agent is typing…" while an agent types', async () => {
    const { widget, client } = await mountWidget();
    client.connect();
    client.typing(true, { role: 'agent' });
    await settle(widget);
    expect(textOf(deepQuery(widget, '.typing'))).toBe('Agent is typing…');
    client.typing(false, { role: 'agent' });
    await settle(widget);
    expect(textOf(deepQuery(widget, '.typing'))).toBe('');
  });

  it('tells the shopper when the connection is lost, offline or unavailable', async () => {
    const { widget, client, launcher } = await mountWidget();
    launcher().click();
    await settle(widget);
    const notices = () => deepQueryAll(widget, '[part="notice"]').map((node) => textOf(node)).filter(Boolean);
    expect(notices()).toEqual([]);
    client.setState('reconnecting');
    await settle(widget);
    expect(notices()).toEqual(['Connection lost. Reconnecting…']);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    window.dispatchEvent(new Event('offline'));
    await settle(widget);
    expect(notices()).toEqual(['You are offline. Your messages will be sent when you are back online.']);
    vi.restoreAllMocks();
    window.dispatchEvent(new Event('online'));
    client.setState('closed');
    await settle(widget);
    expect(notices()).toEqual(['The chat is unavailable right now. Please try again later.']);
    expect(deepQuery<HTMLTextAreaElement>(widget, 'textarea')!.disabled).toBe(true);
  });

  it('says when an agent closed the conversation', async () => {
    const { widget, client, launcher } = await mountWidget();
    launcher().click();
    client.setConversationStatus('closed');
    await settle(widget);
    const notices = deepQueryAll(widget, '[part="notice"]').map((node) => textOf(node));
    expect(notices).toContain('This conversation has ended. Write a message to start a new one.');
  });

  it('speaks Simplified Chinese on a zh-CN page', async () => {
    document.documentElement.lang = 'zh-CN';
    const { widget, launcher, panel } = await mountWidget();
    await vi.waitFor(() => expect(launcher().getAttribute('aria-label')).toBe('在线客服'));
    await settle(widget);
    expect(panel().getAttribute('aria-label')).toBe('在线客服');
    expect(panel().getAttribute('lang')).toBe('zh-CN');
    expect(deepQuery(widget, 'textarea')!.getAttribute('placeholder')).toBe('输入消息…');
    expect(deepQuery(widget, '[part="send"]')!.getAttribute('aria-label')).toBe('发送');
  });

  it('prefers its locale attribute over the page language', async () => {
    document.documentElement.lang = 'zh-CN';
    const { widget, launcher } = await mountWidget((el) => el.setAttribute('locale', 'en-GB'));
    await settle(widget);
    expect(launcher().getAttribute('aria-label')).toBe('Chat with us');
  });

  it('hides the launcher with no-launcher and returns focus to the shop’s own button', async () => {
    const shopButton = document.createElement('button');
    document.body.append(shopButton);
    const { widget, root, panel, input } = await mountWidget((el) => el.setAttribute('no-launcher', ''));
    expect(root.querySelector('[part="launcher"]')).toBeNull();
    shopButton.focus();
    widget.open();
    await settle(widget);
    expect(deepActiveElement()).toBe(input());
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await settle(widget);
    expect(panel().hidden).toBe(true);
    expect(document.activeElement).toBe(shopButton);
  });

  it('reflects position so the shop can place it on the left', async () => {
    const { widget } = await mountWidget((el) => el.setAttribute('position', 'left'));
    expect(widget.position).toBe('left');
    widget.position = 'right';
    await settle(widget);
    expect(widget.getAttribute('position')).toBe('right');
  });

  it('exposes launcher, badge, panel, header, messages, message, composer, input and send as parts', async () => {
    const { widget, client, root } = await mountWidget();
    client.connect();
    client.receive('hi');
    await settle(widget);
    for (const part of ['launcher', 'badge', 'panel', 'header', 'messages', 'composer']) {
      expect(root.querySelector(`[part~="${part}"]`), part).not.toBeNull();
    }
    const list = root.querySelector('[part="messages"]')!;
    expect(list.getAttribute('exportparts')).toContain('message');
    // exportparts is a comma-separated list; whitespace around the names does not matter.
    const composerParts = root.querySelector('[part="composer"]')!.getAttribute('exportparts')!.split(',').map((name) => name.trim());
    expect(composerParts).toEqual(['input', 'send', 'attach', 'attachments', 'attachment']);
    expect(deepQuery(widget, '[part~="message"]')).not.toBeNull();
  });

  it('writes nothing into the page but itself: no style elements, no globals', async () => {
    const before = new Set(Object.keys(window));
    const headBefore = document.head.innerHTML;
    const { widget } = await mountWidget();
    widget.open();
    await settle(widget);
    expect(document.head.innerHTML).toBe(headBefore);
    expect([...document.body.children]).toEqual([widget]);
    expect(Object.keys(window).filter((key) => !before.has(key))).toEqual([]);
  });

  it('keeps the client and its listeners when moved, and unsubscribes from an injected client when removed', async () => {
    const { widget, client } = await mountWidget();
    const listeners = client.listenerCount;
    expect(listeners).toBeGreaterThan(0);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(widget);
    await Promise.resolve();
    expect(client.listenerCount).toBe(listeners);
    widget.remove();
    await Promise.resolve();
    expect(client.listenerCount).toBe(0);
    expect(client.isClosed).toBe(false);
  });
});
