import './test-support/dom.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatWidget, WidgetEvents } from './chat-widget.js';
import { defineElements } from './define.js';
import { installGlobalApi } from './global-api.js';
import { storageFor } from '@confab/client';
import { toStorageMode } from './storage-mode.js';
import { FakeChatClient } from './test-support/fake-client.js';
import { deepQuery, settle } from './test-support/dom.js';
import { TinyRelay } from './test-support/tiny-relay.js';

beforeAll(() => defineElements());
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  localStorage.clear();
  sessionStorage.clear();
  delete window.Confab;
});

async function mountWidget(client = new FakeChatClient()): Promise<{ widget: ChatWidget; client: FakeChatClient }> {
  const widget = document.createElement('confab-chat');
  widget.client = client;
  document.body.append(widget);
  await settle(widget);
  return { widget, client };
}

function record<K extends keyof WidgetEvents>(widget: ChatWidget, type: K): WidgetEvents[K][] {
  const seen: WidgetEvents[K][] = [];
  widget.on(type, (payload) => seen.push(payload));
  return seen;
}

describe('the JavaScript API of <confab-chat>', () => {
  it('reports open and close from API calls and from the shopper, and on() returns a working unsubscribe', async () => {
    const { widget } = await mountWidget();
    const opens = record(widget, 'open');
    const closes: WidgetEvents['close'][] = [];
    const off = widget.on('close', (payload) => closes.push(payload));

    widget.open();
    await settle(widget);
    widget.close();
    await settle(widget);
    widget.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!.click();
    await settle(widget);
    off();
    widget.toggle();
    await settle(widget);

    expect(opens).toEqual([{ source: 'api' }, { source: 'launcher' }]);
    expect(closes).toEqual([{ source: 'api' }]);
    expect(widget.isOpen).toBe(false);
  });

  it('emits message for the shopper’s and the team’s messages, and unread-count as it changes', async () => {
    const { widget, client } = await mountWidget();
    const messages = record(widget, 'message');
    const counts = record(widget, 'unread-count');
    client.connect();
    await widget.send('  Is the kettle in stock?  ');
    client.receive('Yes, 12 left.');
    await settle(widget);
    client.receive('Anything else?');
    await settle(widget);
    widget.open();
    await settle(widget);

    expect(client.sent).toEqual(['Is the kettle in stock?']);
    expect(messages.map((message) => message.text)).toEqual(['Is the kettle in stock?', 'Yes, 12 left.', 'Anything else?']);
    expect(counts.map(({ count }) => count)).toEqual([1, 2, 0]);
  });

  it('refuses text the relay would refuse, with its stable code, and sends nothing', async () => {
    const { widget, client } = await mountWidget();
    await expect(widget.send('   ')).rejects.toMatchObject({ code: 'CONFAB_TEXT_INVALID' });
    await expect(widget.send('x'.repeat(client.limits.maxTextLength + 1))).rejects.toMatchObject({ code: 'CONFAB_TEXT_TOO_LONG' });
    expect(client.sent).toEqual([]);
  });

  it('rejects send() and identify() with CONFAB_NOT_CONNECTED when there is no relay', async () => {
    const widget = document.createElement('confab-chat');
    document.body.append(widget);
    await settle(widget);
    await expect(widget.send('hello')).rejects.toMatchObject({ code: 'CONFAB_NOT_CONNECTED' });
    await expect(widget.identify({ userId: 'u1' })).rejects.toMatchObject({ code: 'CONFAB_NOT_CONNECTED' });
  });

  it('hide() removes launcher and panel from view without ending the chat; show() brings them back', async () => {
    const { widget } = await mountWidget();
    widget.open();
    await settle(widget);
    widget.hide();
    await settle(widget);
    expect(widget.hidden).toBe(true);
    expect(widget.isOpen).toBe(false);
    expect(getComputedStyle(widget).display).toBe('none');
    widget.show();
    await settle(widget);
    expect(widget.hidden).toBe(false);
    expect(getComputedStyle(widget).display).not.toBe('none');
  });

  it('setContext() adds the shop’s pairs to the context the agent sees; setLocale() switches the language', async () => {
    const { widget, client } = await mountWidget();
    widget.setContext({ cartTotal: '129.00', tier: 'gold' });
    expect(client.contexts.at(-1)?.custom).toEqual({ cartTotal: '129.00', tier: 'gold' });
    widget.setLocale('zh-CN');
    await vi.waitFor(() => expect(widget.shadowRoot!.querySelector('[part="launcher"]')!.getAttribute('lang')).toBe('zh-CN'));
  });

  it('refuses setContext() and setLocale() arguments it cannot use with CONFAB_REQUEST_INVALID, changing nothing', async () => {
    const { widget, client } = await mountWidget();
    for (const bad of [null, 'cart', ['a'], { total: 129 }]) {
      expect(() => widget.setContext(bad as never)).toThrow(expect.objectContaining({ code: 'CONFAB_REQUEST_INVALID' }));
    }
    expect(() => widget.setLocale(42 as never)).toThrow(expect.objectContaining({ code: 'CONFAB_REQUEST_INVALID' }));
    expect(client.contexts.every((context) => context.custom === undefined)).toBe(true);
    expect(widget.locale).toBeUndefined();
  });

  it('identify() goes to the client; reset() closes the panel and wipes the transcript and the rating note', async () => {
    const { widget, client } = await mountWidget();
    await widget.identify({ userId: 'u_42', name: 'Ana', hash: 'abc' });
    expect(client.identities).toEqual([{ userId: 'u_42', name: 'Ana', hash: 'abc' }]);
    client.connect();
    client.receive('Hello Ana');
    localStorage.setItem('confab:rated', client.conversationId!);
    widget.open();
    await settle(widget);

    widget.reset();
    await settle(widget);
    expect(client.resetCalls).toBe(1);
    expect(widget.isOpen).toBe(false);
    expect(localStorage.getItem('confab:rated')).toBeNull();
    expect(deepQuery(widget, '[role="log"]')!.textContent).not.toContain('Hello Ana');
  });

  it('sets dir="rtl" on launcher and panel for Arabic and Hebrew, ltr otherwise', async () => {
    const { widget } = await mountWidget();
    const dirs = () => ['[part="launcher"]', '[part="panel"]'].map((selector) => widget.shadowRoot!.querySelector(selector)!.getAttribute('dir'));
    expect(dirs()).toEqual(['ltr', 'ltr']);
    for (const [locale, dir] of [['ar', 'rtl'], ['he-IL', 'rtl'], ['ja', 'ltr']] as const) {
      widget.setLocale(locale);
      await vi.waitFor(() => expect(dirs()).toEqual([dir, dir]));
    }
  });
});

describe('storage modes', () => {
  it('reads the attribute: session and none as given, anything else local', () => {
    expect(['session', ' NONE ', 'local', 'cookies', undefined, null].map(toStorageMode)).toEqual(['session', 'none', 'local', 'local', 'local', 'local']);
  });

  it('writes nothing to Web Storage with "none", and the session token only to sessionStorage with "session"', async () => {
    for (const mode of ['none', 'session'] as const) {
      const relay = new TinyRelay();
      vi.stubGlobal('WebSocket', relay.WebSocket);
      const widget = document.createElement('confab-chat');
      widget.storage = mode;
      widget.relay = 'wss://relay.test';
      document.body.append(widget);
      await settle(widget);
      widget.open();
      await settle(widget);
      await vi.waitFor(() => expect(relay.contexts.length).toBeGreaterThan(0));
      await vi.waitFor(() => expect(widget.shadowRoot).not.toBeNull());
      expect(localStorage.length).toBe(0);
      if (mode === 'session') await vi.waitFor(() => expect(sessionStorage.getItem('confab:token')).toBeTruthy());
      else expect(sessionStorage.length).toBe(0);
      widget.remove();
      sessionStorage.clear();
    }
  });

  it('opens no connection and writes nothing before the shopper interacts', async () => {
    const relay = new TinyRelay();
    vi.stubGlobal('WebSocket', relay.WebSocket);
    const widget = document.createElement('confab-chat');
    widget.relay = 'wss://relay.test';
    document.body.append(widget);
    await settle(widget);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(relay.contexts).toEqual([]);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
  });

  it('falls back to memory when Web Storage throws, and keeps working', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    const storage = storageFor('local');
    storage.setItem('confab:token', 't1');
    expect(storage.getItem('confab:token')).toBe('t1');
    storage.removeItem('confab:token');
    expect(storage.getItem('confab:token')).toBeNull();
  });
});

describe('window.Confab', () => {
  it('settles the promise the loader handed out for a queued call with the real outcome', async () => {
    const { widget } = await mountWidget();
    const settled: string[] = [];
    const settle = (label: string): [(value: unknown) => void, (error: unknown) => void] => [
      () => settled.push(`${label}: resolved`),
      (error) => settled.push(`${label}: ${(error as { code?: string; name: string }).code ?? (error as Error).name}`),
    ];
    await installGlobalApi(widget, [
      ['send', ['   '], undefined, settle('blank send')],
      ['identify', [{ userId: 'u1' }], undefined, settle('identify')],
      ['open', [], undefined, settle('open')],
      ['nope', [], undefined, settle('nope')],
    ]);
    await vi.waitFor(() => expect(settled).toHaveLength(4));
    expect(settled.sort()).toEqual(['blank send: CONFAB_TEXT_INVALID', 'identify: resolved', 'nope: CONFAB_REQUEST_INVALID', 'open: resolved']);
  });

  it('replays the calls queued while its replay loads too, after the earlier ones', async () => {
    const { widget, client } = await mountWidget();
    const queue: Array<[string, unknown[]]> = [['setContext', [{ step: 'first' }]]];
    const installed = installGlobalApi(widget, queue);
    queue.push(['setContext', [{ step: 'second' }]]);
    await installed;
    await settle(widget);
    expect(queue).toEqual([]);
    expect(client.contexts.at(-1)?.custom).toEqual({ step: 'second' });
  });

  it('forwards every method to the widget and replays calls queued before the app loaded, in order', async () => {
    const { widget, client } = await mountWidget();
    const opened: unknown[] = [];
    const queued: Array<[string, unknown[], unknown?]> = [
      ['on', ['open', (payload: unknown) => opened.push(payload)]],
      ['setContext', [{ order: 'A-1042' }]],
      ['open', []],
      ['nonsense', []],
    ];
    // Held as the loader holds it: the replay takes the calls out of the queue.
    const earlyOn = queued[0]!;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = await installGlobalApi(widget, queued);
    await settle(widget);

    expect(window.Confab).toBe(api);
    expect(api.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(widget.isOpen).toBe(true);
    expect(opened).toEqual([{ source: 'api' }]);
    expect(client.contexts.at(-1)?.custom).toEqual({ order: 'A-1042' });
    expect(warn).toHaveBeenCalledWith('[confab] Confab.nonsense() failed:', expect.objectContaining({ message: expect.stringContaining('does not exist') }));
    // The early on()'s unsubscribe, as the loader hands it out, now calls the real one.
    (earlyOn[2] as () => void)();
    expect(queued).toEqual([]);
    api.close();
    api.open();
    await settle(widget);
    expect(opened).toHaveLength(1);
    expect(Object.isFrozen(api)).toBe(true);
    warn.mockRestore();
  });
});
