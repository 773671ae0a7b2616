import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, createId, type ChatMessage, type ServerMessage } from '@confab/protocol';
import { between, seededRandom, testSeed, type Random } from './test-support/random.js';
import { cliApi, relayProcesses, type ListeningRelay } from './test-support/relay-process.js';
import { openVisitor, type Visitor } from './test-support/socket.js';

// The built relay command runs as a child process and is killed or stopped in the middle of
// traffic; the data directory is then checked directly and through a restarted relay.
const processes = relayProcesses();
const SEED = testSeed();
const CRASH_ROUNDS = 12;
const VISITORS = 3;
/** A rate limit that never gets in the way: these tests measure durability, not throttling. */
const RELAY_FLAGS = ['--messages-per-minute', '100000'];

interface SentMessage {
  conversationId: string;
  role: 'visitor' | 'agent';
  text: string;
}

/** Everything sent to the relay across its restarts, and the seq of everything acknowledged. */
class Ledger {
  readonly conversations: { id: string; token: string }[] = [];
  readonly sent = new Map<string, SentMessage>();
  readonly acked = new Map<string, number>();
  readonly problems: string[] = [];

  ack(id: string, seq: number): void {
    const before = this.acked.get(id);
    if (before !== undefined && before !== seq) this.problems.push(`${id} was acknowledged as seq ${before}, then as ${seq}`);
    this.acked.set(id, seq);
  }

  unacked(): [string, SentMessage][] {
    return [...this.sent].filter(([id]) => !this.acked.has(id));
  }
}

/** Opens one visitor socket per conversation (creating the conversations on first use) that records acknowledgements. */
async function openVisitors(relay: ListeningRelay, ledger: Ledger): Promise<Visitor[]> {
  const visitors: Visitor[] = [];
  for (let index = 0; index < VISITORS; index++) {
    const known = ledger.conversations[index];
    const visitor = await openVisitor(relay.wsUrl, known ? { token: known.token, lastSeq: 0 } : {});
    if (!known) ledger.conversations.push({ id: visitor.welcome.conversationId, token: visitor.welcome.token });
    expect(visitor.welcome.conversationId).toBe(ledger.conversations[index]!.id);
    visitor.socket.raw.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as ServerMessage;
      if (frame.type === 'ack') ledger.ack(frame.id, frame.seq);
      if (frame.type === 'error') ledger.problems.push(`error frame ${frame.code}: ${frame.message}`);
    });
    processes.defer(() => visitor.socket.close());
    visitors.push(visitor);
  }
  return visitors;
}

async function postAgentReply(relay: ListeningRelay, ledger: Ledger, id: string, message: SentMessage): Promise<void> {
  try {
    const response = await cliApi<ChatMessage>(relay.url, 'POST', `/v1/agent/conversations/${message.conversationId}/messages`, { id, text: message.text });
    if (response.status === 200 || response.status === 201) ledger.ack(id, response.body.seq);
  } catch {
    // The relay died or is draining mid-request: not acknowledged, so it is resent later.
  }
}

/**
 * Writes from every visitor socket and two agent API loops at once, without waiting for
 * acknowledgements (a bounded number in flight per socket), until `stop()`.
 */
function driveTraffic(relay: ListeningRelay, visitors: readonly Visitor[], ledger: Ledger, random: Random, round: number) {
  let isStopped = false;
  let counter = 0;
  const nextText = (who: string) => `r${round} ${who} #${++counter} 你好 👋🏽`;
  const pause = () => new Promise((resolve) => setTimeout(resolve, between(random, 0, 4)));
  const visitorLoop = async (visitor: Visitor, index: number) => {
    while (!isStopped && visitor.socket.raw.readyState === visitor.socket.raw.OPEN) {
      const inFlight = [...ledger.sent].filter(([id, sent]) => sent.conversationId === ledger.conversations[index]!.id && sent.role === 'visitor' && !ledger.acked.has(id)).length;
      if (inFlight < 30) {
        const id = createId();
        const message: SentMessage = { conversationId: ledger.conversations[index]!.id, role: 'visitor', text: nextText(`visitor ${index}`) };
        ledger.sent.set(id, message);
        visitor.socket.send({ type: 'message', id, text: message.text });
      }
      await pause();
    }
  };
  const agentLoop = async () => {
    while (!isStopped) {
      const id = createId();
      const conversation = ledger.conversations[between(random, 0, ledger.conversations.length - 1)]!;
      const message: SentMessage = { conversationId: conversation.id, role: 'agent', text: nextText('agent') };
      ledger.sent.set(id, message);
      await postAgentReply(relay, ledger, id, message);
      await pause();
    }
  };
  const loops = [...visitors.map(visitorLoop), agentLoop(), agentLoop()];
  return {
    async stop() {
      isStopped = true;
      await Promise.all(loops);
    },
  };
}

/**
 * Resends every message not acknowledged yet, with its original id, and waits until each is
 * acknowledged: after a crash, that is what clients do.
 */
async function resendUnacked(relay: ListeningRelay, visitors: readonly Visitor[], ledger: Ledger): Promise<void> {
  const pending = ledger.unacked();
  for (const [id, message] of pending) {
    if (message.role === 'agent') await postAgentReply(relay, ledger, id, message);
    else visitors[ledger.conversations.findIndex((c) => c.id === message.conversationId)]!.socket.send({ type: 'message', id, text: message.text });
  }
  for (const [id] of pending) {
    const deadline = Date.now() + 20_000;
    while (!ledger.acked.has(id)) {
      if (Date.now() > deadline) throw new Error(`resent message ${id} was not acknowledged (seed ${SEED})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * Checks the database file of a stopped relay: SQLite's integrity check passes, each
 * conversation's seqs are 1..n, every acknowledged message is there once with its seq, and
 * nothing is there that was never sent.
 */
function checkDataDir(dataDir: string, ledger: Ledger, when: string): number {
  const db = new Database(join(dataDir, 'confab.sqlite'));
  try {
    expect(db.pragma('integrity_check', { simple: true }), `integrity ${when}`).toBe('ok');
    let total = 0;
    for (const { id } of ledger.conversations) {
      const rows = db.prepare('SELECT seq, client_id AS clientId FROM messages WHERE conversation_id = ? ORDER BY seq').all(id) as { seq: number; clientId: string }[];
      const lastSeq = (db.prepare('SELECT last_seq AS lastSeq FROM conversations WHERE id = ?').get(id) as { lastSeq: number }).lastSeq;
      expect(rows.map((row) => row.seq), `seqs of ${id} ${when}`).toEqual(rows.map((_, index) => index + 1));
      expect(lastSeq, `last_seq of ${id} ${when}`).toBe(rows.length);
      for (const row of rows) expect(ledger.sent.get(row.clientId)?.conversationId, `stored ${row.clientId} was sent ${when}`).toBe(id);
      total += rows.length;
    }
    for (const [id, seq] of ledger.acked) {
      const rows = db.prepare('SELECT seq FROM messages WHERE client_id = ?').all(id) as { seq: number }[];
      expect(rows, `acknowledged ${id} stored once with its seq ${when}`).toEqual([{ seq }]);
    }
    return total;
  } finally {
    db.close();
  }
}

describe('relay durability under SIGKILL and SIGTERM', () => {
  it(`keeps every acknowledged write once, with gap-free seqs, through ${CRASH_ROUNDS} SIGKILLs at random moments (seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const dataDir = processes.tempDir();
    const ledger = new Ledger();
    for (let round = 1; round <= CRASH_ROUNDS; round++) {
      const relay = await processes.start(dataDir, RELAY_FLAGS);
      const visitors = await openVisitors(relay, ledger);
      // What the previous crash left unacknowledged is resent first and must be stored once.
      await resendUnacked(relay, visitors, ledger);
      const traffic = driveTraffic(relay, visitors, ledger, random, round);
      await new Promise((resolve) => setTimeout(resolve, between(random, 20, 400)));
      relay.process.child.kill('SIGKILL');
      expect((await relay.process.exited).signal).toBe('SIGKILL');
      await traffic.stop();
      await Promise.all(visitors.map((visitor) => visitor.socket.closed()));
      checkDataDir(dataDir, ledger, `after SIGKILL in round ${round} (seed ${SEED})`);
    }
    const relay = await processes.start(dataDir, RELAY_FLAGS);
    const visitors = await openVisitors(relay, ledger);
    await resendUnacked(relay, visitors, ledger);
    relay.process.child.kill('SIGTERM');
    expect(await relay.process.exited).toEqual({ code: 0, signal: null });
    expect(ledger.problems, `seed ${SEED}`).toEqual([]);
    expect(ledger.unacked()).toEqual([]);
    // Everything ever sent is now stored exactly once.
    expect(checkDataDir(dataDir, ledger, `at the end (seed ${SEED})`)).toBe(ledger.sent.size);
    expect(ledger.sent.size).toBeGreaterThan(CRASH_ROUNDS * VISITORS);
  }, 180_000);

  it(`commits writes in flight on SIGTERM before exiting: whatever was acknowledged before the 4010 close is stored (seed ${SEED})`, async () => {
    const random = seededRandom(SEED + 1);
    const dataDir = processes.tempDir();
    const ledger = new Ledger();
    const relay = await processes.start(dataDir, RELAY_FLAGS);
    const visitors = await openVisitors(relay, ledger);
    const traffic = driveTraffic(relay, visitors, ledger, random, 1);
    await new Promise((resolve) => setTimeout(resolve, between(random, 100, 300)));
    relay.process.child.kill('SIGTERM');
    const closes = await Promise.all(visitors.map((visitor) => visitor.socket.closed()));
    const ackedBeforeClose = new Map(ledger.acked);
    expect(closes.map((close) => close.code)).toEqual(visitors.map(() => CLOSE_CODES.GOING_AWAY));
    expect(await relay.process.exited).toEqual({ code: 0, signal: null });
    await traffic.stop();
    expect(ackedBeforeClose.size).toBeGreaterThan(0);
    expect(ledger.problems.filter((problem) => !problem.includes('CONFAB_SHUTTING_DOWN'))).toEqual([]);
    checkDataDir(dataDir, ledger, 'after SIGTERM');

    const again = await processes.start(dataDir, RELAY_FLAGS);
    const back = await openVisitors(again, ledger);
    await resendUnacked(again, back, ledger);
    for (const [id, seq] of ackedBeforeClose) expect(ledger.acked.get(id)).toBe(seq);
    again.process.child.kill('SIGTERM');
    expect(await again.process.exited).toEqual({ code: 0, signal: null });
    expect(checkDataDir(dataDir, ledger, 'after the resend')).toBe(ledger.sent.size);
  }, 60_000);
});
