import type { VisitorContext } from '@confab/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PageContextSync } from './page-context-sync.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup(settleMs?: number[]) {
  let page: VisitorContext = { url: 'https://shop.example/a', title: 'A', localTime: 't0' };
  let notify: () => void = () => {};
  let stopped = false;
  const sent: VisitorContext[] = [];
  const sync = new PageContextSync(
    { setContext: (context) => sent.push(context) },
    {
      read: () => ({ ...page }),
      watch: (onChange) => {
        notify = onChange;
        return () => {
          stopped = true;
        };
      },
      ...(settleMs ? { settleMs } : {}),
    },
  );
  return {
    sync,
    sent,
    navigate(next: VisitorContext) {
      page = next;
      notify();
    },
    setPage(next: VisitorContext) {
      page = next;
    },
    isStopped: () => stopped,
  };
}

describe('PageContextSync', () => {
  it('returns the first context from start() without sending it (it goes out in hello)', () => {
    const { sync, sent } = setup();
    expect(sync.start()).toEqual({ url: 'https://shop.example/a', title: 'A', localTime: 't0' });
    expect(sent).toEqual([]);
  });

  it('reads the page again after a URL change, early and late, and sends each change once', () => {
    vi.useFakeTimers();
    const { sync, sent, navigate, setPage } = setup([250, 2000]);
    sync.start();
    navigate({ url: 'https://shop.example/b', title: 'A', localTime: 't1' });
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(sent.map((context) => context.url)).toEqual(['https://shop.example/b']);
    // The single-page app renders the new title and product later.
    setPage({ url: 'https://shop.example/b', title: 'B', product: { sku: 'B1' }, localTime: 't2' });
    vi.advanceTimersByTime(1750);
    expect(sent.map((context) => context.title)).toEqual(['A', 'B']);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(2);
  });

  it('does not send again when only the local time changed', () => {
    const { sync, sent, setPage } = setup();
    sync.start();
    setPage({ url: 'https://shop.example/a', title: 'A', localTime: 'later' });
    sync.refresh();
    expect(sent).toEqual([]);
  });

  it('stops watching and cancels pending reads', () => {
    vi.useFakeTimers();
    const { sync, sent, navigate, isStopped } = setup();
    sync.start();
    navigate({ url: 'https://shop.example/c' });
    sync.stop();
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([]);
    expect(isStopped()).toBe(true);
  });

  it('keeps a refused context from becoming an uncaught error on the page', () => {
    const sync = new PageContextSync(
      {
        setContext: () => {
          throw new Error('refused');
        },
      },
      { read: () => ({ url: `https://shop.example/${Math.random()}` }), watch: () => () => {} },
    );
    sync.start();
    expect(() => sync.refresh()).not.toThrow();
  });
});
