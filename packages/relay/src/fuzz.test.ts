import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, createId, type AgentServerMessage, type ChatMessage, type ServerMessage, type TranscriptPage } from '@confab/protocol';
import { between, pick, seededRandom, testSeed, type Random } from './test-support/random.js';
import { eventually, testRelays, type TestRelay } from './test-support/relay.js';
import { sendMessage, type TestSocket, type Visitor } from './test-support/socket.js';

// A storm of random and hostile input from many connections against a relay on a real port, while
// three shoppers and an agent chat normally. Bounded: STORM_MS of storm, a fixed number of actors.
const relayWith = testRelays();
const SEED = testSeed();
const STORM_MS = 8000;
const HOSTILE_ACTORS = 12;
const NORMAL_VISITORS = 3;
const MAX_FRAME_BYTES = 65536;

setFlagsFromString('--expose-gc');
// A context created after the flag is set gets `gc`; the flag alone does not reach this one.
const gc = runInNewContext('gc') as () => void;

function heapUsedAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** Every socket the storm opened, to be cut at the end whatever state it is in. */
const hostileSockets = new Set<{ destroy(): void }>();

/** A WebSocket frame as a client sends it (masked), built by hand so it can be truncated or malformed. */
function clientFrame(opcode: number, payload: Buffer, options: { fin?: boolean; masked?: boolean; claimedLength?: bigint } = {}): Buffer {
  const fin = options.fin ?? true;
  const masked = options.masked ?? true;
  const length = options.claimedLength ?? BigInt(payload.length);
  const header: number[] = [(fin ? 0x80 : 0) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126n) header.push(maskBit | Number(length));
  else if (length < 65536n) header.push(maskBit | 126, Number(length >> 8n) & 0xff, Number(length) & 0xff);
  else {
    header.push(maskBit | 127);
    for (let shift = 56n; shift >= 0n; shift -= 8n) header.push(Number((length >> shift) & 0xffn));
  }
  if (!masked) return Buffer.concat([Buffer.from(header), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
  return Buffer.concat([Buffer.from(header), mask, body]);
}

/** Opens a raw TCP connection and performs the WebSocket upgrade by hand; resolves once the 101 arrived. */
function rawUpgrade(relay: TestRelay, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(relay.port, '127.0.0.1');
    hostileSockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => reject(new Error('closed before the upgrade')));
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(head.split('\r\n')[0]));
    };
    socket.on('data', onData);
  });
}

/** A `ws` client the storm uses; errors are expected and swallowed (they end in a close). */
function openHostile(relay: TestRelay, path: string): Promise<WebSocket> {
  const socket = new WebSocket(`${relay.wsUrl}${path}`);
  hostileSockets.add({ destroy: () => socket.terminate() });
  socket.on('error', () => {});
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('close', () => reject(new Error('closed before open')));
  });
}

/** Waits until the socket closes or `ms` passed; then cuts it if still open. */
function closedWithin(socket: WebSocket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hello = (extra: object = {}) => JSON.stringify({ type: 'hello', versions: [PROTOCOL_VERSION], ...extra });

/** A JSON value nested `depth` levels deep, as text (JSON.stringify would recurse as deep). */
function nested(depth: number, random: Random): string {
  const open = pick(random, ['[', '{"a":', '{"__proto__":', '{"constructor":{"prototype":']);
  const close = open === '[' ? ']' : open.endsWith('{"prototype":') ? '}}' : '}';
  return open.repeat(depth) + '0' + close.repeat(depth);
}

/** Frame texts with prototype keys at every level and as `type`. */
function prototypeFrames(random: Random): string[] {
  const key = () => pick(random, ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__']);
  const poison = () => `{"${key()}":{"polluted":true,"${key()}":{"polluted":true}},"polluted":true}`;
  return [
    `{"type":"${key()}"}`,
    `{"type":"${key()}","${key()}":${poison()}}`,
    `{"__proto__":{"type":"message"},"id":"${createId()}","text":"x"}`,
    `{"type":"message","id":"${createId()}","text":"proto ${key()}","__proto__":${poison()},"constructor":${poison()}}`,
    `{"type":"context","context":{"__proto__":${poison()},"custom":{"__proto__":"x","constructor":"y","prototype":"z"},"product":{"__proto__":${poison()},"name":"n"}}}`,
    `{"type":"history","requestId":"${key()}","__proto__":{"limit":100000}}`,
    `{"type":"read","seq":1,"constructor":{"prototype":{"polluted":true}}}`,
  ];
}

function hugeNumberFrames(): string[] {
  return [
    '{"type":"read","seq":1e308}',
    '{"type":"read","seq":-0}',
    '{"type":"read","seq":9007199254740993}',
    '{"type":"read","seq":1e400}',
    '{"type":"read","seq":-1e-400}',
    '{"type":"history","requestId":"h","before":9007199254740993,"limit":2.5}',
    '{"type":"history","requestId":"h","before":1e308,"limit":100}',
    '{"type":"typing","isTyping":1e308}',
    `{"type":"message","id":"${createId()}","text":1e308}`,
  ];
}

/** Frames of the right shape for some endpoint, but not for this one or not in this state. */
function wrongTypeFrames(): string[] {
  return [
    JSON.stringify({ type: 'welcome', version: 1 }),
    JSON.stringify({ type: 'ack', id: createId(), seq: 1, createdAt: 1 }),
    JSON.stringify({ type: 'message', message: { id: createId(), seq: 1, author: { role: 'agent' }, text: 'forged', createdAt: 1 } }),
    JSON.stringify({ type: 'conversation', conversation: {} }),
    JSON.stringify({ type: 'quick-replies', quickReplies: [] }),
    JSON.stringify({ type: 'message', id: createId(), text: ['not', 'a', 'string'] }),
    JSON.stringify({ type: 'typing', isTyping: 'yes' }),
    JSON.stringify({ type: 'status', status: 'closed' }),
  ];
}

interface Storm {
  relay: TestRelay;
  random: Random;
  /** Conversation ids hostile sockets were welcomed into, to check their hub entries are gone. */
  conversations: Set<string>;
  /** HTTP answers of 500 or more to hostile requests: each is a bug. */
  serverFaults: string[];
  connections: number;
}

type Behaviour = (storm: Storm) => Promise<void>;

/** A welcomed hostile visitor socket; its conversation is remembered. */
async function hostileVisitor(storm: Storm): Promise<WebSocket> {
  const socket = await openHostile(storm.relay, '/v1/ws');
  socket.send(hello(storm.random() < 0.5 ? {} : { context: JSON.parse(`{"custom":{"__proto__":"x"},"title":"hostile"}`) }));
  const welcome = await new Promise<ServerMessage>((resolve, reject) => {
    socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as ServerMessage));
    socket.once('close', () => reject(new Error('closed before welcome')));
  });
  if (welcome.type === 'welcome') storm.conversations.add(welcome.conversationId);
  return socket;
}

const BEHAVIOURS: Record<string, Behaviour> = {
  async randomBytesOverTcp({ relay, random }) {
    const socket = connect(relay.port, '127.0.0.1');
    hostileSockets.add(socket);
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(randomBytes(between(random, 1, 4096)));
    await sleep(between(random, 0, 50));
    socket.destroy();
  },
  async randomBytesAfterUpgrade({ relay, random }) {
    const socket = await rawUpgrade(relay, pick(random, ['/v1/ws', '/v1/agent/ws']));
    socket.write(randomBytes(between(random, 1, 2048)));
    await sleep(between(random, 0, 50));
    socket.destroy();
  },
  async vanishMidFrame(storm) {
    const socket = await rawUpgrade(storm.relay, '/v1/ws');
    const frame = clientFrame(1, Buffer.from(hello()));
    socket.write(frame.subarray(0, between(storm.random, 1, frame.length - 1)));
    await sleep(between(storm.random, 0, 30));
    socket.destroy();
  },
  async malformedFramesByHand({ relay, random }) {
    const socket = await rawUpgrade(relay, '/v1/ws');
    const variant = between(random, 0, 3);
    if (variant === 0) socket.write(clientFrame(1, Buffer.from(hello()), { masked: false }));
    else if (variant === 1) socket.write(clientFrame(1, Buffer.alloc(0), { claimedLength: 2n ** 62n }));
    else if (variant === 2) socket.write(clientFrame(between(random, 3, 7), randomBytes(8)));
    else socket.write(clientFrame(0, Buffer.from('continuation without a start')));
    await sleep(between(random, 0, 50));
    socket.destroy();
  },
  async binaryAndInvalidUtf8(storm) {
    const socket = await hostileVisitor(storm);
    socket.send(randomBytes(between(storm.random, 1, 1024)), { binary: true });
    socket.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    await closedWithin(socket, 2000);
  },
  async deepNesting(storm) {
    const socket = await hostileVisitor(storm);
    const depth = between(storm.random, 1000, 20_000);
    socket.send(nested(depth, storm.random));
    socket.send(`{"type":"context","context":{"custom":${nested(Math.floor(depth / 2), storm.random)}}}`);
    socket.send(`{"type":"message","id":"${createId()}","text":"deep","extra":${nested(depth, storm.random)}}`);
    await sleep(between(storm.random, 0, 100));
    socket.terminate();
  },
  async prototypeKeys(storm) {
    const socket = await hostileVisitor(storm);
    for (const frame of prototypeFrames(storm.random)) socket.send(frame);
    await sleep(between(storm.random, 0, 100));
    socket.close();
    await closedWithin(socket, 1000);
  },
  async hugeNumbers(storm) {
    const socket = await hostileVisitor(storm);
    for (const frame of hugeNumberFrames()) socket.send(frame);
    await sleep(between(storm.random, 0, 100));
    socket.terminate();
  },
  async megabyteStrings(storm) {
    const socket = await hostileVisitor(storm);
    socket.send(JSON.stringify({ type: 'message', id: createId(), text: 'x'.repeat(between(storm.random, MAX_FRAME_BYTES, 1024 * 1024)) }));
    await closedWithin(socket, 2000);
  },
  async thousandsOfFragments(storm) {
    const socket = await hostileVisitor(storm);
    // A valid frame cut into 1–3 byte fragments, code points split between them.
    const frame = Buffer.from(JSON.stringify({ type: 'message', id: createId(), text: `碎片 ${'分'.repeat(between(storm.random, 300, 1200))}` }));
    const finishes = storm.random() < 0.8;
    for (let offset = 0; offset < frame.length; ) {
      const size = between(storm.random, 1, 3);
      const isLast = offset + size >= frame.length;
      if (isLast && !finishes) break;
      socket.send(frame.subarray(offset, offset + size), { binary: false, fin: isLast });
      offset += size;
    }
    await sleep(between(storm.random, 0, 100));
    socket.terminate();
  },
  async framesBeforeHello({ relay, random }) {
    const socket = await openHostile(relay, pick(random, ['/v1/ws', '/v1/agent/ws']));
    socket.send(pick(random, [...wrongTypeFrames(), JSON.stringify({ type: 'message', id: createId(), text: 'too early' }), '{"type":"ping"}']));
    await closedWithin(socket, 2000);
  },
  async secondHello(storm) {
    const socket = await hostileVisitor(storm);
    socket.send(hello());
    await closedWithin(socket, 2000);
  },
  async wrongTypes(storm) {
    const socket = await hostileVisitor(storm);
    for (const frame of wrongTypeFrames()) socket.send(frame);
    await sleep(between(storm.random, 0, 100));
    socket.terminate();
  },
  async floods(storm) {
    const socket = await hostileVisitor(storm);
    const count = between(storm.random, 100, 600);
    for (let i = 0; i < count; i++) {
      const kind = between(storm.random, 0, 3);
      if (kind === 0) socket.send(JSON.stringify({ type: 'typing', isTyping: i % 2 === 0 }));
      else if (kind === 1) socket.send(JSON.stringify({ type: 'read', seq: i }));
      else if (kind === 2) socket.send(JSON.stringify({ type: 'history', requestId: `h${i}`, limit: 100 }));
      else socket.send(JSON.stringify({ type: 'message', id: createId(), text: `flood ${i}` }));
    }
    await closedWithin(socket, 3000);
  },
  async hostileAgentStream({ relay, random }) {
    const socket = await openHostile(relay, '/v1/agent/ws');
    socket.send(JSON.stringify({ type: 'hello', versions: [PROTOCOL_VERSION], token: pick(random, ['wrong-token-0123456789', '', '__proto__']) }));
    await closedWithin(socket, 2000);
  },
  async hostileHttp(storm) {
    const bodies = [
      '{"text":"hi","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      '{"seq":1e308}',
      '{"seq":-0}',
      `{"text":${nested(5000, storm.random)}}`,
      '{"text":"x"',
      '[]',
      `{"text":"${'y'.repeat(between(storm.random, 1000, 200_000))}"}`,
      '{"isTyping":1e400}',
    ];
    const conversation = pick(storm.random, [...storm.conversations, 'no-such-conversation', '__proto__']);
    const path = pick(storm.random, ['messages', 'read', 'typing', 'close']);
    const response = await fetch(`${storm.relay.baseUrl}/v1/agent/conversations/${conversation}/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${storm.relay.agentToken}`, 'content-type': pick(storm.random, ['application/json', 'text/plain']) },
      body: pick(storm.random, bodies),
    });
    await response.arrayBuffer();
    if (response.status >= 500) storm.serverFaults.push(`${response.status} on POST ${path}`);
  },
};

/** A shopper who chats normally the whole time: one message at a time, each acknowledged. */
async function chatNormally(visitor: Visitor, until: number, label: string): Promise<void> {
  for (let i = 0; Date.now() < until; i++) {
    await sendMessage(visitor, createId(), `${label} says ${i} 🙂`);
    await sleep(60);
  }
}

/** Every message of a conversation this tab got, from its own acks and from message frames, by seq. */
function seenByVisitor(socket: TestSocket<ServerMessage>): { fromFrames: number[]; fromAcks: number[] } {
  const fromFrames: number[] = [];
  const fromAcks: number[] = [];
  for (const frame of socket.received) {
    if (frame.type === 'message') fromFrames.push(frame.message.seq);
    if (frame.type === 'ack') fromAcks.push(frame.seq);
  }
  return { fromFrames, fromAcks };
}

const isIncreasing = (seqs: number[]) => seqs.every((seq, index) => index === 0 || seq > seqs[index - 1]!);

describe('relay under a storm of hostile input', () => {
  it(`keeps serving normal clients, does not crash, pollute prototypes or leak (seed ${SEED})`, async () => {
    const faults: unknown[] = [];
    const onFault = (error: unknown) => faults.push(error);
    process.on('unhandledRejection', onFault);
    process.on('uncaughtException', onFault);
    const errorLogs: string[] = [];
    const relay = await relayWith({
      maxFrameBytes: MAX_FRAME_BYTES,
      messagesPerMinute: 1200,
      handshakeTimeoutMs: 2000,
      closeGraceMs: 1000,
      logLevel: 'error',
      logStream: { write: (line) => void errorLogs.push(line) },
    });
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    try {
      const agent = await relay.agent();
      const visitors = await Promise.all(Array.from({ length: NORMAL_VISITORS }, () => relay.visitor()));
      // Warm up (JIT, prepared statements, pools), then take the heap baseline.
      await Promise.all(visitors.map((visitor, index) => chatNormally(visitor, Date.now() + 500, `warm-up ${index}`)));
      const heapBefore = heapUsedAfterGc();

      const storm: Storm = { relay, random: seededRandom(SEED), conversations: new Set(), serverFaults: [], connections: 0 };
      const stormEnd = Date.now() + STORM_MS;
      const names = Object.keys(BEHAVIOURS);
      const actors = Array.from({ length: HOSTILE_ACTORS }, async (_, actor) => {
        // One generator per actor: its sequence of behaviours replays from the seed.
        const own: Storm = { ...storm, random: seededRandom(SEED + actor + 1) };
        while (Date.now() < stormEnd) {
          const name = pick(own.random, names);
          storm.connections++;
          await BEHAVIOURS[name]!(own).catch(() => {
            // Refused upgrades and closes are expected outcomes of hostile input.
          });
        }
      });
      const agentReplies = (async () => {
        for (let i = 0; Date.now() < stormEnd; i++) {
          const visitor = visitors[i % NORMAL_VISITORS]!;
          const response = await relay.api('POST', `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`, {
            body: { id: createId(), text: `agent reply ${i} ✔️` },
          });
          expect(response.status).toBe(201);
          await sleep(80);
        }
      })();
      await Promise.all([...actors, agentReplies, ...visitors.map((visitor, index) => chatNormally(visitor, stormEnd, `shopper ${index}`))]);
      for (const socket of hostileSockets) socket.destroy();
      hostileSockets.clear();

      // Nothing crashed, nothing was polluted, the relay logged no internal error.
      expect(faults).toEqual([]);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(storm.serverFaults).toEqual([]);
      expect(errorLogs).toEqual([]);
      expect(storm.connections).toBeGreaterThan(HOSTILE_ACTORS * 10);

      // Every hostile connection is gone from the hub; only the normal clients remain.
      await eventually('the hostile connections to leave', () => {
        const counts = relay.app.confab.hub.connectionCounts();
        return counts.visitors === NORMAL_VISITORS && counts.agents === 1 && relay.app.websocketServer.clients.size === NORMAL_VISITORS + 1;
      }, 15_000);
      expect(await relay.app.confab.hub.onlineConversations([...storm.conversations])).toEqual(new Set());
      const normalIds = visitors.map((visitor) => visitor.welcome.conversationId);
      expect(await relay.app.confab.hub.onlineConversations(normalIds)).toEqual(new Set(normalIds));

      // Each shopper saw every message of their conversation once, in order; so did the agent.
      for (const [index, visitor] of visitors.entries()) {
        visitor.socket.send({ type: 'ping', nonce: 'end' });
        await visitor.socket.waitFor('pong', (pong) => pong.nonce === 'end');
        const stored = await allMessages(relay, visitor.welcome.conversationId);
        expect(stored.map((message) => message.seq)).toEqual(stored.map((_, seq) => seq + 1));
        const { fromFrames, fromAcks } = seenByVisitor(visitor.socket);
        expect(isIncreasing(fromFrames), `shopper ${index} frames in order`).toBe(true);
        expect(isIncreasing(fromAcks), `shopper ${index} acks in order`).toBe(true);
        expect([...fromFrames, ...fromAcks].sort((a, b) => a - b), `shopper ${index} saw each message once`).toEqual(stored.map((message) => message.seq));
      }
      agent.send({ type: 'ping', nonce: 'end' });
      await agent.waitFor('pong', (pong) => pong.nonce === 'end');
      for (const visitor of visitors) {
        const id = visitor.welcome.conversationId;
        const streamed = agent.received.flatMap((frame: AgentServerMessage) => (frame.type === 'message' && frame.conversationId === id ? [frame.message.seq] : []));
        const stored = await allMessages(relay, id);
        expect(streamed, `agent stream of ${id}`).toEqual(stored.map((message) => message.seq));
      }

      // No leak: after the storm the heap is back near the baseline.
      const heapAfter = heapUsedAfterGc();
      expect(heapAfter - heapBefore, `heap grew from ${heapBefore} to ${heapAfter} bytes`).toBeLessThan(32 * 1024 * 1024);
    } finally {
      process.off('unhandledRejection', onFault);
      process.off('uncaughtException', onFault);
      for (const socket of hostileSockets) socket.destroy();
      hostileSockets.clear();
    }
  }, 60_000);
});

/** Every message of a conversation, oldest first, paging the agent API. */
async function allMessages(relay: TestRelay, conversationId: string): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for (;;) {
    const after = messages.at(-1)?.seq ?? 0;
    const page = await relay.api<TranscriptPage>('GET', `/v1/agent/conversations/${conversationId}/messages?after=${after}&limit=200`);
    messages.push(...page.body.messages);
    if (!page.body.hasMore) return messages;
  }
}
