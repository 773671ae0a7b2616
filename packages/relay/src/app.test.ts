import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, ConfabError, createId, type ConversationSummary, type QuickReply, type TranscriptPage } from '@confab/protocol';
import { createRelay } from './app.js';
import { startTestRelay, type TestRelay } from './test-support/relay.js';
import { sendMessage } from './test-support/socket.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/**
 * A WebSocket client that upgrades and then never answers anything, not even the close frame:
 * it keeps a relay draining for its whole grace period.
 */
function openDeafSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.write(
        'GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('data', (chunk) => (chunk.toString().startsWith('HTTP/1.1 101') ? resolve(socket) : reject(new Error(chunk.toString()))));
    socket.on('error', () => {});
  });
}

describe('createRelay', () => {
  it('reports health with the connection counts', async () => {
    const relay = await startTestRelay();
    cleanups.push(() => relay.close());
    await relay.visitor();
    await relay.agent();
    const health = await relay.api<{ status: string; uptimeMs: number; connections: object }>('GET', '/healthz', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', connections: { visitors: 1, agents: 1 } });
    expect(health.body.uptimeMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses invalid options with CONFAB_CONFIG_INVALID naming the option', async () => {
    await expect(createRelay({ port: 70_000, agentToken: 'x'.repeat(20) })).rejects.toThrow(/options\.port=70000 is not a port/);
    await expect(createRelay({ agentToken: 'short' })).rejects.toMatchObject({ code: 'CONFAB_CONFIG_INVALID', message: expect.stringContaining('options.agentToken') });
    await expect(createRelay({ dev: false })).rejects.toMatchObject({ code: 'CONFAB_CONFIG_INVALID', message: expect.stringContaining('agentToken is required') });
    await expect(createRelay({ agentToken: 'x'.repeat(20), maxQueuedBytes: 100 })).rejects.toThrow(
      /options\.maxQueuedBytes=100 is not a queue size; use an integer from 1024 to 1073741824 \(bytes\)/,
    );
    await expect(createRelay({ agentToken: 'x'.repeat(20), closeGraceMs: 0 })).rejects.toThrow(/options\.closeGraceMs=0 is not a duration/);
    const unknown = await createRelay({ agentToken: 'x'.repeat(20), ...({ prot: 1 } as object) }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ConfabError);
    expect((unknown as ConfabError).message).toContain('"prot"');
  });

  it('generates an agent token in dev mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'confab-relay-test-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const app = await createRelay({ dev: true, dataDir, logLevel: 'silent' });
    cleanups.push(() => app.close());
    const { agentToken, agentTokenGenerated } = app.confab.options;
    expect(agentTokenGenerated).toBe(true);
    expect(agentToken.length).toBeGreaterThanOrEqual(21);
    const response = await app.inject({ url: '/v1/agent/conversations', headers: { authorization: `Bearer ${agentToken}` } });
    expect(response.statusCode).toBe(200);
  });
});

describe('the relay’s uploads', () => {
  it('stores an agent’s file only for a conversation that exists', async () => {
    const relay = await startTestRelay();
    cleanups.push(() => relay.close());
    const { welcome } = await relay.visitor();
    const post = (conversationId: string) =>
      fetch(`${relay.baseUrl}/v1/uploads?name=note.txt&conversationId=${conversationId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${relay.agentToken}`, 'content-type': 'text/plain' },
        body: 'Your order ships today.',
      });
    const refused = await post(createId());
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ code: 'CONFAB_NOT_FOUND' });
    const stored = await post(welcome.conversationId);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ name: 'note.txt', type: 'text/plain' });
  });
});

describe('relay shutdown and restart', () => {
  it('closes sockets with 4010 on close and refuses new work with 503 while draining', async () => {
    const relay = await startTestRelay({ shutdownGraceMs: 1500 });
    cleanups.push(() => relay.close());
    const visitor = await relay.visitor();
    const agent = await relay.agent();
    await sendMessage(visitor, createId(), 'before shutdown');
    const deaf = await openDeafSocket(relay.port);
    cleanups.push(() => void deaf.destroy());

    const stopping = relay.stop();
    expect((await visitor.socket.closed()).code).toBe(CLOSE_CODES.GOING_AWAY);
    expect((await agent.closed()).code).toBe(CLOSE_CODES.GOING_AWAY);
    // The deaf socket holds the drain open, so the relay still answers, but only to say it is leaving.
    const health = await relay.api<{ status: string }>('GET', '/healthz', { token: null });
    expect(health).toMatchObject({ status: 503, body: { status: 'draining' } });
    const api = await relay.api('GET', '/v1/agent/conversations');
    expect(api).toMatchObject({ status: 503, body: { code: 'CONFAB_SHUTTING_DOWN' } });
    await expect(relay.visitor()).rejects.toMatchObject({ status: 503, body: expect.stringContaining('CONFAB_SHUTTING_DOWN') });
    await stopping;
  });

  it('loses nothing across a restart on the same data directory', async () => {
    let relay: TestRelay = await startTestRelay();
    cleanups.push(() => relay.close());
    const visitor = await relay.visitor({ context: { title: 'Aster kettle' } });
    const { conversationId, token } = visitor.welcome;
    const texts = ['你好', 'مرحبا 👋🏽', 'line one\nline two', 'e\u0301 combining'];
    for (const text of texts) await sendMessage(visitor, createId(), text);
    await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { text: 'reply', authorName: 'Mei' } });
    await relay.api('POST', `/v1/agent/conversations/${conversationId}/read`, { body: { seq: 4 } });
    const quickReply = await relay.api<QuickReply>('POST', '/v1/agent/quick-replies', { body: { shortcut: 'hi', text: 'Hello!' } });
    const before = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);

    relay = await relay.restart();

    const after = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
    expect({ ...after.body, visitorOnline: true }).toEqual(before.body);
    const page = await relay.api<TranscriptPage>('GET', `/v1/agent/conversations/${conversationId}/messages`);
    expect(page.body.messages.map((m) => m.text)).toEqual([...texts, 'reply']);
    const back = await relay.visitor({ token, lastSeq: 4 });
    expect(back.welcome).toMatchObject({ resumed: true, conversationId, lastSeq: 5 });
    expect((await back.socket.waitFor('message')).message).toMatchObject({ seq: 5, text: 'reply' });
    expect((await sendMessage(back, createId(), 'after restart')).seq).toBe(6);
    const quickReplies = await relay.api<{ quickReplies: QuickReply[] }>('GET', '/v1/agent/quick-replies');
    expect(quickReplies.body.quickReplies).toEqual([quickReply.body]);
  });
});
