import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, createId, type AgentServerMessage } from '@confab/protocol';
import { testRelays } from './test-support/relay.js';
import { sendMessage } from './test-support/socket.js';

const relayWith = testRelays();

describe('agent stream', () => {
  it('welcomes an agent with the right token', async () => {
    const relay = await relayWith({ heartbeatMs: 30_000 });
    const agent = await relay.socket<AgentServerMessage>('/v1/agent/ws');
    agent.send({ type: 'hello', versions: [1], token: relay.agentToken });
    expect(await agent.waitFor('welcome')).toEqual({ type: 'welcome', version: 1, heartbeatMs: 30_000 });
    agent.send({ type: 'ping', nonce: 'a' });
    expect(await agent.waitFor('pong')).toEqual({ type: 'pong', nonce: 'a' });
  });

  it('refuses a wrong token with CONFAB_AUTH_REJECTED and 4003', async () => {
    const relay = await relayWith();
    const agent = await relay.socket<AgentServerMessage>('/v1/agent/ws');
    agent.send({ type: 'hello', versions: [1], token: 'not-the-agent-token' });
    expect((await agent.waitFor('error')).code).toBe('CONFAB_AUTH_REJECTED');
    expect((await agent.closed()).code).toBe(CLOSE_CODES.AUTH_REJECTED);
  });

  it('closes with 4001 on a frame before hello and with 4002 without a shared version', async () => {
    const relay = await relayWith();
    const early = await relay.socket<AgentServerMessage>('/v1/agent/ws');
    early.send({ type: 'ping' });
    expect((await early.waitFor('error')).code).toBe('CONFAB_HANDSHAKE_REQUIRED');
    expect((await early.closed()).code).toBe(CLOSE_CODES.HANDSHAKE_REQUIRED);
    const future = await relay.socket<AgentServerMessage>('/v1/agent/ws');
    future.send({ type: 'hello', versions: [2], token: relay.agentToken });
    expect((await future.waitFor('error')).code).toBe('CONFAB_VERSION_UNSUPPORTED');
    expect((await future.closed()).code).toBe(CLOSE_CODES.VERSION_UNSUPPORTED);
  });

  it('answers bad frames after the handshake with error frames and keeps streaming', async () => {
    const relay = await relayWith();
    const agent = await relay.agent();
    agent.send('{');
    expect((await agent.waitFor('error')).code).toBe('CONFAB_JSON_INVALID');
    agent.send({ type: 'message', text: 'agents reply over HTTP' });
    expect((await agent.waitFor('error')).code).toBe('CONFAB_TYPE_UNKNOWN');
    agent.send({ type: 'hello', versions: [1], token: relay.agentToken });
    expect((await agent.waitFor('error')).code).toBe('CONFAB_HANDSHAKE_REQUIRED');
    expect((await agent.closed()).code).toBe(CLOSE_CODES.HANDSHAKE_REQUIRED);
  });

  it('pushes messages, summaries, typing, read receipts and quick replies live', async () => {
    const relay = await relayWith();
    const agent = await relay.agent();
    const otherAgent = await relay.agent();
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;

    const ack = await sendMessage(visitor, createId(), 'Is it in stock?');
    expect((await agent.waitFor('message')).message).toMatchObject({ seq: ack.seq, text: 'Is it in stock?' });
    expect((await agent.waitFor('conversation')).conversation).toMatchObject({ id: conversationId, unreadCount: 1, lastMessage: { seq: 1 } });

    await relay.api('POST', `/v1/agent/conversations/${conversationId}/typing`, { body: { isTyping: true, authorName: 'Mei' } });
    expect(await otherAgent.waitFor('typing')).toMatchObject({ conversationId, isTyping: true, author: { role: 'agent', name: 'Mei' } });

    const reply = await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { text: 'Yes!', authorName: 'Mei' } });
    expect(reply.status).toBe(201);
    // Replying ends the agent's typing indicator, for the shopper and the other agents.
    expect(await otherAgent.waitFor('typing')).toMatchObject({ isTyping: false, author: { role: 'agent', name: 'Mei' } });
    expect(await visitor.socket.waitFor('typing')).toMatchObject({ isTyping: true });
    expect(await visitor.socket.waitFor('typing')).toMatchObject({ isTyping: false });
    expect((await otherAgent.waitFor('message', (frame) => frame.message.seq === 2)).message).toMatchObject({ author: { role: 'agent', name: 'Mei' } });

    await relay.api('POST', `/v1/agent/conversations/${conversationId}/read`, { body: { seq: 2 } });
    expect(await agent.waitFor('read')).toEqual({ type: 'read', conversationId, seq: 2, by: 'agent' });

    await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'stock', text: 'It is in stock.' } });
    const quickReplies = await agent.waitFor('quick-replies');
    expect(quickReplies.quickReplies.map((q) => q.shortcut)).toEqual(['stock']);
  });

  it('reports presence: online when the first tab connects, offline when the last one leaves', async () => {
    const relay = await relayWith();
    const first = await relay.visitor();
    const { conversationId, token } = first.welcome;
    await sendMessage(first, createId(), 'hello');
    const agent = await relay.agent();
    const second = await relay.visitor({ token });
    await first.socket.close();
    await second.socket.close();
    const offline = await agent.waitFor('conversation', (frame) => !frame.conversation.visitorOnline);
    expect(offline.conversation.id).toBe(conversationId);
    // Only the last tab leaving changes presence.
    expect(agent.received.filter((frame) => frame.type === 'conversation')).toHaveLength(1);
    await relay.visitor({ token });
    expect((await agent.waitFor('conversation')).conversation).toMatchObject({ id: conversationId, visitorOnline: true });
  });

  it('announces the new context of a shopper who opens another page while a tab is still connected', async () => {
    const relay = await relayWith();
    const first = await relay.visitor({ context: { url: 'https://shop.example/p/1' } });
    await sendMessage(first, createId(), 'hello');
    const agent = await relay.agent();
    await relay.visitor({ token: first.welcome.token, context: { url: 'https://shop.example/p/2', title: 'Second kettle' } });
    const update = await agent.waitFor('conversation');
    expect(update.conversation).toMatchObject({ id: first.welcome.conversationId, context: { url: 'https://shop.example/p/2', title: 'Second kettle' } });
  });

  it('does not announce conversations that have no message yet', async () => {
    const relay = await relayWith();
    const agent = await relay.agent();
    const silent = await relay.visitor();
    await silent.socket.close();
    const writer = await relay.visitor();
    await sendMessage(writer, createId(), 'first words');
    const summary = await agent.waitFor('conversation');
    expect(summary.conversation.id).toBe(writer.welcome.conversationId);
    expect(agent.received.some((frame) => frame.type === 'conversation' && frame.conversation.id === silent.welcome.conversationId)).toBe(false);
  });
});
