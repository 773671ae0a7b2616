import { describe, expect, it } from 'vitest';
import { createId, type ConversationSummary, type PreChatForm } from '@confab/protocol';
import { testRelays } from '../test-support/relay.js';
import { sendMessage } from '../test-support/socket.js';

const relayWith = testRelays();

const FORM: PreChatForm = {
  when: 'always',
  fields: [
    { key: 'name', isRequired: true },
    { key: 'email', type: 'email', isRequired: true },
    { key: 'order', label: 'Order number' },
  ],
};

describe('the pre-chat form on a running relay', () => {
  it('offers the form until it is answered, stores the profile and its email, and tells the agents', async () => {
    const relay = await relayWith({ preChat: FORM });
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    expect(visitor.welcome.preChat).toEqual(FORM);
    await sendMessage(visitor, createId(), 'Hello');

    visitor.socket.send({ type: 'profile', requestId: 'form-1', fields: { name: 'Ana', email: 'ana@example.com', order: 'A-1001' } });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'form-1');
    const profile = { name: 'Ana', email: 'ana@example.com', order: 'A-1001' };
    const live = await agent.waitFor('conversation', (frame) => frame.conversation.profile !== undefined);
    expect(live.conversation).toMatchObject({ profile, email: 'ana@example.com' });

    // The same conversation, resumed: answered, so no form.
    const again = await relay.visitor({ token: visitor.welcome.token });
    expect(again.welcome.resumed).toBe(true);
    expect(again.welcome.preChat).toBeUndefined();
    // A new shopper still gets it.
    expect((await relay.visitor()).welcome.preChat).toEqual(FORM);
  });

  it('refuses answers that do not fit the form and stores nothing', async () => {
    const relay = await relayWith({ preChat: FORM });
    const visitor = await relay.visitor();
    const attempts: [string, Record<string, string>][] = [
      ['missing-name', { email: 'ana@example.com' }],
      ['bad-email', { name: 'Ana', email: 'ana' }],
      ['unknown-key', { name: 'Ana', email: 'ana@example.com', coupon: 'FREE' }],
    ];
    for (const [requestId, fields] of attempts) {
      visitor.socket.send({ type: 'profile', requestId, fields });
      expect((await visitor.socket.waitFor('error', (frame) => frame.requestId === requestId)).code, requestId).toBe('CONFAB_REQUEST_INVALID');
    }
    const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}`);
    expect(body.profile).toBeUndefined();
    expect(body.email).toBeUndefined();
    expect((await relay.visitor({ token: visitor.welcome.token })).welcome.preChat).toEqual(FORM);
  });

  it('refuses a profile when the relay has no form', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    expect(visitor.welcome.preChat).toBeUndefined();
    visitor.socket.send({ type: 'profile', requestId: 'no-form', fields: { name: 'Ana' } });
    expect((await visitor.socket.waitFor('error', (frame) => frame.requestId === 'no-form')).code).toBe('CONFAB_REQUEST_INVALID');
  });

  it('offers an offline form only outside business hours', async () => {
    const offline: PreChatForm = { when: 'offline', fields: [{ key: 'email', type: 'email', isRequired: true }] };
    const businessHours = { timeZone: 'UTC', weekly: { mon: ['09:00-17:00'] } };
    // Monday 7 December 2026, 10:00 UTC: open; 20:00: closed.
    const open = await relayWith({ preChat: offline, businessHours, now: () => Date.parse('2026-12-07T10:00:00Z') });
    expect((await open.visitor()).welcome.preChat).toBeUndefined();
    const closed = await relayWith({ preChat: offline, businessHours, now: () => Date.parse('2026-12-07T20:00:00Z') });
    expect((await closed.visitor()).welcome.preChat).toEqual(offline);
  });

  it('refuses a bad form at start, naming the part', async () => {
    await expect(relayWith({ preChat: { when: 'always', fields: [{ key: 'Bad Key' }] } as PreChatForm })).rejects.toMatchObject({
      code: 'CONFAB_CONFIG_INVALID',
      message: expect.stringContaining('fields[0].key'),
    });
  });
});
