import { CLOSE_CODES, ConfabError, DEFAULT_LIMITS, isFatalCloseCode, type ServerMessage } from '@confab/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, FATAL_CLOSE_CODES } from './connection.js';
import type { ClientEvents } from './events.js';
import { resolveOptions, type ClientOptions } from './options.js';
import { memoryStorage } from './storage.js';
import { fakeWebSocket } from './test-support/fake-socket.js';

const WELCOME = {
  type: 'welcome',
  version: 1,
  token: 'T'.repeat(21),
  conversationId: 'conversation-1',
  resumed: false,
  lastSeq: 0,
  status: 'open',
  limits: DEFAULT_LIMITS,
  heartbeatMs: 25_000,
} as const;

function setup(overrides: Partial<ClientOptions> = {}) {
  const ws = fakeWebSocket();
  const changes: ClientEvents['state'][] = [];
  const frames: ServerMessage[] = [];
  const errors: ConfabError[] = [];
  const fatal: ConfabError[] = [];
  let losses = 0;
  const options = resolveOptions({ url: 'wss://relay.test', WebSocket: ws.WebSocket, storage: memoryStorage(), random: () => 0.5, ...overrides });
  const connection: Connection = new Connection(options, {
    state: (change) => changes.push(change),
    hello: () => ({ type: 'hello', versions: [1] }),
    frame: (frame) => {
      frames.push(frame);
      if (frame.type === 'welcome') connection.opened(frame.heartbeatMs);
    },
    invalid: (error) => errors.push(error),
    lost: () => losses++,
    fatal: (error) => fatal.push(error),
  });
  /** Opens the newest socket and welcomes it. */
  const welcome = (heartbeatMs = 25_000) => {
    ws.last().open();
    ws.last().receive({ ...WELCOME, heartbeatMs });
  };
  return { ws, connection, changes, frames, errors, fatal, welcome, losses: () => losses };
}

/** The times, relative to the first drop, at which new sockets are created while every attempt fails. */
function retryTimes(t: ReturnType<typeof setup>, attempts: number): number[] {
  const times: number[] = [];
  const start = Date.now();
  for (let i = 0; i < attempts; i++) {
    const count = t.ws.sockets.length;
    t.ws.last().drop(1006);
    vi.advanceTimersByTime(0);
    while (t.ws.sockets.length === count) vi.advanceTimersByTime(1);
    times.push(Date.now() - start);
  }
  return times;
}

describe('Connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('goes idle → connecting → open, sending hello as soon as the socket opens', () => {
    const t = setup();
    expect(t.connection.state).toBe('idle');
    t.connection.connect();
    expect(t.ws.sockets).toHaveLength(1);
    expect(t.ws.last().url).toBe('wss://relay.test/v1/ws');
    t.ws.last().open();
    expect(t.ws.last().sent).toEqual([{ type: 'hello', versions: [1] }]);
    t.ws.last().receive(WELCOME);
    expect(t.connection.state).toBe('open');
    expect(t.changes).toEqual([
      { from: 'idle', to: 'connecting' },
      { from: 'connecting', to: 'open' },
    ]);
  });

  it('connects only once however often connect() is called', () => {
    const t = setup();
    t.connection.connect();
    t.connection.connect();
    t.welcome();
    t.connection.connect();
    expect(t.ws.sockets).toHaveLength(1);
  });

  it('reconnects with growing delays, full jitter and a cap', () => {
    const t = setup({ backoff: { baseMs: 500, maxMs: 8000 }, random: () => 0.5 });
    t.connection.connect();
    t.welcome();
    const times = retryTimes(t, 7);
    const delays = times.map((time, i) => time - (times[i - 1] ?? 0));
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('draws every delay from the injected random', () => {
    const draws = [0, 0.999, 0.1];
    const t = setup({ random: () => draws.shift() ?? 0 });
    t.connection.connect();
    const times = retryTimes(t, 3);
    expect(times.map((time, i) => time - (times[i - 1] ?? 0))).toEqual([0, 999, 200]);
  });

  it('starts again from the smallest window after a welcome', () => {
    const t = setup();
    t.connection.connect();
    t.welcome();
    retryTimes(t, 4);
    t.welcome();
    expect(retryTimes(t, 1)).toEqual([250]);
  });

  it('reports each real state change once, with the close reason', () => {
    const t = setup();
    t.connection.connect();
    t.ws.last().open();
    t.ws.last().drop(1006, 'gone');
    vi.advanceTimersByTime(250);
    retryTimes(t, 3);
    t.welcome();
    t.ws.last().drop(4010, 'restarting');
    expect(t.changes).toEqual([
      { from: 'idle', to: 'connecting' },
      { from: 'connecting', to: 'reconnecting', reason: { code: 1006, reason: 'gone' } },
      { from: 'reconnecting', to: 'open' },
      { from: 'open', to: 'reconnecting', reason: { code: 4010, reason: 'restarting' } },
    ]);
    expect(t.losses()).toBe(5);
  });

  it('stops reconnecting after a fatal close code and reports why', () => {
    for (const [code, errorCode] of [
      [4002, 'CONFAB_VERSION_UNSUPPORTED'],
      [4003, 'CONFAB_AUTH_REJECTED'],
    ] as const) {
      const t = setup();
      t.connection.connect();
      t.welcome();
      t.ws.last().drop(code, 'no');
      expect(t.connection.state).toBe('closed');
      expect(t.changes.at(-1)).toEqual({ from: 'open', to: 'closed', reason: { code, reason: 'no' } });
      expect(t.fatal.map((error) => error.code)).toEqual([errorCode]);
      vi.advanceTimersByTime(10 * 60_000);
      expect(t.ws.sockets).toHaveLength(1);
    }
  });

  it('treats exactly the codes the protocol calls fatal as fatal', () => {
    const codes = Object.values(CLOSE_CODES).filter((code) => code !== CLOSE_CODES.NORMAL);
    expect(codes.filter((code) => FATAL_CLOSE_CODES[code] !== undefined)).toEqual(codes.filter((code) => isFatalCloseCode(code)));
  });

  it('reconnects with backoff after a slow-consumer close (4009) or a relay error (1011), like after a drop', () => {
    for (const code of [CLOSE_CODES.SLOW_CONSUMER, CLOSE_CODES.INTERNAL_ERROR]) {
      const t = setup({ random: () => 0.5 });
      t.connection.connect();
      t.welcome();
      t.ws.last().drop(code, 'queue full');
      expect(t.changes.at(-1)).toEqual({ from: 'open', to: 'reconnecting', reason: { code, reason: 'queue full' } });
      expect(t.fatal).toEqual([]);
      vi.advanceTimersByTime(249);
      expect(t.ws.sockets).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(t.ws.sockets).toHaveLength(2);
      t.welcome();
      expect(t.connection.state).toBe('open');
    }
  });

  it('waits longer after being closed for sending too fast (4008)', () => {
    const t = setup({ random: () => 0.5 });
    t.connection.connect();
    t.welcome();
    t.ws.last().drop(4008);
    vi.advanceTimersByTime(1999);
    expect(t.ws.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.ws.sockets).toHaveLength(2);
  });

  it('pings after heartbeatMs without traffic and keeps a socket that answers', () => {
    const t = setup();
    t.connection.connect();
    t.welcome(25_000);
    vi.advanceTimersByTime(24_999);
    expect(t.ws.last().sentOf('ping')).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(t.ws.last().sentOf('ping')).toHaveLength(1);
    vi.advanceTimersByTime(9_000);
    t.ws.last().receive({ type: 'pong' });
    vi.advanceTimersByTime(24_999);
    expect(t.connection.state).toBe('open');
    expect(t.ws.last().sentOf('ping')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.ws.last().sentOf('ping')).toHaveLength(2);
    expect(t.ws.sockets).toHaveLength(1);
  });

  it('treats any inbound frame as a sign of life', () => {
    const t = setup();
    t.connection.connect();
    t.welcome(25_000);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(20_000);
      t.ws.last().receive({ type: 'read', seq: i });
    }
    expect(t.ws.last().sentOf('ping')).toHaveLength(0);
  });

  it('drops a socket that does not answer a ping within pongTimeoutMs, and reconnects', () => {
    const t = setup({ pongTimeoutMs: 5_000 });
    t.connection.connect();
    t.welcome(25_000);
    vi.advanceTimersByTime(25_000 + 4_999);
    expect(t.connection.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(t.ws.sockets[0]!.closedBy).toBe('terminate');
    expect(t.changes.at(-1)).toEqual({ from: 'open', to: 'reconnecting', reason: { code: 1006, reason: 'No pong within 5000 ms' } });
    vi.advanceTimersByTime(250);
    expect(t.ws.sockets).toHaveLength(2);
    // The dead socket's late close event changes nothing.
    t.ws.sockets[0]!.drop(1006);
    expect(t.connection.state).toBe('reconnecting');
  });

  it('closes a dead socket without terminate() (browsers) with close()', () => {
    const t = setup();
    t.connection.connect();
    t.welcome();
    const socket = t.ws.last() as { terminate?: unknown };
    socket.terminate = undefined;
    t.connection.drop('test');
    expect(t.ws.sockets[0]!.closedBy).toEqual({ code: undefined });
    expect(t.connection.state).toBe('reconnecting');
  });

  it('gives up on an attempt that gets no welcome within requestTimeoutMs', () => {
    const t = setup({ requestTimeoutMs: 3_000 });
    t.connection.connect();
    t.ws.last().open();
    vi.advanceTimersByTime(3_000);
    expect(t.changes.at(-1)?.reason).toEqual({ code: 1006, reason: 'No welcome within 3000 ms' });
  });

  it('reports an undecodable frame and keeps the connection', () => {
    const t = setup();
    t.connection.connect();
    t.welcome();
    t.ws.last().receiveRaw('{nope');
    t.ws.last().receive({ type: 'presence', online: true });
    t.ws.last().receive({ type: 'ack', id: 'x' });
    expect(t.errors.map((error) => error.code)).toEqual(['CONFAB_JSON_INVALID', 'CONFAB_TYPE_UNKNOWN', 'CONFAB_FRAME_INVALID']);
    expect(t.connection.state).toBe('open');
  });

  it('reconnects at once when the browser goes back online, and checks an open socket', () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    const t = setup({ backoff: { baseMs: 60_000, maxMs: 60_000 } });
    t.connection.connect();
    t.welcome();
    t.ws.last().drop(1006);
    expect(t.ws.sockets).toHaveLength(1);
    target.dispatchEvent(new Event('online'));
    expect(t.ws.sockets).toHaveLength(2);
    t.welcome();
    target.dispatchEvent(new Event('online'));
    expect(t.ws.last().sentOf('ping')).toHaveLength(1);
  });

  it('checks the socket when the page becomes visible again', () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    vi.stubGlobal('document', doc);
    const t = setup({ pongTimeoutMs: 2_000 });
    t.connection.connect();
    t.welcome();
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(t.ws.last().sentOf('ping')).toHaveLength(0);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(t.ws.last().sentOf('ping')).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(t.connection.state).toBe('reconnecting');
  });

  it('reconnects at once when the page becomes visible during a backoff wait (a phone back from the background)', () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    vi.stubGlobal('document', doc);
    const t = setup({ backoff: { baseMs: 60_000, maxMs: 60_000 } });
    t.connection.connect();
    t.welcome();
    t.ws.last().drop(1006);
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(t.ws.sockets).toHaveLength(1);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(t.ws.sockets).toHaveLength(2);
    t.welcome();
    expect(t.connection.state).toBe('open');
  });

  it('reconnects at once when the network comes back, even while the page is hidden', () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'hidden' }));
    const t = setup({ backoff: { baseMs: 60_000, maxMs: 60_000 } });
    t.connection.connect();
    t.welcome();
    t.ws.last().drop(1006);
    target.dispatchEvent(new Event('online'));
    expect(t.ws.sockets).toHaveLength(2);
  });

  it('is final after close(): closes with 1000, ignores the old socket, stops timers and listeners', () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    const t = setup();
    t.connection.connect();
    t.welcome();
    t.connection.close();
    expect(t.ws.last().closedBy).toEqual({ code: 1000 });
    expect(t.changes.at(-1)).toEqual({ from: 'open', to: 'closed' });
    t.ws.last().receive({ type: 'pong' });
    target.dispatchEvent(new Event('online'));
    vi.advanceTimersByTime(10 * 60_000);
    t.connection.connect();
    t.connection.close();
    expect(t.ws.sockets).toHaveLength(1);
    expect(t.frames).toHaveLength(1);
    expect(t.connection.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('closes for good when the WebSocket constructor throws (blocked or malformed URL)', () => {
    class Blocked {
      constructor() {
        throw new DOMException('insecure', 'SecurityError');
      }
    }
    const t = setup({ WebSocket: Blocked as never });
    t.connection.connect();
    expect(t.connection.state).toBe('closed');
    expect(t.fatal[0]).toMatchObject({ code: 'CONFAB_CONFIG_INVALID', message: expect.stringContaining('insecure') });
  });

  it('honours injected timers', () => {
    const calls: number[] = [];
    const t = setup({
      timers: {
        setTimeout: (callback, ms) => {
          calls.push(ms);
          return setTimeout(callback, ms);
        },
        clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      },
    });
    t.connection.connect();
    t.welcome(30_000);
    expect(calls).toEqual([10_000, 30_000]);
  });
});
