import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchLocation } from './watch-location.js';

afterEach(() => {
  vi.useRealTimers();
  history.replaceState(null, '', '/');
});

describe('watchLocation', () => {
  it('reports back/forward navigation (popstate) and hash changes, once per new URL', () => {
    const seen: string[] = [];
    const stop = watchLocation((href) => seen.push(href), { pollMs: 60_000 });
    history.pushState(null, '', '/products/1');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    location.hash = '#reviews';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    stop();
    expect(seen).toEqual([new URL('/products/1', location.origin).href, new URL('/products/1#reviews', location.origin).href]);
  });

  it('notices history.pushState by polling where the Navigation API is missing, without patching history', () => {
    vi.useFakeTimers();
    const pushState = history.pushState;
    const seen: string[] = [];
    const stop = watchLocation((href) => seen.push(href), { pollMs: 500 });
    expect(history.pushState).toBe(pushState);
    history.pushState(null, '', '/cart');
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([new URL('/cart', location.origin).href]);
    stop();
    history.pushState(null, '', '/checkout');
    vi.advanceTimersByTime(5000);
    expect(seen).toHaveLength(1);
  });

  it('uses the Navigation API instead of polling where it exists', () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    const fakeWindow = Object.assign(new EventTarget(), { location: { href: 'https://shop.example/a' }, navigation: target });
    const seen: string[] = [];
    const stop = watchLocation((href) => seen.push(href), { window: fakeWindow as unknown as Window });
    fakeWindow.location.href = 'https://shop.example/b';
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
    target.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual(['https://shop.example/b']);
    stop();
    fakeWindow.location.href = 'https://shop.example/c';
    target.dispatchEvent(new Event('currententrychange'));
    expect(seen).toHaveLength(1);
  });
});
