import type { ClientOptions } from '@confab/client';
import type { VisitorContext } from '@confab/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeChatClient } from '../test-support/fake-client.js';
import { ConnectionController, type SessionStorageLike } from './connection-controller.js';

class TestHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
}

function memory(entries: Record<string, string> = {}): SessionStorageLike {
  const items = new Map(Object.entries(entries));
  return { getItem: (key) => items.get(key) ?? null };
}

function setup(options: { storage?: SessionStorageLike; page?: () => VisitorContext } = {}) {
  const host = new TestHost();
  const made: Array<{ options: ClientOptions; client: FakeChatClient }> = [];
  let onLocationChange: () => void = () => {};
  const controller = new ConnectionController(host, {
    createClient: (clientOptions) => {
      const client = new FakeChatClient({ conversationId: 'conversation-1' });
      made.push({ options: clientOptions, client });
      return client;
    },
    storage: options.storage ?? memory(),
    context: {
      read: options.page ?? (() => ({ url: 'https://shop.example/p/1', title: 'Kettle' })),
      watch: (onChange) => {
        onLocationChange = onChange;
        return () => {};
      },
      settleMs: [0],
    },
    typingTimeoutMs: 1000,
  });
  return { host, controller, made, navigate: () => onLocationChange() };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ConnectionController', () => {
  it('registers with its host and creates no client without a relay', () => {
    const { host, controller, made } = setup();
    expect(host.controllers).toEqual([controller]);
    controller.hostConnected();
    expect(made).toEqual([]);
    expect(controller.client).toBeUndefined();
    expect(controller.state).toBe('closed');
  });

  it('warns once and stays without a client when the relay URL is unusable, never throwing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const host = new TestHost();
    const controller = new ConnectionController(host, { storage: memory(), context: { watch: () => () => {} } });
    controller.configure('ftp://relay.example', undefined);
    expect(() => controller.hostConnected()).not.toThrow();
    expect(controller.client).toBeUndefined();
    expect(controller.state).toBe('closed');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/cannot use relay "ftp:\/\/relay\.example": .+docs\/errors\.md#confab_config_invalid/);
  });

  it('creates the client from the relay with the page context, without connecting yet', () => {
    const { controller, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toEqual({
      url: 'https://chat.example',
      context: { url: 'https://shop.example/p/1', title: 'Kettle' },
      autoConnect: false,
    });
    expect(made[0]!.client.connectCalls).toBe(0);
    controller.connect();
    expect(made[0]!.client.state).toBe('open');
  });

  it.each(['confab:token', 'confab:outbox'])('connects at once when %s is stored from an earlier visit', (key) => {
    const { controller, made } = setup({ storage: memory({ [key]: 'x' }) });
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    expect(made[0]!.client.connectCalls).toBe(1);
  });

  it('sends the context again when the URL changes', async () => {
    vi.useFakeTimers();
    let page: VisitorContext = { url: 'https://shop.example/p/1' };
    const { controller, made, navigate } = setup({ page: () => page });
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    page = { url: 'https://shop.example/p/2', product: { sku: 'P2' } };
    navigate();
    await vi.advanceTimersByTimeAsync(0);
    expect(made[0]!.client.contexts).toEqual([{ url: 'https://shop.example/p/2', product: { sku: 'P2' } }]);
  });

  it('turns client events into host updates and stops listening when the host leaves', async () => {
    const { host, controller, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!.client;
    const before = host.updates;
    client.connect();
    client.receive('Hello');
    expect(host.updates).toBeGreaterThan(before);
    expect(controller.messages.map((message) => message.text)).toEqual(['Hello']);
    controller.hostDisconnected();
    await Promise.resolve();
    expect(client.isClosed).toBe(true);
    expect(client.listenerCount).toBe(0);
    expect(controller.client).toBeUndefined();
  });

  it('keeps the client when the host is moved within one task', async () => {
    const { controller, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    controller.hostDisconnected();
    controller.hostConnected();
    await Promise.resolve();
    expect(made).toHaveLength(1);
    expect(made[0]!.client.isClosed).toBe(false);
    expect(controller.client).toBe(made[0]!.client);
  });

  it('replaces the client when the relay changes', () => {
    const { controller, made } = setup();
    controller.configure('https://a.example', undefined);
    controller.hostConnected();
    controller.configure('https://b.example', undefined);
    expect(made.map((entry) => entry.options.url)).toEqual(['https://a.example', 'https://b.example']);
    expect(made[0]!.client.isClosed).toBe(true);
    expect(controller.client).toBe(made[1]!.client);
  });

  it('uses an injected client as is: sends it the context, never closes it', async () => {
    const { controller, made } = setup();
    const injected = new FakeChatClient();
    controller.configure('https://ignored.example', injected);
    controller.hostConnected();
    expect(made).toEqual([]);
    expect(controller.client).toBe(injected);
    expect(injected.contexts).toEqual([{ url: 'https://shop.example/p/1', title: 'Kettle' }]);
    controller.hostDisconnected();
    await Promise.resolve();
    expect(injected.isClosed).toBe(false);
    expect(injected.listenerCount).toBe(0);
  });

  it('counts unread team messages from the client\'s read position, shared by the shopper\'s tabs', () => {
    const { controller, host, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!.client;
    client.connect();
    client.receive('one');
    client.receive('a note', { role: 'system' });
    client.receive('two', { role: 'bot' });
    client.send('mine');
    expect(controller.unreadCount).toBe(2);
    controller.markRead();
    expect(client.reads).toEqual([3]);
    expect(controller.unreadCount).toBe(0);
    controller.markRead();
    expect(client.reads).toEqual([3]);

    // Another tab marks a later message read: this one learns it from its client.
    client.receive('three');
    client.receive('four');
    expect(controller.unreadCount).toBe(2);
    const updates = host.updates;
    client.seen(4);
    expect(controller.unreadCount).toBe(1);
    expect(host.updates).toBeGreaterThan(updates);
  });

  it('starts from the read position the relay reports, and ignores the old widget marker', () => {
    const storage = memory({ 'confab:token': 'x', 'confab:widget-read': JSON.stringify({ conversationId: 'conversation-1', seq: 99 }) });
    const { controller, made } = setup({ storage });
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!.client;
    client.receive('one');
    client.receive('two');
    client.receive('three');
    expect(controller.unreadCount).toBe(3);
    client.seen(2);
    expect(controller.unreadCount).toBe(1);
  });

  it('joins at once when another tab of the shopper starts chatting', () => {
    const { controller, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!.client;
    window.dispatchEvent(new StorageEvent('storage', { key: 'confab:widget-read', newValue: '{}' }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'confab:token', newValue: null }));
    expect(client.connectCalls).toBe(0);
    window.dispatchEvent(new StorageEvent('storage', { key: 'confab:token', newValue: 'tokentokentokentokentoken' }));
    expect(client.connectCalls).toBe(1);
    expect(client.state).toBe('open');
  });

  it('passes the client\'s notify events on, and stops when the host leaves', async () => {
    const notified: string[] = [];
    const host = new TestHost();
    const made: FakeChatClient[] = [];
    const controller = new ConnectionController(host, {
      createClient: () => {
        made.push(new FakeChatClient());
        return made.at(-1)!;
      },
      storage: memory(),
      context: { watch: () => () => {} },
      onNotify: (message) => notified.push(message.text),
    });
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!;
    client.connect();
    client.notify(client.receive('Your order shipped'));
    expect(notified).toEqual(['Your order shipped']);
    controller.hostDisconnected();
    await Promise.resolve();
    window.dispatchEvent(new StorageEvent('storage', { key: 'confab:token', newValue: 'tokentokentokentokentoken' }));
    expect(client.connectCalls).toBe(1);
  });

  it('shows the typing agent until they stop, send or go quiet', () => {
    vi.useFakeTimers();
    const { controller, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!.client;
    client.connect();
    client.typing(true);
    expect(controller.typing).toEqual({ role: 'agent', name: 'Anna' });
    client.receive('Here you go');
    expect(controller.typing).toBeUndefined();
    client.typing(true);
    vi.advanceTimersByTime(1000);
    expect(controller.typing).toBeUndefined();
    client.typing(true, { role: 'visitor' });
    expect(controller.typing).toBeUndefined();
  });

  it('sends through the client, connecting first, and never rejects', async () => {
    const { controller, made } = setup();
    controller.configure('https://chat.example', undefined);
    controller.hostConnected();
    const client = made[0]!.client;
    const sending = controller.send('Hi');
    expect(client.connectCalls).toBe(1);
    expect(client.sent).toEqual(['Hi']);
    client.fail();
    await expect(sending).resolves.toBeUndefined();
  });
});
