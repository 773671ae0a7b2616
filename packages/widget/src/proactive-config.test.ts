import { describe, expect, it } from 'vitest';
import {
  fetchProactiveConfig,
  isDismissed,
  pickProactive,
  readDismissed,
  rememberDismissed,
  type DismissStorage,
  type ProactiveMessage,
} from './proactive-config.js';

/** A `fetch` that answers every request with `body` (JSON unless a string) and records the URLs asked for. */
function fakeFetch(body: unknown, init: ResponseInit = { status: 200 }) {
  const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchImpl = (async (url: string, requestInit?: RequestInit) => {
    requests.push({ url, init: requestInit });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), init);
  }) as unknown as typeof fetch;
  return { fetchImpl, requests };
}

function memoryStorage(): DismissStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}

describe('fetchProactiveConfig', () => {
  it('asks the relay’s widget-config endpoint, from an http, ws or socket URL', async () => {
    const { fetchImpl, requests } = fakeFetch({ proactive: [] });
    await fetchProactiveConfig('https://chat.example.com/', fetchImpl);
    await fetchProactiveConfig('wss://chat.example.com/support/v1/ws', fetchImpl);
    await fetchProactiveConfig('http://localhost:8787/chat?x=1', fetchImpl);
    expect(requests.map((request) => request.url)).toEqual([
      'https://chat.example.com/v1/widget-config',
      'https://chat.example.com/support/v1/widget-config',
      'http://localhost:8787/chat/v1/widget-config',
    ]);
    expect(requests[0]!.init?.credentials).toBe('omit');
  });

  it('returns the valid messages and drops malformed ones', async () => {
    const { fetchImpl } = fakeFetch({
      proactive: [
        { id: 'shoes', text: 'Need help with sizes?', delaySeconds: 10, pathPrefix: '/shoes', locale: 'en' },
        { id: 'all', text: 'Questions? We are here.' },
        { id: 'no-text' },
        { id: '', text: 'empty id' },
        { id: 'blank', text: '   ' },
        { id: 'negative', text: 'x', delaySeconds: -1 },
        { id: 'nan-delay', text: 'x', delaySeconds: 'soon' },
        { id: 'relative-path', text: 'x', pathPrefix: 'shoes' },
        { id: 'long', text: 'x'.repeat(501) },
        'not an object',
        null,
      ],
    });
    expect(await fetchProactiveConfig('https://chat.example.com', fetchImpl)).toEqual([
      { id: 'shoes', text: 'Need help with sizes?', delaySeconds: 10, pathPrefix: '/shoes', locale: 'en' },
      { id: 'all', text: 'Questions? We are here.' },
    ]);
  });

  it('keeps no more than the 20 messages a relay can hold', async () => {
    const proactive = Array.from({ length: 25 }, (_, index) => ({ id: `m${index}`, text: `Message ${index}` }));
    const { fetchImpl } = fakeFetch({ proactive });
    expect(await fetchProactiveConfig('https://chat.example.com', fetchImpl)).toHaveLength(20);
  });

  it('gives an empty list, never an error, for a bad body, an error status, a network failure or a bad URL', async () => {
    const bodies: unknown[] = ['not json', 'null', { proactive: 'nope' }, [], { other: [] }];
    for (const body of bodies) {
      expect(await fetchProactiveConfig('https://chat.example.com', fakeFetch(body).fetchImpl)).toEqual([]);
    }
    const notFound = fakeFetch({ proactive: [{ id: 'a', text: 'b' }] }, { status: 404 });
    expect(await fetchProactiveConfig('https://chat.example.com', notFound.fetchImpl)).toEqual([]);
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await fetchProactiveConfig('https://chat.example.com', offline)).toEqual([]);
    const { fetchImpl, requests } = fakeFetch({ proactive: [] });
    expect(await fetchProactiveConfig('ftp://chat.example.com', fetchImpl)).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('pickProactive', () => {
  const messages: ProactiveMessage[] = [
    { id: 'shoes-zh', text: '需要帮您选尺码吗？', pathPrefix: '/shoes', locale: 'zh' },
    { id: 'shoes', text: 'Need help with sizes?', pathPrefix: '/shoes' },
    { id: 'english', text: 'Questions?', locale: 'en' },
    { id: 'all', text: 'Hello!' },
  ];

  it('picks the first message whose path prefix and language fit the page', () => {
    expect(pickProactive(messages, { path: '/shoes/runner-2', locale: 'zh-CN' })?.id).toBe('shoes-zh');
    expect(pickProactive(messages, { path: '/shoes/runner-2', locale: 'en' })?.id).toBe('shoes');
    expect(pickProactive(messages, { path: '/bags', locale: 'en' })?.id).toBe('english');
    expect(pickProactive(messages, { path: '/bags', locale: 'zh-CN' })?.id).toBe('all');
  });

  it('matches languages by prefix, ignoring case and underscores, but not the other way round', () => {
    const zhCN: ProactiveMessage[] = [{ id: 'cn', text: '你好', locale: 'zh-CN' }];
    expect(pickProactive(zhCN, { path: '/', locale: 'zh_cn' })?.id).toBe('cn');
    expect(pickProactive(zhCN, { path: '/', locale: 'zh' })).toBeUndefined();
    expect(pickProactive([{ id: 'z', text: 'x', locale: 'zh' }], { path: '/', locale: 'zhx' })).toBeUndefined();
  });

  it('skips dismissed messages and gives undefined when nothing fits', () => {
    const page = { path: '/shoes', locale: 'en', dismissedIds: new Set(['shoes']) };
    expect(pickProactive(messages, page)?.id).toBe('english');
    expect(pickProactive(messages.slice(0, 2), page)).toBeUndefined();
    expect(pickProactive([], { path: '/', locale: 'en' })).toBeUndefined();
  });
});

describe('dismissed proactive messages', () => {
  it('are remembered in storage, each once', () => {
    const storage = memoryStorage();
    expect(isDismissed('shoes', storage)).toBe(false);
    rememberDismissed('shoes', storage);
    rememberDismissed('shoes', storage);
    rememberDismissed('all', storage);
    expect(isDismissed('shoes', storage)).toBe(true);
    expect(readDismissed(storage)).toEqual(['shoes', 'all']);
  });

  it('keep only the newest 50 ids', () => {
    const storage = memoryStorage();
    for (let index = 0; index < 60; index++) rememberDismissed(`m${index}`, storage);
    const ids = readDismissed(storage);
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe('m10');
    expect(isDismissed('m59', storage)).toBe(true);
    expect(isDismissed('m0', storage)).toBe(false);
  });

  it('work without storage, with storage that throws and with a value that is not theirs', () => {
    expect(isDismissed('a', undefined)).toBe(false);
    expect(() => rememberDismissed('a', undefined)).not.toThrow();
    const blocked: DismissStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(isDismissed('a', blocked)).toBe(false);
    expect(() => rememberDismissed('a', blocked)).not.toThrow();
    const storage = memoryStorage();
    storage.values.set('confab:proactive-dismissed', '{oops');
    expect(readDismissed(storage)).toEqual([]);
    rememberDismissed('a', storage);
    expect(readDismissed(storage)).toEqual(['a']);
  });
});
