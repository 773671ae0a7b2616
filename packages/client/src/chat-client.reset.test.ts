import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientStorage } from './storage.js';
import { FakeRelay } from './test-support/fake-relay.js';
import { FakeChannels, FakeLocks } from './test-support/fake-tabs.js';
import { setup, tick } from './test-support/harness.js';

/** A storage whose keys a test can list, like `localStorage`'s. */
function listableStorage(): ClientStorage & { keys(): string[] } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    keys: () => [...items.keys()].sort(),
  };
}

/** Records how a promise settled, without awaiting it. */
function track(promise: Promise<unknown>): { outcome: string } {
  const state = { outcome: 'pending' };
  promise.then(
    () => (state.outcome = 'resolved'),
    (error: { code: string }) => (state.outcome = error.code),
  );
  return state;
}

describe('ChatClient.reset()', () => {
  describe('on a fake relay', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    });

    it('wipes every key it wrote and everything in memory, rejects what was pending, and tells the UI', async () => {
      const relay = new FakeRelay({ preChat: { when: 'always', fields: [{ key: 'name' }] } });
      const storage = listableStorage();
      storage.setItem('shop:cart', 'kept');
      const { client, events } = setup({ relay, storage });
      await tick();
      await client.identify({ userId: 'u_123', hash: 'beef' });
      await client.send('Hello');
      relay.agentSays('Hi Ana');
      relay.draft('reply-draft-1', 'Let me');
      relay.status = 'closed';
      relay.broadcast({ type: 'status', status: 'closed' });
      relay.isBlackhole = true;
      const unsent = track(client.send('Still there?'));
      const email = track(client.leaveEmail('ana@example.com'));
      await tick();
      expect(storage.keys()).toEqual(['confab:conversation', 'confab:outbox', 'confab:token', 'shop:cart']);
      const before = events.all.length;

      client.reset();
      await tick();
      expect(storage.keys()).toEqual(['shop:cart']);
      expect(client.state).toBe('idle');
      expect(client.messages).toEqual([]);
      expect(client.drafts).toEqual([]);
      expect(client.preChat).toBeUndefined();
      expect(client.isIdentified).toBe(false);
      expect(client.conversationId).toBeUndefined();
      expect(client.conversationStatus).toBe('open');
      expect(client.visitorReadSeq).toBe(0);
      expect([unsent.outcome, email.outcome]).toEqual(['CONFAB_CLIENT_CLOSED', 'CONFAB_CLIENT_CLOSED']);
      expect(relay.sockets.last().closedBy).toEqual({ code: 1000 });
      expect(events.all.slice(before).map(([name]) => name)).toEqual(['state', 'draft-end', 'conversation', 'pre-chat', 'identity', 'reset']);
      expect(events.of('reset')).toEqual([{ source: 'call' }]);
      expect(events.of('state').at(-1)).toMatchObject({ from: 'open', to: 'idle' });

      // Nothing comes back: no reconnect, nothing sent, nothing stored.
      await tick(60_000);
      expect(relay.sockets.sockets).toHaveLength(1);
      expect(storage.keys()).toEqual(['shop:cart']);
    });

    it('starts a new session on the next connect(), without the old token or identity', async () => {
      const relay = new FakeRelay();
      const { client } = setup({ relay });
      await tick();
      await client.identify({ userId: 'u_123' });
      relay.dropAll();
      await tick(1000);
      const oldToken = relay.token;
      client.reset();
      relay.forgetSession();
      client.connect();
      await tick();
      expect(relay.hellos).toHaveLength(3);
      expect(relay.hellos[1]).toMatchObject({ token: oldToken });
      expect(relay.hellos[2]).toMatchObject({ type: 'hello', lastSeq: 0 });
      expect(relay.hellos[2]).not.toHaveProperty('token');
      expect(relay.token).not.toBe(oldToken);
      expect(client.state).toBe('open');
      expect(relay.identifies).toHaveLength(2);
      await client.send('New shopper here');
      expect(client.messages.map((message) => message.text)).toEqual(['New shopper here']);
    });

    it('empties the shopper’s other tabs too, which join the next conversation instead of keeping the old one', async () => {
      const storage = listableStorage();
      const channels = new FakeChannels();
      vi.stubGlobal('localStorage', storage);
      vi.stubGlobal('BroadcastChannel', channels.BroadcastChannel);
      vi.stubGlobal('navigator', { locks: new FakeLocks() });
      const relay = new FakeRelay();
      const a = setup({ relay, storage });
      await tick();
      const b = setup({ relay, storage });
      await tick();
      await a.client.send('Hello');
      await tick();
      expect(b.client.messages).toHaveLength(1);

      a.client.reset();
      await tick();
      expect(storage.keys()).toEqual([]);
      expect(b.client.state).toBe('idle');
      expect(b.client.messages).toEqual([]);
      expect(b.events.of('reset')).toEqual([{ source: 'other-tab' }]);
      expect(relay.live.size).toBe(0);

      relay.forgetSession();
      a.client.connect();
      await tick();
      b.client.connect();
      await tick();
      expect(b.client.conversationId).toBe(a.client.conversationId);
      expect(relay.hellos.at(-1)).toMatchObject({ token: relay.token });
    });

    it('after close() still wipes the storage, and the client stays closed', async () => {
      const storage = listableStorage();
      const { client } = setup({ storage });
      await tick();
      client.close();
      client.reset();
      expect(storage.keys()).toEqual([]);
      expect(client.state).toBe('closed');
      expect(() => client.connect()).toThrow(expect.objectContaining({ code: 'CONFAB_CLIENT_CLOSED' }));
    });
  });
});
