// A load generator process, forked by generator-pool.ts: it holds visitor (and agent) sockets
// and runs the commands of generator-protocol.ts. Raw `ws` frames rather than the SDK: 5,000
// sockets per process must stay cheap, and every frame shape is checked against
// @confab/protocol's types at compile time.
//
// argv: <generator index> <comma-separated local addresses to connect from>
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import {
  AGENT_SOCKET_PATH,
  PROTOCOL_VERSION,
  VISITOR_SOCKET_PATH,
  type AgentServerMessage,
  type ChatMessage,
  type ClientMessageOf,
  type ServerMessage,
} from '@confab/protocol';
import type {
  AgentResult,
  CloseResult,
  CommandMap,
  CommandMessage,
  CommandType,
  DropResult,
  FanOutResult,
  LoadResult,
  OpenResult,
  PostAwayResult,
  ReplyMessage,
  ResultMap,
  ResumeResult,
  Target,
  TargetKind,
  VisitorMode,
} from './generator-protocol.js';

const generatorIndex = Number(process.argv[2] ?? 0);
const localAddresses = (process.argv[3] ?? '127.0.0.1').split(',');
const CONNECT_TIMEOUT_MS = 15_000;
const MAX_ERROR_SAMPLES = 5;
/** What a shopper types; short, like most chat lines. */
const VISITOR_TEXT = 'Is the Aster kettle in stock?';
const AGENT_TEXT = 'Yes, it ships tomorrow.';
const FAN_OUT_TIMEOUT_MS = 5_000;
/** The SDK's reconnect backoff (packages/client options.ts defaults): full jitter, base 500 ms, cap 30 s. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

let nextAddress = 0;
/** Spreads sockets over several source addresses, so no address runs out of ephemeral ports. */
function localAddress(): string {
  nextAddress = (nextAddress + 1) % localAddresses.length;
  return localAddresses[nextAddress]!;
}

/** Server frames as the generator reads them: the relay's visitor and agent frames, or the baseline's look-alikes. */
type AnyServerFrame = (ServerMessage | AgentServerMessage) & { id?: string; message?: ChatMessage; conversationId?: string };

interface Visitor {
  readonly index: number;
  readonly target: Target;
  readonly mode: VisitorMode;
  socket: WebSocket | undefined;
  /** Relay: from `welcome`; baseline: chosen here. */
  conversationId: string;
  token: string | undefined;
  /** The highest `seq` this visitor holds. */
  lastSeq: number;
  isReady: boolean;
  /** `welcome.lastSeq` of the current connection: the resume is complete once `lastSeq` reaches it. */
  welcomeLastSeq: number;
  resumed: boolean;
  /** Ids the agent posted while the visitor was away. */
  expected: Set<string>;
  /** How often each message id arrived on the current connection. */
  seen: Map<string, number>;
  outOfOrder: number;
  /** Called on every stored message that reaches this visitor. */
  onChatMessage: ((visitor: Visitor, message: ChatMessage) => void) | undefined;
}

const visitors: Visitor[] = [];
const agentSockets = new Set<WebSocket>();
const httpAgent = new Agent({ keepAlive: true, maxSockets: 64 });
let runCounter = 0;

/** Hooks of the load run in progress, if any. */
let activeLoad: { onAnswer(id: string): void; onError(reason: string): void } | undefined;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function pushSample(samples: string[], sample: string): void {
  if (samples.length < MAX_ERROR_SAMPLES && !samples.includes(sample)) samples.push(sample);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task` over `items` with at most `concurrency` at a time. */
async function eachLimited<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A message id for the relay: 8–64 of `A-Za-z0-9_-`, unique per generator and run. */
function messageId(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).padStart(6, '0')}`;
}

function visitorUrl(visitor: Visitor): string {
  const { host, port } = visitor.target;
  if (visitor.target.kind === 'relay') return `ws://${host}:${port}${VISITOR_SOCKET_PATH}`;
  if (visitor.mode === 'plain') return `ws://${host}:${port}/echo`;
  return `ws://${host}:${port}/visitor?conversation=${visitor.conversationId}`;
}

function helloFrame(visitor: Visitor): string {
  const hello: ClientMessageOf<'hello'> = { type: 'hello', versions: [PROTOCOL_VERSION] };
  if (visitor.token !== undefined) {
    hello.token = visitor.token;
    hello.lastSeq = visitor.lastSeq;
  }
  return JSON.stringify(hello);
}

function onVisitorFrame(visitor: Visitor, frame: AnyServerFrame): void {
  switch (frame.type) {
    case 'ack':
      activeLoad?.onAnswer(frame.id);
      return;
    case 'message': {
      // The baseline's /echo sends the visitor's own frame back: it carries `id`, not `message`.
      if (frame.message === undefined) {
        if (frame.id !== undefined) activeLoad?.onAnswer(frame.id);
        return;
      }
      const message = frame.message;
      const count = (visitor.seen.get(message.id) ?? 0) + 1;
      visitor.seen.set(message.id, count);
      if (count === 1) {
        if (message.seq <= visitor.lastSeq) visitor.outOfOrder++;
        else visitor.lastSeq = message.seq;
      }
      if (message.author.role === 'agent' && message.id.endsWith('-r')) activeLoad?.onAnswer(message.id.slice(0, -2));
      visitor.onChatMessage?.(visitor, message);
      return;
    }
    case 'error':
      activeLoad?.onError(frame.code);
      return;
    default:
  }
}

/**
 * Opens the visitor's socket and completes the handshake (relay: `hello` → `welcome`, resuming
 * with its token and `lastSeq` when it has one). Frames after `welcome` (the replay) are handled
 * as they come.
 */
function connect(visitor: Visitor): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(visitorUrl(visitor), {
      localAddress: localAddress(),
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
    });
    visitor.socket = socket;
    let isSettled = false;
    const fail = (reason: string) => {
      visitor.isReady = false;
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail('no welcome in time'), CONNECT_TIMEOUT_MS);
    const succeed = () => {
      isSettled = true;
      clearTimeout(timer);
      visitor.isReady = true;
      resolve();
    };
    socket.on('open', () => {
      if (visitor.mode === 'plain' && visitor.target.kind === 'baseline') succeed();
      else socket.send(helloFrame(visitor));
    });
    socket.on('message', (data: RawData) => {
      const frame = JSON.parse(String(data)) as AnyServerFrame;
      if (!isSettled) {
        if (frame.type === 'welcome') {
          const welcome = frame as Partial<ServerMessage & { type: 'welcome' }>;
          if (welcome.token !== undefined) visitor.token = welcome.token;
          if (welcome.conversationId !== undefined) visitor.conversationId = welcome.conversationId;
          visitor.welcomeLastSeq = welcome.lastSeq ?? 0;
          visitor.resumed = welcome.resumed ?? true;
          succeed();
          return;
        }
        if (frame.type === 'error') return fail(`${frame.code}: ${frame.message}`);
      }
      onVisitorFrame(visitor, frame);
    });
    socket.on('error', (error) => fail(error.message));
    socket.on('close', (code) => {
      if (visitor.isReady && socket === visitor.socket) activeLoad?.onError(`socket closed with ${code}`);
      fail(`closed with ${code} before welcome`);
    });
  });
}

function newVisitor(target: Target, mode: VisitorMode, conversationId?: string): Visitor {
  const index = visitors.length;
  return {
    index,
    target,
    mode,
    socket: undefined,
    conversationId: conversationId ?? `g${generatorIndex}v${index}`,
    token: undefined,
    lastSeq: 0,
    isReady: false,
    welcomeLastSeq: 0,
    resumed: false,
    expected: new Set(),
    seen: new Map(),
    outOfOrder: 0,
    onChatMessage: undefined,
  };
}

async function open(command: CommandMap['open']): Promise<OpenResult> {
  const started = performance.now();
  const fresh = Array.from({ length: command.count }, () => {
    const visitor = newVisitor(command.target, command.mode);
    visitors.push(visitor);
    return visitor;
  });
  let failed = 0;
  const errors: string[] = [];
  await eachLimited(fresh, command.concurrency, async (visitor) => {
    try {
      await connect(visitor);
    } catch (error) {
      failed++;
      pushSample(errors, errorText(error));
    }
  });
  return { opened: command.count - failed, failed, total: visitors.filter((v) => v.isReady).length, elapsedMs: performance.now() - started, errors };
}

function visitorsOf(kind: TargetKind): Visitor[] {
  return visitors.filter((visitor) => visitor.target.kind === kind);
}

async function load(command: CommandMap['load']): Promise<LoadResult> {
  const own = visitorsOf(command.kind);
  // A step that overloaded the server may have cost some sockets (close 4008); start the next one whole.
  await eachLimited(
    own.filter((visitor) => !visitor.isReady),
    50,
    (visitor) => connect(visitor).catch(() => undefined),
  );
  const ready = own.filter((visitor) => visitor.isReady);
  if (ready.length === 0) throw new Error(`load: this generator holds no connected ${command.kind} visitors`);
  for (const visitor of ready) visitor.seen = new Map();
  const prefix = `g${generatorIndex}r${++runCounter}x`;
  const total = Math.max(1, Math.round((command.rate * command.durationMs) / 1000));
  const intervalMs = 1000 / command.rate;
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let sent = 0;
  let maxSendLagMs = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const start = wallBefore + 5;

  return new Promise<LoadResult>((resolve) => {
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (activeLoad !== hooks) return;
      activeLoad = undefined;
      clearTimeout(graceTimer);
      const cpu = process.cpuUsage(cpuBefore);
      resolve({
        sent,
        latenciesMs: Float64Array.from(latencies),
        timeouts: pending.size,
        errors,
        errorSamples,
        cpuShare: (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore),
        maxSendLagMs,
      });
    };
    const hooks = {
      onAnswer(id: string) {
        const scheduled = pending.get(id);
        if (scheduled === undefined) return;
        pending.delete(id);
        latencies.push(performance.now() - scheduled);
        if (sent === total && pending.size === 0) finish();
      },
      onError(reason: string) {
        errors++;
        pushSample(errorSamples, reason);
      },
    };
    activeLoad = hooks;
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
      while (sent < due) {
        const scheduled = start + sent * intervalMs;
        maxSendLagMs = Math.max(maxSendLagMs, now - scheduled);
        const visitor = ready[sent % ready.length]!;
        const id = messageId(prefix, sent);
        sent++;
        if (visitor.socket?.readyState !== WebSocket.OPEN) {
          hooks.onError('socket not open');
          continue;
        }
        pending.set(id, scheduled);
        const frame: ClientMessageOf<'message'> = { type: 'message', id, text: VISITOR_TEXT };
        visitor.socket.send(JSON.stringify(frame));
      }
      if (sent < total) {
        setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
        return;
      }
      if (pending.size === 0) finish();
      else graceTimer = setTimeout(finish, command.graceMs);
    };
    setTimeout(tick, 5);
  });
}

function post(target: Target & { kind: 'relay' }, path: string, body: unknown): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'POST',
        agent: httpAgent,
        localAddress: localAddress(),
        headers: {
          authorization: `Bearer ${target.agentToken}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.setTimeout(CONNECT_TIMEOUT_MS, () => req.destroy(new Error(`POST ${path} timed out`)));
    req.end(payload);
  });
}

function replyPath(conversationId: string): string {
  return `/v1/agent/conversations/${encodeURIComponent(conversationId)}/messages`;
}

/** Connects an agent socket (relay: the agent stream, after its `hello`; baseline: /agent) and resolves once it is live. */
function connectAgent(target: Target, onFrame: (frame: AnyServerFrame, socket: WebSocket) => void): Promise<WebSocket> {
  const path = target.kind === 'relay' ? AGENT_SOCKET_PATH : '/agent';
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${target.host}:${target.port}${path}`, {
      localAddress: localAddress(),
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_TIMEOUT_MS,
    });
    agentSockets.add(socket);
    let isLive = false;
    socket.on('open', () => {
      if (target.kind === 'baseline') {
        isLive = true;
        resolve(socket);
        return;
      }
      socket.send(JSON.stringify({ type: 'hello', versions: [PROTOCOL_VERSION], token: target.agentToken }));
    });
    socket.on('message', (data: RawData) => {
      const frame = JSON.parse(String(data)) as AnyServerFrame;
      if (!isLive) {
        if (frame.type === 'welcome') {
          isLive = true;
          resolve(socket);
        } else if (frame.type === 'error') reject(new Error(`agent refused: ${frame.code}`));
        return;
      }
      onFrame(frame, socket);
    });
    socket.on('error', (error) => {
      if (!isLive) reject(error);
    });
    socket.on('close', (code) => {
      agentSockets.delete(socket);
      if (!isLive) reject(new Error(`agent socket closed with ${code}`));
    });
  });
}

let agentErrors = 0;

function reportAgentError(reason: string): void {
  // Shows up as timeouts at the visitors; the first few reasons are worth seeing.
  if (++agentErrors <= MAX_ERROR_SAMPLES) process.stderr.write(`bench generator ${generatorIndex}: agent reply failed: ${reason}\n`);
}

async function agent(command: CommandMap['agent']): Promise<AgentResult> {
  const { target } = command;
  await connectAgent(target, (frame, socket) => {
    if (frame.type !== 'message' || frame.message?.author.role !== 'visitor' || frame.conversationId === undefined) return;
    const id = `${frame.message.id}-r`;
    if (target.kind === 'relay') {
      post(target, replyPath(frame.conversationId), { id, text: AGENT_TEXT }).then(
        (status) => {
          if (status !== 201) reportAgentError(`HTTP ${status}`);
        },
        (error: unknown) => reportAgentError(errorText(error)),
      );
    } else {
      socket.send(JSON.stringify({ type: 'reply', conversationId: frame.conversationId, id, text: AGENT_TEXT }));
    }
  });
  return { connected: true };
}

function drop(command: CommandMap['drop']): DropResult {
  let dropped = 0;
  for (const visitor of visitorsOf(command.kind)) {
    visitor.isReady = false;
    if (visitor.socket) {
      visitor.socket.terminate();
      dropped++;
    }
  }
  return { dropped };
}

async function postAway(command: CommandMap['post-away']): Promise<PostAwayResult> {
  const started = performance.now();
  const prefix = `g${generatorIndex}a${++runCounter}x`;
  const errors: string[] = [];
  let posted = 0;
  let failed = 0;
  let n = 0;
  const jobs: { visitor: Visitor; id: string }[] = [];
  for (const visitor of visitorsOf(command.kind)) {
    // A new round: what arrives from now on is counted afresh, across the drop and the resume.
    visitor.expected = new Set();
    visitor.seen = new Map();
    if (visitor.target.kind !== 'relay') continue;
    for (let k = 0; k < command.perVisitor; k++) jobs.push({ visitor, id: messageId(prefix, n++) });
  }
  await eachLimited(jobs, command.concurrency, async ({ visitor, id }) => {
    try {
      const status = await post(visitor.target as Target & { kind: 'relay' }, replyPath(visitor.conversationId), { id, text: AGENT_TEXT });
      if (status !== 201) throw new Error(`HTTP ${status}`);
      visitor.expected.add(id);
      posted++;
    } catch (error) {
      failed++;
      pushSample(errors, errorText(error));
    }
  });
  return { posted, failed, elapsedMs: performance.now() - started, errors };
}

function isComplete(visitor: Visitor): boolean {
  if (!visitor.isReady || visitor.lastSeq < visitor.welcomeLastSeq) return false;
  for (const id of visitor.expected) if (!visitor.seen.has(id)) return false;
  return true;
}

async function resume(command: CommandMap['resume']): Promise<ResumeResult> {
  const own = visitorsOf(command.kind);
  const started = performance.now();
  const errors: string[] = [];
  let retries = 0;
  let complete = 0;
  let lastCompletion = started;
  const deadline = started + command.timeoutMs;
  const completed = new Set<Visitor>();
  const completionMs: number[] = [];
  await new Promise<void>((resolve) => {
    const timeout = setTimeout(resolve, command.timeoutMs);
    const markComplete = (visitor: Visitor) => {
      if (completed.has(visitor) || !isComplete(visitor)) return;
      completed.add(visitor);
      complete++;
      lastCompletion = performance.now();
      completionMs.push(lastCompletion - started);
      visitor.onChatMessage = undefined;
      if (complete === own.length) {
        clearTimeout(timeout);
        resolve();
      }
    };
    const attempt = async (visitor: Visitor, tries: number): Promise<void> => {
      try {
        await connect(visitor);
        markComplete(visitor);
      } catch (error) {
        pushSample(errors, errorText(error));
        if (performance.now() > deadline) return;
        retries++;
        await delay(Math.random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** tries));
        return attempt(visitor, tries + 1);
      }
    };
    if (own.length === 0) resolve();
    for (const visitor of own) {
      visitor.outOfOrder = 0;
      visitor.onChatMessage = markComplete;
      setTimeout(() => void attempt(visitor, 0), Math.random() * command.jitterMs);
    }
  });
  let missing = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let notResumed = 0;
  for (const visitor of own) {
    visitor.onChatMessage = undefined;
    for (const id of visitor.expected) if (!visitor.seen.has(id)) missing++;
    for (const count of visitor.seen.values()) if (count > 1) duplicates += count - 1;
    outOfOrder += visitor.outOfOrder;
    if (visitor.target.kind === 'relay' && visitor.isReady && !visitor.resumed) notResumed++;
  }
  return {
    visitors: own.length,
    complete,
    elapsedMs: (complete === own.length ? lastCompletion : performance.now()) - started,
    missing,
    duplicates,
    outOfOrder,
    retries,
    notResumed,
    completionMs: Float64Array.from(completionMs),
    errors,
  };
}

async function fanOut(command: CommandMap['fan-out']): Promise<FanOutResult> {
  const { target } = command;
  const errors: string[] = [];
  const conversationId = `g${generatorIndex}f${++runCounter}`;
  const tabs: Visitor[] = [];
  let waiting: { id: string; arrived: number; done(): void } | undefined;
  const onChatMessage = (_visitor: Visitor, message: ChatMessage) => {
    if (waiting?.id !== message.id) return;
    if (++waiting.arrived === command.tabs) waiting.done();
  };
  // The first tab starts the conversation; the others present its token, like tabs sharing localStorage.
  for (let i = 0; i < command.tabs; i++) {
    const tab = newVisitor(target, 'chat', conversationId);
    if (i > 0) {
      tab.token = tabs[0]!.token;
      tab.conversationId = tabs[0]!.conversationId;
    }
    tab.onChatMessage = onChatMessage;
    await connect(tab);
    tabs.push(tab);
  }
  const relayTarget = target.kind === 'relay' ? target : undefined;
  const agentSocket = relayTarget ? undefined : await connectAgent(target, () => undefined);
  const prefix = `g${generatorIndex}f${runCounter}x`;
  const latencies: number[] = [];
  let incomplete = 0;
  for (let p = 0; p < command.posts; p++) {
    const id = messageId(prefix, p);
    const started = performance.now();
    const allArrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), FAN_OUT_TIMEOUT_MS);
      waiting = {
        id,
        arrived: 0,
        done() {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
    let posted: Promise<unknown>;
    if (relayTarget) {
      posted = post(relayTarget, replyPath(tabs[0]!.conversationId), { id, text: AGENT_TEXT }).then((status) => {
        if (status !== 201) pushSample(errors, `HTTP ${status}`);
      });
    } else {
      agentSocket!.send(JSON.stringify({ type: 'reply', conversationId: tabs[0]!.conversationId, id, text: AGENT_TEXT }));
      posted = Promise.resolve();
    }
    if (await allArrived) latencies.push(performance.now() - started);
    else incomplete++;
    await posted.catch((error: unknown) => pushSample(errors, errorText(error)));
    await delay(command.gapMs);
  }
  for (const tab of tabs) tab.socket?.terminate();
  agentSocket?.terminate();
  return { latenciesMs: Float64Array.from(latencies), incomplete, errors };
}

function closeAll(): CloseResult {
  let closed = 0;
  for (const visitor of visitors) {
    visitor.isReady = false;
    if (visitor.socket && visitor.socket.readyState !== WebSocket.CLOSED) {
      visitor.socket.terminate();
      closed++;
    }
  }
  for (const socket of agentSockets) {
    socket.terminate();
    closed++;
  }
  agentSockets.clear();
  visitors.length = 0;
  httpAgent.destroy();
  return { closed };
}

const handlers: { [K in CommandType]: (command: CommandMap[K]) => Promise<ResultMap[K]> | ResultMap[K] } = {
  open,
  load,
  agent,
  drop,
  'post-away': postAway,
  resume,
  'fan-out': fanOut,
  'close-all': closeAll,
};

process.on('message', (message: CommandMessage) => {
  const handler = handlers[message.type] as (command: CommandMessage) => Promise<ResultMap[CommandType]> | ResultMap[CommandType];
  Promise.resolve()
    .then(() => handler(message))
    .then(
      (result) => process.send?.({ requestId: message.requestId, ok: true, result } satisfies ReplyMessage),
      (error: unknown) => process.send?.({ requestId: message.requestId, ok: false, error: errorText(error) } satisfies ReplyMessage),
    );
});
// The orchestrator is gone (finished, crashed or killed): never outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
