// What the orchestrator (cli.ts) and the load generator processes (generator.ts) say to each
// other over Node's IPC channel. Every command gets exactly one reply with the same `requestId`.

/** The server a generator talks to: the real relay or the bare `ws` baseline. */
export type Target =
  | { kind: 'relay'; host: string; port: number; agentToken: string }
  | { kind: 'baseline'; host: string; port: number };

/** Which of the two servers a figure belongs to. */
export type TargetKind = Target['kind'];

/**
 * How visitors connect. `chat`: a session like a real client (relay: `hello` → `welcome`;
 * baseline: the routing endpoint with the same two frames). `plain`: a bare idle WebSocket on the
 * baseline's echo endpoint (for the relay, `plain` means the same as `chat`: a visitor that did not
 * finish the handshake would be cut after 10 s).
 */
export type VisitorMode = 'chat' | 'plain';

/** What a load run waits for after each visitor message. */
export type LoadExpectation =
  /** relay: the durable `ack`; baseline: the echoed frame (`/echo`) or the `ack` (routing). */
  | 'ack'
  /** the agent's answer to this message, back at the visitor (needs an agent in another generator). */
  | 'reply';

/** Commands the orchestrator sends, keyed by `type`. */
export interface CommandMap {
  /** Opens `count` more visitors, at most `concurrency` handshakes at a time. */
  open: { target: Target; count: number; mode: VisitorMode; concurrency: number };
  /**
   * Open-loop load over this generator's visitors of `kind`: `rate` messages/s for `durationMs`.
   * Visitors that were cut since (a failed step) are reconnected first.
   */
  load: { kind: TargetKind; rate: number; durationMs: number; graceMs: number; expect: LoadExpectation };
  /** Connects an agent that answers every visitor message (relay: agent stream + HTTP API). */
  agent: { target: Target };
  /** Cuts every visitor socket at once from the client side (`terminate()`), keeping their sessions. */
  drop: { kind: TargetKind };
  /** While the visitors are away: the agent posts `perVisitor` messages into each of their conversations. */
  'post-away': { kind: TargetKind; perVisitor: number; concurrency: number };
  /** Reconnects every dropped visitor and waits until each has resumed with everything it missed. */
  resume: { kind: TargetKind; jitterMs: number; timeoutMs: number };
  /** One conversation open in `tabs` tabs; the agent posts `posts` times; time until every tab has each. */
  'fan-out': { target: Target; tabs: number; posts: number; gapMs: number };
  /** Closes every socket this generator holds. */
  'close-all': Record<string, never>;
}

/** Result of `open`. */
export interface OpenResult {
  opened: number;
  failed: number;
  /** Visitors this generator now holds. */
  total: number;
  elapsedMs: number;
  /** The first few failure reasons. */
  errors: string[];
}

/** Result of `load`. */
export interface LoadResult {
  /** Messages sent. */
  sent: number;
  /** Latencies of the completed ones in ms, from each message's scheduled send time (no coordinated omission). */
  latenciesMs: Float64Array;
  /** Still unanswered when the grace period ended. */
  timeouts: number;
  /** `error` frames and sockets closed during the run. */
  errors: number;
  errorSamples: string[];
  /** CPU this generator used during the run, as a share of one core (1 = one core busy). */
  cpuShare: number;
  /** How far behind schedule the sender fell at worst, in ms (the generator itself was too slow). */
  maxSendLagMs: number;
}

/** Result of `agent`. */
export interface AgentResult {
  connected: boolean;
}

/** Result of `drop`. */
export interface DropResult {
  dropped: number;
}

/** Result of `post-away`. */
export interface PostAwayResult {
  posted: number;
  failed: number;
  elapsedMs: number;
  errors: string[];
}

/** Result of `resume`. */
export interface ResumeResult {
  visitors: number;
  /** Resumed with every message they missed. */
  complete: number;
  /** From the command until the last visitor was complete (or the timeout), in ms. */
  elapsedMs: number;
  /** Messages posted while away that never arrived. */
  missing: number;
  /** Messages that arrived more than once. */
  duplicates: number;
  /** Messages that arrived out of `seq` order. */
  outOfOrder: number;
  /** Connection attempts that failed and were retried with backoff. */
  retries: number;
  /** Sessions the relay did not resume (`resumed: false`): their history would be gone. */
  notResumed: number;
  /** Per visitor that completed: ms from the command until it had resumed completely. */
  completionMs: Float64Array;
  errors: string[];
}

/** Result of `fan-out`. */
export interface FanOutResult {
  /** Per post: ms from sending it until the last tab had it. */
  latenciesMs: Float64Array;
  /** Posts that did not reach every tab within 5 s. */
  incomplete: number;
  errors: string[];
}

/** Result of `close-all`. */
export interface CloseResult {
  closed: number;
}

/** Replies, keyed by the command they answer. */
export interface ResultMap {
  open: OpenResult;
  load: LoadResult;
  agent: AgentResult;
  drop: DropResult;
  'post-away': PostAwayResult;
  resume: ResumeResult;
  'fan-out': FanOutResult;
  'close-all': CloseResult;
}

/** A command name. */
export type CommandType = keyof CommandMap;

/** A command on the wire. */
export type CommandMessage = {
  [K in CommandType]: { requestId: number; type: K } & CommandMap[K];
}[CommandType];

/** A reply on the wire: the result, or the error that stopped the command. */
export type ReplyMessage =
  | { requestId: number; ok: true; result: ResultMap[CommandType] }
  | { requestId: number; ok: false; error: string };
