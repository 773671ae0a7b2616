import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createId, type ConversationSummary } from '@confab/protocol';
import { eventually, testRelays } from '../test-support/relay.js';
import { sendMessage } from '../test-support/socket.js';
import { recordingAdapter } from '../test-support/uploads.js';

const relayWith = testRelays();
const SECRET = 'shop-identity-secret-0123456789';

function jwtFor(payload: Record<string, unknown>, secret = SECRET): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

describe('identify on a running relay', () => {
  it('stores a verified identity from a userId and its hash, tells the agents and the adapters', async () => {
    const desk = recordingAdapter();
    const relay = await relayWith({ identitySecret: SECRET, customAdapters: [desk.adapter] });
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    await sendMessage(visitor, createId(), 'Where is my order?');
    const hash = createHmac('sha256', SECRET).update('user-42').digest('hex');
    visitor.socket.send({ type: 'identify', requestId: 'who-1', userId: 'user-42', name: 'Ana', email: 'ana@example.com', hash });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'who-1');

    const identity = { userId: 'user-42', name: 'Ana', email: 'ana@example.com', isVerified: true };
    const live = await agent.waitFor('conversation', (frame) => frame.conversation.identity !== undefined);
    expect(live.conversation.identity).toEqual(identity);
    const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}`);
    expect(body.identity).toEqual(identity);
    const delivery = await eventually('the identity delivery', () => desk.seen.find((seen) => (seen.event.type as string) === 'identity'));
    expect(delivery.event).toEqual({ type: 'identity', conversationId: visitor.welcome.conversationId, identity });
  });

  it('stores the identity a JWT names', async () => {
    const relay = await relayWith({ identitySecret: SECRET });
    const visitor = await relay.visitor();
    const jwt = jwtFor({ sub: 'user-7', name: 'Mei', exp: Math.floor(Date.now() / 1000) + 600 });
    visitor.socket.send({ type: 'identify', requestId: 'who-jwt', jwt });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'who-jwt');
    const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}`);
    expect(body.identity).toEqual({ userId: 'user-7', name: 'Mei', isVerified: true });
  });

  it('answers a bad hash, a forged or expired JWT with an error naming the request, and stores nothing', async () => {
    const relay = await relayWith({ identitySecret: SECRET });
    const visitor = await relay.visitor();
    const attempts: [string, Record<string, unknown>, string][] = [
      ['bad-hash', { userId: 'user-42', hash: 'f'.repeat(64) }, 'CONFAB_IDENTITY_INVALID'],
      ['no-hash', { userId: 'user-42' }, 'CONFAB_IDENTITY_INVALID'],
      ['forged', { jwt: jwtFor({ sub: 'admin' }, 'not-the-shop-secret-0123') }, 'CONFAB_IDENTITY_INVALID'],
      ['expired', { jwt: jwtFor({ sub: 'user-7', exp: Math.floor(Date.now() / 1000) - 5 }) }, 'CONFAB_IDENTITY_EXPIRED'],
      ['nobody', { name: 'Ana' }, 'CONFAB_REQUEST_INVALID'],
    ];
    for (const [requestId, fields, code] of attempts) {
      visitor.socket.send({ type: 'identify', requestId, ...fields });
      const error = await visitor.socket.waitFor('error', (frame) => frame.requestId === requestId);
      expect(error.code, requestId).toBe(code);
    }
    expect(visitor.socket.unread('done')).toEqual([]);
    const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}`);
    expect(body.identity).toBeUndefined();
  });

  it('without a secret, keeps a user id unverified and refuses a JWT', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    visitor.socket.send({ type: 'identify', requestId: 'jwt', jwt: jwtFor({ sub: 'user-7' }) });
    const error = await visitor.socket.waitFor('error', (frame) => frame.requestId === 'jwt');
    expect(error.code).toBe('CONFAB_IDENTITY_INVALID');
    expect(error.message).toContain('no identity secret');
    visitor.socket.send({ type: 'identify', requestId: 'plain', userId: 'user-42', email: 'ana@example.com' });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'plain');
    const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}`);
    expect(body.identity).toEqual({ userId: 'user-42', email: 'ana@example.com', isVerified: false });
  });

  it('never writes the identity secret to the logs', async () => {
    const lines: string[] = [];
    const relay = await relayWith({ identitySecret: SECRET, logLevel: 'trace', logStream: { write: (line) => void lines.push(line) } });
    const visitor = await relay.visitor();
    visitor.socket.send({ type: 'identify', requestId: 'bad', userId: 'user-42', hash: '0'.repeat(64) });
    await visitor.socket.waitFor('error', (frame) => frame.requestId === 'bad');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
