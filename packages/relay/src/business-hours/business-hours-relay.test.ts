import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '@confab/protocol';
import { testRelays } from '../test-support/relay.js';
import { sendMessage } from '../test-support/socket.js';

const relayWith = testRelays();

/** A relay clock that starts at `iso` and runs at real speed, so timers and rate limits behave. */
function clockFrom(iso: string): () => number {
  const offset = Date.parse(iso) - Date.now();
  return () => Date.now() + offset;
}

const berlinOffice = {
  timeZone: 'Europe/Berlin',
  weekly: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-18:00'] },
  holidays: ['2026-12-25'],
};

describe('business hours on a running relay', () => {
  it('tells a shopper outside the hours when the team is back, and keeps the email they leave', async () => {
    // Thursday 24 December 2026, 19:00 in Berlin; Friday is a holiday, then the weekend.
    const relay = await relayWith({ businessHours: berlinOffice, now: clockFrom('2026-12-24T18:00:00Z') });
    const { socket, welcome } = await relay.visitor();
    expect(welcome.availability).toEqual({ isOpen: false, opensAt: Date.parse('2026-12-28T08:00:00Z'), timeZone: 'Europe/Berlin' });

    await sendMessage({ socket, welcome }, 'question-kettle-1', 'Is the kettle in stock?');
    socket.send({ type: 'contact', requestId: 'left-email', email: 'ana@example.com' });
    await socket.waitFor('done', (done) => done.requestId === 'left-email');
    const { status, body } = await relay.api<{ conversations: ConversationSummary[] }>('GET', '/v1/agent/conversations');
    expect(status).toBe(200);
    expect(body.conversations.map(({ id, email }) => ({ id, email }))).toEqual([{ id: welcome.conversationId, email: 'ana@example.com' }]);
  });

  it('says the team is in during the hours', async () => {
    // Monday 28 December 2026, 10:00 in Berlin.
    const relay = await relayWith({ businessHours: berlinOffice, now: clockFrom('2026-12-28T09:00:00Z') });
    expect((await relay.visitor()).welcome.availability).toEqual({ isOpen: true, timeZone: 'Europe/Berlin' });
  });

  it('sends no availability without business hours', async () => {
    const relay = await relayWith();
    const { welcome } = await relay.visitor();
    expect(welcome).not.toHaveProperty('availability');
  });

  it('works out availability again for every welcome', async () => {
    // Monday 28 December 2026, 17:59:59.5 in Berlin: open now, closed a moment later.
    let now = Date.parse('2026-12-28T16:59:59.500Z');
    const relay = await relayWith({ businessHours: berlinOffice, now: () => now });
    expect((await relay.visitor()).welcome.availability?.isOpen).toBe(true);
    now += 1000;
    const { welcome } = await relay.visitor();
    expect(welcome.availability).toEqual({ isOpen: false, opensAt: Date.parse('2026-12-29T08:00:00Z'), timeZone: 'Europe/Berlin' });
  });

  it('refuses to start with bad business hours, naming the bad part', async () => {
    await expect(relayWith({ businessHours: { timeZone: 'Europe/Berlin', weekly: { mon: ['9-18'] } } })).rejects.toMatchObject({
      code: 'CONFAB_CONFIG_INVALID',
      message: expect.stringContaining('.weekly.mon[0] "9-18" is not a range such as "09:00-18:00"'),
    });
  });
});
