import { afterEach, describe, expect, it, vi } from 'vitest';
import { usableLocalStorage, memoryStorage, readItem, writeItem, type ClientStorage } from './storage.js';

const broken: ClientStorage = {
  getItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem() {
    throw new DOMException('full', 'QuotaExceededError');
  },
  removeItem() {
    throw new DOMException('denied', 'SecurityError');
  },
};

describe('memoryStorage', () => {
  it('keeps strings by key until removed', () => {
    const storage = memoryStorage();
    expect(storage.getItem('a')).toBeNull();
    storage.setItem('a', '1');
    expect(storage.getItem('a')).toBe('1');
    storage.removeItem('a');
    expect(storage.getItem('a')).toBeNull();
  });

  it('gives each call its own store', () => {
    const first = memoryStorage();
    first.setItem('a', '1');
    expect(memoryStorage().getItem('a')).toBeNull();
  });
});

describe('usableLocalStorage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses localStorage when it works', () => {
    const local = memoryStorage();
    vi.stubGlobal('localStorage', local);
    expect(usableLocalStorage()).toBe(local);
    expect(local.getItem('confab:probe')).toBeNull();
  });

  it('finds none when localStorage throws (sandboxed iframe, private mode)', () => {
    vi.stubGlobal('localStorage', broken);
    expect(usableLocalStorage()).toBeUndefined();
  });

  it('finds none where there is no localStorage (Node)', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(usableLocalStorage()).toBeUndefined();
  });
});

describe('readItem and writeItem', () => {
  it('treat a throwing storage as empty and keep going', () => {
    expect(readItem(broken, 'a')).toBeNull();
    expect(() => writeItem(broken, 'a', '1')).not.toThrow();
    expect(() => writeItem(broken, 'a', undefined)).not.toThrow();
  });

  it('write, and remove for undefined', () => {
    const storage = memoryStorage();
    writeItem(storage, 'a', '1');
    expect(readItem(storage, 'a')).toBe('1');
    writeItem(storage, 'a', undefined);
    expect(readItem(storage, 'a')).toBeNull();
  });
});
