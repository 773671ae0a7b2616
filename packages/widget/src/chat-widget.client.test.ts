import './test-support/dom.js';
import { createClient, memoryStorage } from '@confab/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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
