import { describe, expect, it } from 'vitest';
import { NAME_KEY, readAgentName, readToken, saveAgentName, saveToken, takeTokenFromFragment, TOKEN_KEY, type StorageLike } from './auth.js';

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function fakeHistory() {
  const calls: { data: unknown; url: string | undefined }[] = [];
  return {
    calls,
    state: { kept: true },
    replaceState(data: unknown, _unused: string, url?: string) {
      calls.push({ data, url });
    },
  };
}

describe('takeTokenFromFragment', () => {
  it('moves the token into storage and strips it from the address bar', () => {
    const storage = memoryStorage();
    const history = fakeHistory();
    const token = takeTokenFromFragment({ hash: '#token=Abc-123_xyz', pathname: '/console/', search: '' }, history, storage);
    expect(token).toBe('Abc-123_xyz');
    expect(storage.data.get(TOKEN_KEY)).toBe('Abc-123_xyz');
    expect(history.calls).toEqual([{ data: { kept: true }, url: '/console/' }]);
  });

  it('keeps the query string and any other fragment parameters', () => {
    const history = fakeHistory();
    takeTokenFromFragment({ hash: '#conversation=c1&token=t0k3n', pathname: '/console/', search: '?lang=zh' }, history, memoryStorage());
    expect(history.calls[0]!.url).toBe('/console/?lang=zh#conversation=c1');
  });

  it('decodes a percent-encoded token', () => {
    expect(takeTokenFromFragment({ hash: '#token=a%2Bb', pathname: '/console/', search: '' }, fakeHistory(), memoryStorage())).toBe('a+b');
  });

  it('does nothing without a token in the fragment', () => {
    const history = fakeHistory();
    const storage = memoryStorage();
    expect(takeTokenFromFragment({ hash: '', pathname: '/console/', search: '' }, history, storage)).toBeUndefined();
    expect(takeTokenFromFragment({ hash: '#other=1', pathname: '/console/', search: '' }, history, storage)).toBeUndefined();
    expect(history.calls).toEqual([]);
    expect(storage.data.size).toBe(0);
  });

  it('strips an empty token without storing it', () => {
    const history = fakeHistory();
    const storage = memoryStorage();
    expect(takeTokenFromFragment({ hash: '#token=', pathname: '/console/', search: '' }, history, storage)).toBeUndefined();
    expect(history.calls).toHaveLength(1);
    expect(storage.data.size).toBe(0);
  });

  it('still returns the token when storage refuses to store it', () => {
    const blocked: StorageLike = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      removeItem: () => {},
    };
    expect(takeTokenFromFragment({ hash: '#token=abc', pathname: '/console/', search: '' }, fakeHistory(), blocked)).toBe('abc');
    expect(readToken(blocked)).toBeUndefined();
  });
});

describe('token and name storage', () => {
  it('saves, reads and forgets the token', () => {
    const storage = memoryStorage();
    saveToken(storage, 'tok');
    expect(readToken(storage)).toBe('tok');
    saveToken(storage, undefined);
    expect(readToken(storage)).toBeUndefined();
  });

  it('remembers the display name trimmed', () => {
    const storage = memoryStorage();
    expect(readAgentName(storage)).toBeUndefined();
    saveAgentName(storage, '  Mei  ');
    expect(storage.data.get(NAME_KEY)).toBe('Mei');
    expect(readAgentName(storage)).toBe('Mei');
  });
});
