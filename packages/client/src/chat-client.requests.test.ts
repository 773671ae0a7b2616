import { ConfabError } from '@confab/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeRelay } from './test-support/fake-relay.js';
import { rejection, setup, tick } from './test-support/harness.js';

/** Records how a promise settled, without awaiting it. */
function track(promise: Promise<unknown>): { outcome: string } {
  const state = { outcome: 'pending' };
  promise.then(
    () => (state.outcome = 'resolved'),
    (error: ConfabError) => (state.outcome = error.code),
  );
  return state;
}

describe('ChatClient availability, email and rating', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('availability', () => {
    it('exposes the business hours of the welcome and reports them once, and again when they change', async () => {
      const relay = new FakeRelay({ availability: { isOpen: false, opensAt: 1_765_180_800_000, timeZone: 'Europe/Berlin' } });
      const { client, events } = setup({ relay });
      expect(client.availability).toBeUndefined();
      await tick();
      expect(client.availability).toEqual({ isOpen: false, opensAt: 1_765_180_800_000, timeZone: 'Europe/Berlin' });
      relay.dropAll();
      await tick(250);
      expect(events.of('availability')).toHaveLength(1);
      relay.availability = { isOpen: true, timeZone: 'Europe/Berlin' };
      relay.dropAll();
      await tick(250);
      expect(client.availability).toEqual({ isOpen: true, timeZone: 'Europe/Berlin' });
      relay.availability = undefined;
      relay.dropAll();
      await tick(250);
      expect(client.availability).toBeUndefined();
      expect(events.of('availability')).toEqual([
        { availability: { isOpen: false, opensAt: 1_765_180_800_000, timeZone: 'Europe/Berlin' } },
        { availability: { isOpen: true, timeZone: 'Europe/Berlin' } },
        { availability: undefined },
      ]);
    });

    it('stays undefined, with no event, for a relay without business hours', async () => {
      const { client, events } = setup();
      await tick();
      expect(client.availability).toBeUndefined();
      expect(events.of('availability')).toEqual([]);
    });
  });

  describe('leaveEmail()', () => {
    it('sends the address trimmed and resolves on the matching done', async () => {
      const { relay, client } = setup();
      await tick();
      await expect(client.leaveEmail('  ana@example.com ')).resolves.toBeUndefined();
      expect(relay.email).toBe('ana@example.com');
      expect(relay.requests).toEqual([{ type: 'contact', requestId: expect.any(String), email: 'ana@example.com' }]);
    });

    it.each([['not an email'], ['ana@example'], ['ana @example.com'], [''], [`${'a'.repeat(250)}@example.com`], [42]])(
      'refuses %j with CONFAB_REQUEST_INVALID before sending anything',
      async (email) => {
        const { relay, client } = setup();
        await tick();
        const error = await rejection(client.leaveEmail(email as string));
        expect(error.code).toBe('CONFAB_REQUEST_INVALID');
        expect(error.message).toContain('email');
        expect(relay.requests).toEqual([]);
      },
    );

    it('rejects with the relay’s code when the relay refuses it', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.requestAnswer = { code: 'CONFAB_STORE_FAILED' };
      const error = await rejection(client.leaveEmail('ana@example.com'));
      expect(error.code).toBe('CONFAB_STORE_FAILED');
      // Answered by its promise, so not reported again as an error event.
      expect(events.of('error')).toEqual([]);
    });
  });

  describe('rate()', () => {
    it('sends score and comment, leaving a blank comment out, and resolves on done', async () => {
      const { relay, client } = setup();
      await tick();
      await client.rate(4, '  Quick answer ');
      expect(relay.rating).toEqual({ score: 4, comment: 'Quick answer' });
      await client.rate(5, '   ');
      expect(relay.rating).toEqual({ score: 5 });
      expect(relay.requests.map((frame) => frame.type === 'rate' && [frame.score, frame.comment])).toEqual([
        [4, 'Quick answer'],
        [5, undefined],
      ]);
    });

    it.each([[0], [6], [3.5], [Number.NaN], ['5']])('refuses the score %j with CONFAB_REQUEST_INVALID before sending anything', async (score) => {
      const { relay, client } = setup();
      await tick();
      const error = await rejection(client.rate(score as number));
      expect(error.code).toBe('CONFAB_REQUEST_INVALID');
      expect(error.message).toContain('score');
      expect(relay.requests).toEqual([]);
    });

    it('refuses a comment longer than 2000 characters', async () => {
      const { relay, client } = setup();
      await tick();
      const error = await rejection(client.rate(3, 'x'.repeat(2001)));
      expect(error.code).toBe('CONFAB_REQUEST_INVALID');
      expect(error.message).toContain('comment');
      expect(relay.requests).toEqual([]);
    });

    it('waits while offline and sends once after the next welcome', async () => {
      const { relay, client } = setup();
      await tick();
      relay.isDown = true;
      relay.dropAll();
      await tick();
      const rated = track(client.rate(2, 'Slow'));
      await tick(100);
      expect(rated.outcome).toBe('pending');
      expect(relay.requests).toEqual([]);
      relay.isDown = false;
      await tick(30_000);
      expect(client.state).toBe('open');
      expect(rated.outcome).toBe('resolved');
      expect(relay.requests).toHaveLength(1);
      expect(relay.rating).toEqual({ score: 2, comment: 'Slow' });
    });

    it('sends an unanswered rating again, with the same request id, after a reconnect', async () => {
      const { relay, client } = setup();
      await tick();
      relay.requestAnswer = 'none';
      const rated = track(client.rate(5));
      await tick();
      relay.dropAll();
      relay.requestAnswer = 'done';
      await tick(250);
      expect(rated.outcome).toBe('resolved');
      expect(relay.requests).toHaveLength(2);
      expect(relay.requests[1]).toEqual(relay.requests[0]);
    });

    it('lets a later rating replace one not yet answered: one goes out, both promises resolve', async () => {
      const { relay, client } = setup();
      await tick();
      relay.isDown = true;
      relay.dropAll();
      await tick();
      const first = track(client.rate(1));
      const second = track(client.rate(4, 'Changed my mind'));
      relay.isDown = false;
      await tick(30_000);
      expect(relay.requests.map((frame) => frame.type === 'rate' && frame.score)).toEqual([4]);
      expect([first.outcome, second.outcome]).toEqual(['resolved', 'resolved']);
    });

    it('rejects with CONFAB_TIMEOUT when an open connection gets no answer, and checks the socket', async () => {
      const { relay, client } = setup({ requestTimeoutMs: 5000 });
      await tick();
      relay.requestAnswer = 'none';
      const rated = track(client.rate(3));
      await tick(5000);
      expect(rated.outcome).toBe('CONFAB_TIMEOUT');
      expect(relay.sockets.sockets.at(-1)!.sentOf('ping')).toHaveLength(1);
    });

    it('rejects with CONFAB_NOT_FOUND rather than rate a new conversation when the session was lost', async () => {
      const { relay, client } = setup();
      await tick();
      relay.isDown = true;
      relay.dropAll();
      await tick();
      const rated = track(client.rate(5));
      relay.forgetSession();
      relay.isDown = false;
      await tick(30_000);
      expect(rated.outcome).toBe('CONFAB_NOT_FOUND');
      expect(relay.requests).toEqual([]);
    });

    it('goes out in call order after an email, both before a message sent while their code loads', async () => {
      const { relay, client } = setup();
      await tick();
      // The client's first such request loads their checks (request-frames.ts).
      const emailed = client.leaveEmail('ana@example.com');
      const rated = client.rate(5, 'Thanks');
      const sent = client.send('Bye!');
      await Promise.all([emailed, rated, sent]);
      const types = relay.sockets.last().sent.map((frame) => frame.type);
      expect(types.filter((type) => ['contact', 'rate', 'message'].includes(type))).toEqual(['contact', 'rate', 'message']);
      expect(relay.requests.map((frame) => frame.type)).toEqual(['contact', 'rate']);
    });

    it('rejects pending and later calls with CONFAB_CLIENT_CLOSED after close()', async () => {
      const { relay, client } = setup();
      await tick();
      relay.requestAnswer = 'none';
      const rated = track(client.rate(5));
      const emailed = track(client.leaveEmail('ana@example.com'));
      client.close();
      await tick();
      expect([rated.outcome, emailed.outcome]).toEqual(['CONFAB_CLIENT_CLOSED', 'CONFAB_CLIENT_CLOSED']);
      expect((await rejection(client.rate(4))).code).toBe('CONFAB_CLIENT_CLOSED');
      expect((await rejection(client.leaveEmail('ana@example.com'))).code).toBe('CONFAB_CLIENT_CLOSED');
    });
  });
});
