import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES, PROTOCOL_VERSION, createId, type ChatMessage } from '@confab/protocol';
import { eventually, testRelays, type TestRelay } from './test-support/relay.js';
import type { TestSocket } from './test-support/socket.js';

const relayWith = testRelays();
const paused: Socket[] = [];
// Registered after testRelays(), so it runs first: a paused client could not complete the close
// that ends each test.
afterEach(() => {
  for (const socket of paused.splice(0)) socket.resume();
});

/** 3990 CJK characters: about 12 KB of UTF-8 per message, so a few hundred fill the kernel's socket buffers. */
const BIG_TEXT = '满'.repeat(3990);

/** The relay's side of the only WebSocket it holds right now. */
function onlyServerSocket(relay: TestRelay): WebSocket {
  const clients = [...relay.app.websocketServer.clients];
  expect(clients).toHaveLength(1);
  return clients[0]!;
}

/** Records the largest number of unsent bytes the relay's socket held right after any send. */
function watchQueue(socket: WebSocket): { readonly max: number } {
  const watch = { max: 0 };
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  (socket as unknown as { send: (...args: unknown[]) => void }).send = (...args) => {
    send(...args);
    watch.max = Math.max(watch.max, socket.bufferedAmount);
  };
  return watch;
}

/** The TCP socket under a `ws` client. */
function tcpOf<F extends { type: string }>(socket: TestSocket<F>): Socket {
  return (socket.raw as unknown as { _socket: Socket })._socket;
}

/** Stops reading from a client's TCP socket, as a frozen tab or a stalled phone would. */
function pause<F extends { type: string }>(socket: TestSocket<F>): void {
  tcpOf(socket).pause();
  paused.push(tcpOf(socket));
}

/** Posts agent replies, 16 at a time, until `done()` or `limit` replies; returns their ids in posting order. */
async function flood(relay: TestRelay, conversationId: string, done: () => boolean, limit = 3000): Promise<string[]> {
  const ids: string[] = [];
  while (!done() && ids.length < limit) {
    const batch = Array.from({ length: 16 }, () => createId());
    ids.push(...batch);
    const responses = await Promise.all(
      batch.map((id, index) =>
        relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { id, text: `${ids.length + index} ${BIG_TEXT}` } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(batch.map(() => 201));
  }
  return ids;
}

/** Every frame up to a pong: a barrier, because the relay answers frames in order. */
async function drainUntilPong(socket: TestSocket, nonce: string): Promise<void> {
  socket.send({ type: 'ping', nonce });
  await socket.waitFor('pong', (pong) => pong.nonce === nonce, 30_000);
}

function messagesOf(socket: TestSocket): ChatMessage[] {
  return socket.received.flatMap((frame) => (frame.type === 'message' ? [frame.message] : []));
}

describe('SocketChannel outgoing queue', () => {
  it('closes a visitor that stopped reading with 4009 at the bound, and a new connection resumes with every message once', async () => {
    const maxQueuedBytes = 256 * 1024;
    const logLines: string[] = [];
    const relay = await relayWith({ maxQueuedBytes, logLevel: 'warn', logStream: { write: (line) => void logLines.push(line) } });
    const visitor = await relay.visitor();
    const { conversationId, token } = visitor.welcome;
    const serverSocket = onlyServerSocket(relay);
    const queue = watchQueue(serverSocket);
    pause(visitor.socket);

    const ids = await flood(relay, conversationId, () => serverSocket.readyState !== WebSocket.OPEN);
    expect(serverSocket.readyState).toBe(WebSocket.CLOSING);
    // Nothing was queued past the bound (one frame is always allowed onto an empty queue, and
    // these frames are far smaller than the bound).
    expect(queue.max).toBeLessThanOrEqual(maxQueuedBytes);
    expect(queue.max).toBeGreaterThan(0);
    // Traffic for a closing connection is not queued: its queue does not grow any more.
    const queuedAtClose = serverSocket.bufferedAmount;
    ids.push(...(await flood(relay, conversationId, () => false, 32)));
    expect(serverSocket.bufferedAmount).toBe(queuedAtClose);
    expect(logLines.map((line) => JSON.parse(line) as { level: number; msg: string })).toContainEqual(
      expect.objectContaining({ level: 40, msg: expect.stringContaining('4009 slow consumer') }),
    );

    // The client reads again: what was queued arrives in order, then the close with 4009.
    tcpOf(visitor.socket).resume();
    expect((await visitor.socket.closed(30_000)).code).toBe(CLOSE_CODES.SLOW_CONSUMER);
    const before = messagesOf(visitor.socket);
    expect(before.map((message) => message.seq)).toEqual(before.map((_, index) => index + 1));
    expect(before.length).toBeLessThan(ids.length);

    // It resumes from the last seq it holds and gets exactly the rest, in order, through a
    // replay much larger than the bound.
    const lastSeq = before.at(-1)?.seq ?? 0;
    const back = await relay.visitor({ token, lastSeq });
    await drainUntilPong(back.socket, 'after replay');
    const after = messagesOf(back.socket);
    const all = [...before, ...after];
    expect(all.map((message) => message.seq)).toEqual(ids.map((_, index) => index + 1));
    expect(new Set(all.map((message) => message.id))).toEqual(new Set(ids));
    expect(back.socket.received.some((frame) => frame.type === 'error')).toBe(false);
  });

  it('cuts a connection that reads nothing at all once the 4009 close has had its grace time', async () => {
    const relay = await relayWith({ maxQueuedBytes: 128 * 1024, closeGraceMs: 300 });
    const visitor = await relay.visitor();
    const serverSocket = onlyServerSocket(relay);
    pause(visitor.socket);
    await flood(relay, visitor.welcome.conversationId, () => serverSocket.readyState !== WebSocket.OPEN);
    // The client never reads again: the relay frees the socket and its queue on its own.
    await eventually('the relay to cut the socket', () => serverSocket.readyState === WebSocket.CLOSED);
    await eventually('the visitor to leave the hub', () => relay.app.confab.hub.connectionCounts().visitors === 0);
    expect(relay.app.websocketServer.clients.size).toBe(0);
    tcpOf(visitor.socket).resume();
    expect((await visitor.socket.closed()).code).toBe(1006);
  });

  it('closes an agent stream that stopped reading with 4009 as well', async () => {
    const relay = await relayWith({ maxQueuedBytes: 128 * 1024 });
    const visitor = await relay.visitor();
    visitor.socket.raw.close();
    await visitor.socket.closed();
    await eventually('the visitor to leave the hub', () => relay.app.confab.hub.connectionCounts().visitors === 0);
    const agent = await relay.agent();
    const serverSocket = onlyServerSocket(relay);
    const queue = watchQueue(serverSocket);
    pause(agent);
    await flood(relay, visitor.welcome.conversationId, () => serverSocket.readyState !== WebSocket.OPEN);
    expect(queue.max).toBeLessThanOrEqual(128 * 1024);
    tcpOf(agent).resume();
    expect((await agent.closed(30_000)).code).toBe(CLOSE_CODES.SLOW_CONSUMER);
    await eventually('the agent to leave the hub', () => relay.app.confab.hub.connectionCounts().agents === 0);
  });

  it('paces a replay far larger than the bound to a client that reads slowly, and sends a history page larger than the bound whole', async () => {
    const maxQueuedBytes = 65536;
    const relay = await relayWith({ maxQueuedBytes });
    const first = await relay.visitor();
    const { conversationId, token } = first.welcome;
    await first.socket.close();
    // About 8 MB: more than the loopback socket buffers hold, so the relay's own queue is used.
    const ids = await flood(relay, conversationId, () => false, 640);
    const back = await relay.socket('/v1/ws');
    const queue = watchQueue(onlyServerSocket(relay));
    back.send({ type: 'hello', versions: [PROTOCOL_VERSION], token, lastSeq: 0 });
    await back.waitFor('welcome');
    // The client stalls while the replay runs: the relay waits instead of queueing past the bound.
    pause(back);
    await eventually('the relay to queue part of the replay', () => onlyServerSocket(relay).bufferedAmount > 0);
    tcpOf(back).resume();
    await drainUntilPong(back, 'replayed');
    expect(queue.max).toBeLessThanOrEqual(maxQueuedBytes);
    expect(messagesOf(back).map((message) => message.seq)).toEqual(ids.map((_, index) => index + 1));
    back.send({ type: 'history', requestId: 'big', limit: 100 });
    const page = await back.waitFor('history', (frame) => frame.requestId === 'big', 30_000);
    expect(page.messages.map((message) => message.seq)).toEqual(Array.from({ length: 100 }, (_, index) => ids.length - 99 + index));
    expect(back.raw.readyState).toBe(WebSocket.OPEN);
  });
});
