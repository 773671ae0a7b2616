import './test-support/dom.js';
import { createClient, memoryStorage } from '@confab/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatWidget } from './chat-widget.js';
import { defineElements } from './define.js';
import { deepQuery, settle, textOf } from './test-support/dom.js';
import { TinyRelay } from './test-support/tiny-relay.js';

beforeAll(() => defineElements());
afterEach(() => document.body.replaceChildren());

describe('<confab-chat> with the real @confab/client', () => {
  it('chats end to end: context in hello, send, ack, agent reply, read receipt', async () => {
    document.body.innerHTML = '<main data-product-sku="AST-090-BLK" data-product-price="89.00"></main>';
    const relay = new TinyRelay();
    const client = createClient({
      url: 'wss://relay.test',
      WebSocket: relay.WebSocket,
      storage: memoryStorage(),
      autoConnect: false,
    });
    const widget = document.createElement('confab-chat');
    widget.client = client;
    document.body.append(widget);
    await settle(widget);

    widget.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!.click();
    await vi.waitFor(() => expect(client.state).toBe('open'));
    expect(relay.contexts.at(-1)?.product).toEqual({ sku: 'AST-090-BLK', price: '89.00' });

    const input = deepQuery<HTMLTextAreaElement>(widget, 'textarea')!;
    input.value = '这个水壶有白色的吗？';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await vi.waitFor(() => expect(relay.log.map((message) => message.text)).toEqual(['这个水壶有白色的吗？']));
    await settle(widget);
    const log = deepQuery(widget, '[role="log"]')!;
    await vi.waitFor(() => expect(textOf(log)).toContain('· Sent'));

    relay.agentSays('<b>Yes</b>, in white too.');
    await settle(widget);
    expect(textOf(log)).toContain('Anna <b>Yes</b>, in white too.');
    expect(log.querySelector('b')).toBeNull();
    await vi.waitFor(() => expect(relay.reads.at(-1)).toBe(2));

    client.close();
  });
});

describe('<confab-chat> in two tabs of one shopper, with the real @confab/client', () => {
  afterEach(() => {
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('shows each message once in each tab, and a read in one tab clears the badge in the other', async () => {
    const relay = new TinyRelay();
    vi.stubGlobal('WebSocket', relay.WebSocket);
    // Two widgets on localStorage: two tabs of one shopper, joined by their BroadcastChannel.
    const [a, b] = [0, 1].map(() => {
      const widget = document.createElement('confab-chat');
      widget.relay = 'wss://relay.test';
      document.body.append(widget);
      return widget;
    }) as [ChatWidget, ChatWidget];
    const launcher = (widget: ChatWidget) => widget.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!;
    const log = (widget: ChatWidget) => textOf(deepQuery(widget, '[role="log"]'));
    await Promise.all([settle(a), settle(b)]);
    launcher(a).click();
    await vi.waitFor(() => expect(relay.contexts).toHaveLength(1));
    // Tab B joins the conversation, then its panel is closed again.
    launcher(b).click();
    await vi.waitFor(() => expect(relay.contexts).toHaveLength(2));
    launcher(b).click();
    await settle(b);

    const input = deepQuery<HTMLTextAreaElement>(a, 'textarea')!;
    input.value = 'Is the kettle in stock?';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await vi.waitFor(() => expect(log(b)).toContain('Is the kettle in stock?'));
    relay.agentSays('Yes, in black and white.');
    for (const widget of [a, b]) {
      await vi.waitFor(() => expect(log(widget)).toContain('Yes, in black and white.'));
      expect(log(widget).split('Is the kettle in stock?')).toHaveLength(2);
      expect(log(widget).split('Yes, in black and white.')).toHaveLength(2);
    }
    // Tab A shows the panel, so it reads the reply, for tab B too.
    await vi.waitFor(() => expect(relay.reads.at(-1)).toBe(2));
    await vi.waitFor(() => expect(b.unreadCount).toBe(0));
    await settle(b);
    expect(b.shadowRoot!.querySelector('[part="badge"]')).toBeNull();
    a.remove();
    b.remove();
  });
});
