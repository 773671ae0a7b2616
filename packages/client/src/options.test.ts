import { ConfabError } from '@confab/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkContext, defaults, resolveOptions, socketUrl } from './options.js';
import { memoryStorage } from './storage.js';
import { fakeWebSocket } from './test-support/fake-socket.js';

function configError(run: () => unknown): ConfabError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfabError);
    expect((error as ConfabError).code).toBe('CONFAB_CONFIG_INVALID');
    return error as ConfabError;
  }
  throw new Error('expected CONFAB_CONFIG_INVALID');
}

describe('socketUrl', () => {
  it('keeps a full visitor socket URL', () => {
    expect(socketUrl('wss://relay.example/v1/ws')).toBe('wss://relay.example/v1/ws');
    expect(socketUrl('wss://relay.example/v1/ws/')).toBe('wss://relay.example/v1/ws');
  });

  it('appends /v1/ws to a base URL and turns http(s) into ws(s)', () => {
    expect(socketUrl('https://relay.example')).toBe('wss://relay.example/v1/ws');
    expect(socketUrl('http://127.0.0.1:8787/')).toBe('ws://127.0.0.1:8787/v1/ws');
    expect(socketUrl('ws://localhost:8787/chat')).toBe('ws://localhost:8787/chat/v1/ws');
    expect(socketUrl('https://shop.example/support/?site=1#top')).toBe('wss://shop.example/support/v1/ws?site=1');
  });

  it('resolves a relative URL against the page in a browser', () => {
    vi.stubGlobal('location', { href: 'https://shop.example/products/kettle' });
    try {
      expect(socketUrl('/relay')).toBe('wss://shop.example/relay/v1/ws');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuses what is not an http(s) or ws(s) URL, naming the option', () => {
    for (const url of ['relay.example', 'ftp://relay.example', 'mailto:a@b.c', '', 42 as unknown as string]) {
      expect(configError(() => socketUrl(url)).message).toMatch(/"url"/);
    }
  });
});

describe('resolveOptions', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('fills in the documented defaults', () => {
    const { WebSocket } = fakeWebSocket();
    const resolved = resolveOptions({ url: 'https://relay.example', WebSocket, storage: memoryStorage() });
    expect(resolved).toMatchObject({
      url: 'wss://relay.example/v1/ws',
      storageKey: defaults.storageKey,
      autoConnect: true,
      backoff: { baseMs: 500, maxMs: 30_000 },
      pongTimeoutMs: 10_000,
      requestTimeoutMs: 10_000,
      random: Math.random,
    });
  });

  it('uses globalThis.WebSocket when no constructor is given', () => {
    const { WebSocket } = fakeWebSocket();
    vi.stubGlobal('WebSocket', WebSocket);
    expect(resolveOptions({ url: 'wss://relay.example' }).WebSocket).toBe(WebSocket);
  });

  it('names the WebSocket option and the ws package when the runtime has none (Node 20)', () => {
    vi.stubGlobal('WebSocket', undefined);
    const error = configError(() => resolveOptions({ url: 'wss://relay.example' }));
    expect(error.message).toContain('"WebSocket"');
    expect(error.message).toContain('"ws" package');
  });

  it('refuses bad settings, naming each', () => {
    const { WebSocket } = fakeWebSocket();
    const base = { url: 'wss://relay.example', WebSocket };
    expect(configError(() => resolveOptions({ ...base, storageKey: '' })).message).toContain('"storageKey"');
    expect(configError(() => resolveOptions({ ...base, storage: {} as never })).message).toContain('"storage"');
    expect(configError(() => resolveOptions({ ...base, backoff: { baseMs: -1 } })).message).toContain('"backoff.baseMs"');
    expect(configError(() => resolveOptions({ ...base, backoff: { baseMs: 1000, maxMs: 10 } })).message).toContain('"backoff.maxMs"');
    expect(configError(() => resolveOptions({ ...base, pongTimeoutMs: Number.NaN })).message).toContain('"pongTimeoutMs"');
    expect(configError(() => resolveOptions({ ...base, requestTimeoutMs: 0 })).message).toContain('"requestTimeoutMs"');
    expect(configError(() => resolveOptions({ ...base, context: { url: 42 } as never })).message).toContain('url');
    expect(configError(() => resolveOptions(undefined as never)).message).toContain('"options"');
  });

  it('joins other tabs through BroadcastChannel and Web Locks only on localStorage, which tabs share', () => {
    const { WebSocket } = fakeWebSocket();
    const local = memoryStorage();
    const BroadcastChannel = class {};
    const locks = { request: () => Promise.resolve() };
    vi.stubGlobal('localStorage', local);
    vi.stubGlobal('BroadcastChannel', BroadcastChannel);
    vi.stubGlobal('navigator', { locks });
    expect(resolveOptions({ url: 'wss://relay.example', WebSocket }).tabs).toEqual({ BroadcastChannel, locks });
    expect(resolveOptions({ url: 'wss://relay.example', WebSocket, storage: local }).tabs).toEqual({ BroadcastChannel, locks });
    expect(resolveOptions({ url: 'wss://relay.example', WebSocket, storage: memoryStorage() }).tabs).toEqual({});
    vi.stubGlobal('localStorage', undefined);
    expect(resolveOptions({ url: 'wss://relay.example', WebSocket }).tabs).toEqual({});
  });

  it('keeps a valid context as a clean copy', () => {
    const { WebSocket } = fakeWebSocket();
    const resolved = resolveOptions({ url: 'wss://relay.example', WebSocket, context: { url: 'https://shop.example/p/1', extra: 1 } as never });
    expect(resolved.context).toEqual({ url: 'https://shop.example/p/1' });
  });
});

describe('checkContext', () => {
  it('reports a bad field with the given code', () => {
    expect(() => checkContext({ custom: { a: 1 } }, 'CONFAB_REQUEST_INVALID')).toThrow(
      expect.objectContaining({ code: 'CONFAB_REQUEST_INVALID', message: expect.stringContaining('custom.a') }),
    );
  });
});

describe('storage modes', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const { WebSocket } = fakeWebSocket();
  const base = { url: 'wss://relay.example', WebSocket };
  const refusing = {
    getItem: () => null,
    setItem: () => {
      throw new DOMException('denied', 'SecurityError');
    },
    removeItem: () => {},
  };

  it("'local' (the default) is localStorage, shared with other tabs", () => {
    const local = memoryStorage();
    vi.stubGlobal('localStorage', local);
    vi.stubGlobal('BroadcastChannel', class {});
    expect(resolveOptions({ ...base, storage: 'local' }).storage).toBe(local);
    expect(resolveOptions({ ...base, storage: 'local' }).tabs.BroadcastChannel).toBeDefined();
    expect(resolveOptions(base).storage).toBe(local);
  });

  it("'session' is sessionStorage, on its own (it is not shared between tabs)", () => {
    const session = memoryStorage();
    vi.stubGlobal('localStorage', memoryStorage());
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('BroadcastChannel', class {});
    const resolved = resolveOptions({ ...base, storage: 'session' });
    expect(resolved.storage).toBe(session);
    expect(resolved.tabs).toEqual({});
  });

  it("'none' keeps to memory, whatever the browser has", () => {
    const local = memoryStorage();
    vi.stubGlobal('localStorage', local);
    vi.stubGlobal('sessionStorage', memoryStorage());
    const resolved = resolveOptions({ ...base, storage: 'none' });
    expect(resolved.storage).not.toBe(local);
    resolved.storage.setItem('confab:token', 't');
    expect(local.getItem('confab:token')).toBeNull();
    expect(resolved.tabs).toEqual({});
  });

  it('falls back to memory where the chosen storage is missing or blocked, without writing to probe it', () => {
    const blocked = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: vi.fn(),
      removeItem: vi.fn(),
    };
    vi.stubGlobal('localStorage', blocked);
    vi.stubGlobal('sessionStorage', undefined);
    for (const storage of ['local', 'session'] as const) {
      const resolved = resolveOptions({ ...base, storage });
      expect(resolved.storage).not.toBe(blocked);
      resolved.storage.setItem('k', 'v');
      expect(resolved.storage.getItem('k')).toBe('v');
      expect(resolved.tabs).toEqual({});
    }
    expect(blocked.setItem).not.toHaveBeenCalled();
  });

  it('keeps a storage that refuses only writes (old Safari private mode): the client then works from memory', () => {
    vi.stubGlobal('localStorage', refusing);
    const resolved = resolveOptions({ ...base, storage: 'local' });
    expect(resolved.storage).toBe(refusing);
  });

  it('refuses an unknown mode, naming the ones there are', () => {
    const error = configError(() => resolveOptions({ ...base, storage: 'cookie' as never }));
    expect(error.message).toContain('"storage"');
    expect(error.message).toContain('"session"');
  });
});

describe('the relay base for uploads', () => {
  it('is the socket URL with http(s), its base path kept and /v1/ws and the query dropped', () => {
    const { WebSocket } = fakeWebSocket();
    const httpUrl = (url: string) => resolveOptions({ url, WebSocket, storage: memoryStorage() }).httpUrl;
    expect(httpUrl('https://relay.example')).toBe('https://relay.example');
    expect(httpUrl('wss://relay.example/v1/ws')).toBe('https://relay.example');
    expect(httpUrl('ws://localhost:8787/chat')).toBe('http://localhost:8787/chat');
    expect(httpUrl('https://shop.example/support/?site=1')).toBe('https://shop.example/support');
  });
});
