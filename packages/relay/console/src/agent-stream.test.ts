import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentStream, agentSocketUrl, type AgentStreamEvents, type StreamFrame } from './agent-stream.js';
import { fakeWebSocketFactory } from './test-support/fake-websocket.js';
import { conversation, message } from './test-support/fixtures.js';

function setup(random = () => 0.5) {
  const sockets = fakeWebSocketFactory();
  const stream = new AgentStream({
    url: 'ws://relay.test/v1/agent/ws',
    token: 'agent-secret',
    WebSocket: sockets.WebSocket,
    random,
    backoff: { baseMs: 100, maxMs: 1000 },
  });
  const states: AgentStreamEvents['state'][] = [];
  const frames: StreamFrame[] = [];
  const errors: AgentStreamEvents['error'][] = [];
  let welcomes = 0;
  stream.on('state', (change) => states.push(change));
  stream.on('frame', (frame) => frames.push(frame));
  stream.on('error', (error) => errors.push(error));
  stream.on('welcome', () => welcomes++);
  const welcome = () => {
    const socket = sockets.last();
    socket.open();
    socket.receive({ type: 'welcome', version: 1, heartbeatMs: 25_000 });
    return socket;
  };
  return { stream, sockets, states, frames, errors, welcome, welcomes: () => welcomes };
}

describe('agentSocketUrl', () => {
  it('maps the page origin to the agent stream endpoint', () => {
    expect(agentSocketUrl('http://127.0.0.1:8787')).toBe('ws://127.0.0.1:8787/v1/agent/ws');
    expect(agentSocketUrl('https://chat.shop.example')).toBe('wss://chat.shop.example/v1/agent/ws');
  });
});

describe('AgentStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends hello with the token and versions first, and is open after welcome', () => {
    const { stream, sockets, states, welcome, welcomes } = setup();
    stream.connect();
    expect(stream.state).toBe('connecting');
    expect(sockets.last().url).toBe('ws://relay.test/v1/agent/ws');
    welcome();
    expect(sockets.last().sent[0]).toEqual({ type: 'hello', versions: [1], token: 'agent-secret' });
    expect(stream.state).toBe('open');
    expect(welcomes()).toBe(1);
    expect(states.map((s) => s.to)).toEqual(['connecting', 'open']);
  });

  it('never puts the token in the URL', () => {
    const { stream, sockets } = setup();
    stream.connect();
    expect(sockets.last().url).not.toContain('agent-secret');
  });

  it('hands on validated live frames', () => {
    const { stream, frames, welcome } = setup();
    stream.connect();
    const socket = welcome();
    const summary = conversation({ unreadCount: 1 });
    const stored = message(1);
    socket.receive({ type: 'conversation', conversation: summary });
    socket.receive({ type: 'message', conversationId: summary.id, message: stored });
    socket.receive({ type: 'typing', conversationId: summary.id, isTyping: true, author: { role: 'visitor' } });
    socket.receive({ type: 'read', conversationId: summary.id, seq: 1, by: 'visitor' });
    socket.receive({ type: 'quick-replies', quickReplies: [] });
    expect(frames.map((f) => f.type)).toEqual(['conversation', 'message', 'typing', 'read', 'quick-replies']);
    expect(frames[1]).toEqual({ type: 'message', conversationId: summary.id, message: stored });
  });

  it('reports undecodable and error frames without dropping the connection', () => {
    const { stream, frames, errors, welcome } = setup();
    stream.connect();
    const socket = welcome();
    socket.receive('not json');
    socket.receive({ type: 'surprise' });
    socket.receive({ type: 'message', conversationId: 'conv_0000001' });
    socket.receive({ type: 'error', code: 'CONFAB_RATE_LIMITED', message: 'Slow down' });
    expect(errors.map((e) => e.code)).toEqual(['CONFAB_JSON_INVALID', 'CONFAB_TYPE_UNKNOWN', 'CONFAB_FRAME_INVALID', 'CONFAB_RATE_LIMITED']);
    expect(frames).toEqual([]);
    expect(stream.state).toBe('open');
  });

  it('reconnects after a drop with growing, jittered delays, and says hello again', () => {
    const { stream, sockets, states, welcome, welcomes } = setup(() => 0.5);
    stream.connect();
    welcome();
    sockets.last().drop(1006);
    expect(stream.state).toBe('reconnecting');
    expect(states.at(-1)).toEqual({ from: 'open', to: 'reconnecting', reason: { code: 1006, reason: '' } });
    // attempt 0: 0.5 × min(1000, 100 × 2^0) = 50 ms
    vi.advanceTimersByTime(49);
    expect(sockets.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets.sockets).toHaveLength(2);
    // The second attempt fails too: 0.5 × 200 = 100 ms.
    sockets.last().drop(1006);
    vi.advanceTimersByTime(99);
    expect(sockets.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets.sockets).toHaveLength(3);
    welcome();
    expect(sockets.last().sent[0]).toMatchObject({ type: 'hello', token: 'agent-secret' });
    expect(stream.state).toBe('open');
    expect(welcomes()).toBe(2);
    // A later drop starts from the base delay again.
    sockets.last().drop(4010, 'restarting');
    vi.advanceTimersByTime(50);
    expect(sockets.sockets).toHaveLength(4);
  });

  it('caps the delay at maxMs', () => {
    const { stream, sockets } = setup(() => 0.999);
    stream.connect();
    for (let i = 0; i < 8; i++) {
      sockets.last().drop(1006);
      vi.advanceTimersByTime(1000);
    }
    expect(sockets.sockets).toHaveLength(9);
  });

  it('stops for good on close 4003 (token refused), reporting the reason', () => {
    const { stream, sockets, states, welcome } = setup();
    stream.connect();
    welcome();
    sockets.last().receive({ type: 'error', code: 'CONFAB_AUTH_REJECTED', message: 'Agent token refused' });
    sockets.last().drop(4003, 'agent token refused');
    expect(stream.state).toBe('closed');
    expect(states.at(-1)).toEqual({ from: 'open', to: 'closed', reason: { code: 4003, reason: 'agent token refused' } });
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('stops for good on close 4002 (no shared version)', () => {
    const { stream, sockets } = setup();
    stream.connect();
    sockets.last().open();
    sockets.last().drop(4002, 'unsupported');
    expect(stream.state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('pings after heartbeatMs without traffic and reconnects when no pong comes', () => {
    const { stream, sockets, welcome } = setup();
    stream.connect();
    const socket = welcome();
    vi.advanceTimersByTime(25_000);
    expect(socket.sent.at(-1)).toEqual({ type: 'ping' });
    socket.receive({ type: 'pong' });
    vi.advanceTimersByTime(24_999);
    expect(socket.sent.filter((f) => f.type === 'ping')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.sent.filter((f) => f.type === 'ping')).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(socket.closedWith).toBeDefined();
    expect(stream.state).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('gives up on a connection that never says welcome', () => {
    const { stream, sockets } = setup();
    stream.connect();
    sockets.last().open();
    vi.advanceTimersByTime(10_000);
    expect(stream.state).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('closes on request with 1000 and stays closed', () => {
    const { stream, sockets, welcome } = setup();
    stream.connect();
    const socket = welcome();
    stream.close();
    expect(socket.closedWith).toEqual({ code: 1000, reason: undefined });
    expect(stream.state).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('reconnects at once when asked during the backoff wait (browser back online)', () => {
    const { stream, sockets, welcome } = setup(() => 0.99);
    stream.connect();
    welcome();
    sockets.last().drop(1006);
    stream.connect();
    expect(sockets.sockets).toHaveLength(2);
    vi.advanceTimersByTime(5000);
    expect(sockets.sockets).toHaveLength(2);
  });
});
