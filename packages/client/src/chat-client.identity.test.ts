import type { PreChatForm } from '@confab/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRelay } from './test-support/fake-relay.js';
import { rejection, setup, tick } from './test-support/harness.js';

/** A relay that takes JWTs in `valid` and calls every other one expired. */
function jwtRelay(...valid: string[]): FakeRelay {
  const relay = new FakeRelay();
  relay.checkIdentity = (frame) => (frame.jwt && !valid.includes(frame.jwt) ? { code: 'CONFAB_IDENTITY_EXPIRED' } : 'done');
  return relay;
}

const FORM: PreChatForm = {
  when: 'always',
  fields: [
    { key: 'name', isRequired: true },
    { key: 'email', type: 'email', isRequired: true },
    { key: 'order', label: 'Order number' },
  ],
};

describe('ChatClient identity and pre-chat profile', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('identify()', () => {
    it('sends the user id with its hash, resolves on done and reports the identity once', async () => {
      const { relay, client, events } = setup();
      await tick();
      await client.identify({ userId: 'u_123', name: 'Ana', email: 'ana@example.com', hash: 'ab'.repeat(32) });
      expect(relay.identifies).toEqual([
        { type: 'identify', requestId: expect.any(String), userId: 'u_123', name: 'Ana', email: 'ana@example.com', hash: 'ab'.repeat(32) },
      ]);
      expect(client.isIdentified).toBe(true);
      expect(events.of('identity')).toEqual([{ isIdentified: true, error: undefined }]);
    });

    it('takes the user id as id too, the name the script tag’s API uses, and refuses both at once', async () => {
      const { relay, client } = setup();
      await tick();
      await client.identify({ id: 'u_123', name: 'Ana', hash: 'ab'.repeat(32) });
      expect(relay.identifies).toEqual([{ type: 'identify', requestId: expect.any(String), userId: 'u_123', name: 'Ana', hash: 'ab'.repeat(32) }]);
      const both = { id: 'u_1', userId: 'u_2' } as unknown as { id: string };
      expect((await rejection(client.identify(both))).code).toBe('CONFAB_REQUEST_INVALID');
      expect((await rejection(client.identify({ id: '' }))).message).toContain('id');
      expect(relay.identifies).toHaveLength(1);
    });

    it('waits for the connection, and goes out before the messages queued meanwhile', async () => {
      const { relay, client } = setup({ autoConnect: false });
      const identified = client.identify({ userId: 'u_123' });
      void client.send('Where is my order?');
      await tick();
      expect(relay.sockets.sockets).toEqual([]);
      client.connect();
      await identified;
      const types = relay.sockets.last().sent.map((frame) => frame.type);
      expect(types.indexOf('identify')).toBeGreaterThan(-1);
      expect(types.indexOf('identify')).toBeLessThan(types.indexOf('message'));
    });

    it('is sent again after every reconnect and to a new conversation, with no second identity event', async () => {
      const { relay, client, events } = setup();
      await tick();
      await client.identify({ userId: 'u_123', hash: 'beef' });
      relay.dropAll();
      await tick(1000);
      expect(relay.identifies).toHaveLength(2);
      relay.forgetSession();
      relay.dropAll();
      await tick(1000);
      expect(events.of('session').at(-1)?.lostConversationId).toBeDefined();
      expect(relay.identifies).toHaveLength(3);
      expect(relay.identity).toMatchObject({ userId: 'u_123', hash: 'beef' });
      expect(events.of('identity')).toHaveLength(1);
    });

    it('refreshes an expired JWT once and retries with the new one', async () => {
      const relay = jwtRelay('fresh-token');
      const { client } = setup({ relay });
      await tick();
      const refresh = vi.fn(async () => 'fresh-token');
      await client.identify({ jwt: 'stale-token', refresh });
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(relay.identifies.map((frame) => frame.jwt)).toEqual(['stale-token', 'fresh-token']);
      expect(new Set(relay.identifies.map((frame) => frame.requestId)).size).toBe(2);
      expect(client.isIdentified).toBe(true);
      // The fresh token is what a reconnect sends.
      relay.dropAll();
      await tick(1000);
      expect(relay.identifies.map((frame) => frame.jwt)).toEqual(['stale-token', 'fresh-token', 'fresh-token']);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('rejects with CONFAB_IDENTITY_EXPIRED when the refreshed token is expired too, and drops the identity', async () => {
      const relay = jwtRelay();
      const { client, events } = setup({ relay });
      await tick();
      const refresh = vi.fn(async () => 'also-stale');
      const error = await rejection(client.identify({ jwt: 'stale-token', refresh }));
      expect(error.code).toBe('CONFAB_IDENTITY_EXPIRED');
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(relay.identifies).toHaveLength(2);
      expect(client.isIdentified).toBe(false);
      expect(events.of('identity')).toEqual([{ isIdentified: false, error }]);
      // Answered by its promise: no error event as well.
      expect(events.of('error')).toEqual([]);
      relay.dropAll();
      await tick(1000);
      expect(relay.identifies).toHaveLength(2);
    });

    it('rejects with CONFAB_IDENTITY_EXPIRED at once without a refresh callback, and when refresh() fails', async () => {
      const { client } = setup({ relay: jwtRelay() });
      await tick();
      expect((await rejection(client.identify({ jwt: 'stale-token' }))).code).toBe('CONFAB_IDENTITY_EXPIRED');
      const failing = await rejection(
        client.identify({
          jwt: 'stale-token',
          refresh: () => Promise.reject(new Error('login expired')),
        }),
      );
      expect(failing.code).toBe('CONFAB_IDENTITY_EXPIRED');
      expect(failing.message).toContain('login expired');
      const garbage = await rejection(client.identify({ jwt: 'stale-token', refresh: async () => 42 as unknown as string }));
      expect(garbage.code).toBe('CONFAB_IDENTITY_EXPIRED');
    });

    it('refreshes again when a later reconnect finds the token expired', async () => {
      const relay = jwtRelay('token-1');
      const { client, events } = setup({ relay });
      await tick();
      const tokens = ['token-2'];
      const refresh = vi.fn(async () => tokens.shift()!);
      await client.identify({ jwt: 'token-1', refresh });
      relay.checkIdentity = (frame) => (frame.jwt === 'token-2' ? 'done' : { code: 'CONFAB_IDENTITY_EXPIRED' });
      relay.dropAll();
      await tick(1000);
      expect(refresh).toHaveBeenCalledTimes(1);
      expect(relay.identity?.jwt).toBe('token-2');
      expect(client.isIdentified).toBe(true);
      expect(events.of('error')).toEqual([]);
    });

    it('reports a refused identity: rejects with CONFAB_IDENTITY_INVALID, emits identity with the error, sends it no more', async () => {
      const relay = new FakeRelay();
      relay.checkIdentity = () => ({ code: 'CONFAB_IDENTITY_INVALID' });
      const { client, events } = setup({ relay });
      await tick();
      const error = await rejection(client.identify({ userId: 'u_123', hash: 'wrong' }));
      expect(error.code).toBe('CONFAB_IDENTITY_INVALID');
      expect(events.of('identity')).toEqual([{ isIdentified: false, error }]);
      relay.dropAll();
      await tick(1000);
      expect(relay.identifies).toHaveLength(1);
    });

    it('reports an identity refused after a reconnect, where no promise waits, as an error event', async () => {
      const { relay, client, events } = setup();
      await tick();
      await client.identify({ userId: 'u_123', hash: 'was-right' });
      relay.checkIdentity = () => ({ code: 'CONFAB_IDENTITY_INVALID' });
      relay.dropAll();
      await tick(1000);
      expect(client.isIdentified).toBe(false);
      expect(events.of('identity').map((event) => [event.isIdentified, event.error?.code])).toEqual([
        [true, undefined],
        [false, 'CONFAB_IDENTITY_INVALID'],
      ]);
      expect(events.of('error').map((error) => error.code)).toEqual(['CONFAB_IDENTITY_INVALID']);
    });

    it.each([
      [undefined],
      [{}],
      [{ userId: '' }],
      [{ userId: 'u'.repeat(201) }],
      [{ userId: 'u_1', email: 'not an email' }],
      [{ userId: 'u_1', name: 'n'.repeat(101) }],
      [{ jwt: '' }],
      [{ jwt: 'a.b.c', refresh: 'later' }],
    ])('refuses %j with CONFAB_REQUEST_INVALID before sending anything', async (identity) => {
      const { relay, client } = setup();
      await tick();
      expect((await rejection(client.identify(identity as never))).code).toBe('CONFAB_REQUEST_INVALID');
      expect(relay.identifies).toEqual([]);
    });

    it('goes out before a message sent while its code loads', async () => {
      const { relay, client } = setup();
      await tick();
      // The client's first identify() loads its checks (request-frames.ts); the message waits for it.
      const identified = client.identify({ userId: 'u_123' });
      const sent = client.send('Hello, it is Ana');
      await Promise.all([identified, sent]);
      const types = relay.sockets.last().sent.map((frame) => frame.type);
      expect(types.filter((type) => type === 'identify' || type === 'message')).toEqual(['identify', 'message']);
    });

    it('is dropped, not kept, when reset() runs while its code loads', async () => {
      const { relay, client, events } = setup();
      await tick();
      const identified = client.identify({ userId: 'u_123' });
      client.reset();
      const error = await rejection(identified);
      expect(error).toMatchObject({ code: 'CONFAB_CLIENT_CLOSED', message: 'Client reset' });
      client.connect();
      await tick(1000);
      expect(client.state).toBe('open');
      expect(relay.identifies).toEqual([]);
      expect(client.isIdentified).toBe(false);
      expect(events.of('identity')).toEqual([]);
    });
  });

  describe('pre-chat form and submitProfile()', () => {
    it('exposes the form of the welcome, sends the trimmed answers and clears the form once they are stored', async () => {
      const relay = new FakeRelay({ preChat: FORM });
      const { client, events } = setup({ relay });
      expect(client.preChat).toBeUndefined();
      await tick();
      expect(client.preChat).toEqual(FORM);
      await client.submitProfile({ name: ' Ana ', email: 'ana@example.com', order: 'A-1042' });
      expect(relay.profiles).toEqual([
        { type: 'profile', requestId: expect.any(String), fields: { name: 'Ana', email: 'ana@example.com', order: 'A-1042' } },
      ]);
      expect(client.preChat).toBeUndefined();
      // The relay has the profile now: a resumed conversation's welcome brings no form.
      relay.dropAll();
      await tick(1000);
      expect(client.preChat).toBeUndefined();
      expect(events.of('pre-chat')).toEqual([{ preChat: FORM }, { preChat: undefined }]);
    });

    it('refuses answers that miss a required field, a bad email, or break the wire limits, sending nothing', async () => {
      const { relay, client } = setup({ relay: new FakeRelay({ preChat: FORM }) });
      await tick();
      const cases: [unknown, string][] = [
        [{ email: 'ana@example.com' }, 'fields.name'],
        [{ name: 'Ana', email: '   ' }, 'fields.email'],
        [{ name: 'Ana', email: 'ana at example' }, 'fields.email'],
        [{ name: 'Ana', email: 'ana@example.com', order: 'x'.repeat(501) }, 'fields.order'],
        [{ name: 'Ana', email: 'ana@example.com', order: 42 }, 'fields.order'],
        [Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])), 'fields'],
        ['Ana', 'fields'],
      ];
      for (const [fields, named] of cases) {
        const error = await rejection(client.submitProfile(fields as never));
        expect(error.code).toBe('CONFAB_REQUEST_INVALID');
        expect(error.message).toContain(named);
      }
      expect(relay.profiles).toEqual([]);
      expect(client.preChat).toEqual(FORM);
    });

    it('reports a form that appears or goes away with a later welcome', async () => {
      const relay = new FakeRelay();
      const { client, events } = setup({ relay });
      await tick();
      relay.preChat = FORM;
      relay.forgetSession();
      relay.dropAll();
      await tick(1000);
      expect(client.preChat).toEqual(FORM);
      expect(events.of('pre-chat')).toEqual([{ preChat: FORM }]);
    });
  });
});
