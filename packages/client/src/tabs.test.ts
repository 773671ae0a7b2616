import { describe, expect, it } from 'vitest';
import { joinTabs, type LocksLike, type Tabs, type TabsOptions } from './tabs.js';
import { FakeChannels, FakeLocks, FakePage } from './test-support/fake-tabs.js';

/** Lets queued microtasks (channel deliveries, lock grants) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Several tabs of one origin on shared fakes. */
function origin() {
  const channels = new FakeChannels();
  const locks = new FakeLocks();
  const open = (page = new FakePage('hidden'), options: TabsOptions = { BroadcastChannel: channels.BroadcastChannel, locks }) => {
    const received: unknown[] = [];
    const tabs = joinTabs('confab', options, (data) => received.push(data), page);
    return { tabs, page, received };
  };
  return { channels, locks, open };
}

const notifiers = (...all: { tabs: Tabs }[]) => all.map(({ tabs }) => tabs.isNotifier);

describe('joinTabs', () => {
  it('carries messages to the other tabs of the same name, never back to the sender, saying whether it is hidden', async () => {
    const { channels, open } = origin();
    const a = open(new FakePage('hidden'));
    const b = open(new FakePage('visible'));
    const c = open();
    a.tabs.post({ v: 1, type: 'outbox' });
    b.tabs.post({ v: 1, type: 'read', conversationId: 'conversation-1', seq: 3 });
    await settle();
    expect(a.received).toEqual([{ v: 1, type: 'read', conversationId: 'conversation-1', seq: 3, hidden: false }]);
    expect(b.received).toEqual([{ v: 1, type: 'outbox', hidden: true }]);
    expect(c.received).toEqual([...b.received, ...a.received]);
    expect(channels.posted.map(({ name }) => name)).toEqual(['confab:tabs', 'confab:tabs']);
  });

  it('hands whatever arrives to the receiver unchanged, for it to check', async () => {
    const { channels, open } = origin();
    const a = open();
    channels.inject('confab:tabs', 'not an object');
    channels.inject('confab:tabs', { v: 2, type: 'read', seq: 'x' });
    await settle();
    expect(a.received).toEqual(['not an object', { v: 2, type: 'read', seq: 'x' }]);
  });

  it('elects one notifier; the next in line takes over when it closes', async () => {
    const { locks, open } = origin();
    const a = open();
    const b = open();
    const c = open();
    await settle();
    expect(notifiers(a, b, c)).toEqual([true, false, false]);
    a.tabs.close();
    await settle();
    expect(notifiers(a, b, c)).toEqual([false, true, false]);
    b.tabs.close();
    c.tabs.close();
    await settle();
    expect(locks.isHeld('confab:notify')).toBe(false);
  });

  it('prefers a visible tab: one that opens or becomes visible takes over', async () => {
    const { open } = origin();
    const a = open(new FakePage('hidden'));
    await settle();
    const b = open(new FakePage('visible'));
    await settle();
    expect(notifiers(a, b)).toEqual([false, true]);
    b.page.show(false);
    a.page.show(true);
    await settle();
    expect(notifiers(a, b)).toEqual([true, false]);
    // The tab stolen from waits in line and takes over when the holder goes.
    a.tabs.close();
    await settle();
    expect(b.tabs.isNotifier).toBe(true);
  });

  it('takes over on claim() only when visible and not notifying yet', async () => {
    const { open } = origin();
    const a = open(new FakePage('hidden'));
    const b = open(new FakePage('hidden'));
    await settle();
    b.tabs.claim();
    await settle();
    expect(notifiers(a, b)).toEqual([true, false]);
    b.page.visibilityState = 'visible';
    b.tabs.claim();
    await settle();
    expect(notifiers(a, b)).toEqual([false, true]);
  });

  it('releases the lock on close(), also when it is granted after close()', async () => {
    const { locks, channels, open } = origin();
    const a = open();
    const b = open();
    await settle();
    b.tabs.close();
    a.tabs.close();
    await settle();
    expect(locks.isHeld('confab:notify')).toBe(false);
    expect(locks.waiting('confab:notify')).toBe(0);
    expect(channels.openCount).toBe(0);
    expect(notifiers(a, b)).toEqual([false, false]);
  });

  it('stops watching the page after close()', async () => {
    const { locks, open } = origin();
    const a = open(new FakePage('hidden'));
    const b = open(new FakePage('hidden'));
    await settle();
    b.tabs.close();
    b.page.show(true);
    await settle();
    expect(a.tabs.isNotifier).toBe(true);
    expect(locks.isHeld('confab:notify')).toBe(true);
  });

  it('makes every tab a notifier without Web Locks, and works without a channel', async () => {
    const { channels, open } = origin();
    const a = open(new FakePage(), { BroadcastChannel: channels.BroadcastChannel });
    const b = open(new FakePage(), {});
    await settle();
    expect(notifiers(a, b)).toEqual([true, true]);
    expect(() => b.tabs.post({ v: 1, type: 'outbox' })).not.toThrow();
    b.tabs.close();
  });

  it('notifies alone where Web Locks refuse to work (an opaque origin)', async () => {
    const refusing: LocksLike = { request: () => Promise.reject(new DOMException('Access denied', 'SecurityError')) };
    const { channels, open } = origin();
    const a = open(new FakePage(), { BroadcastChannel: channels.BroadcastChannel, locks: refusing });
    await settle();
    expect(a.tabs.isNotifier).toBe(true);
  });
});
