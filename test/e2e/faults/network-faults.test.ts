import { describe, expect, it } from 'vitest';
import { memoryStorage } from '@confab/client';
import { eventually } from '../support/relay.js';
import type { TcpProxy } from '../support/tcp-proxy.js';
import { AgentStream } from './agent.js';
import { agentEndpoint, BURST_FRIENDLY, useFaultFixture } from './fixture.js';
import { Ledger, type VisitorRecord } from './ledger.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

const fixture = useFaultFixture();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Texts whose UTF-8 bytes a slicing proxy splits mid-character: CJK, an emoji sequence, RTL, combining marks.
const SAMPLE = ['你好，水壶有货吗', '👩🏽‍💻 ok', 'مرحبا بك', 'e\u0301 n\u0303'];

/**
 * One fault at random, on the visitor proxy or the agent's, held for a short while. Every kind the
 * proxy knows: a cut of both sides, a cut that leaves one side half-dead (only heartbeats notice),
 * a stall of one direction or both, per-chunk delays and frames sliced down to single bytes.
 */
async function injectFault(random: SeededRandom, visitors: TcpProxy, agents: TcpProxy, log: string[]): Promise<void> {
  const proxy = random.next() < 0.75 ? visitors : agents;
  const name = proxy === visitors ? 'visitors' : 'agents';
  const direction = random.pick(['to-relay', 'to-client', 'both'] as const);
  const holdMs = random.int(100, 700);
  const kind = random.pick(['cut', 'cut-client', 'cut-relay', 'stall', 'delay', 'slice', 'calm'] as const);
  log.push(`${name} ${kind} ${direction} ${holdMs}ms`);
  switch (kind) {
    case 'cut':
      proxy.cutAll();
      return sleep(holdMs);
    case 'cut-client':
      proxy.cut('client');
      return sleep(holdMs);
    case 'cut-relay':
      proxy.cut('relay');
      return sleep(holdMs);
    case 'stall':
      proxy.stall(direction);
      await sleep(holdMs);
      proxy.resume(direction);
      return;
    case 'delay':
      proxy.setDelay(random.int(5, 60), direction);
      await sleep(holdMs);
      proxy.setDelay(0, direction);
      return;
    case 'slice':
      proxy.setSlice(random.int(1, 7), direction, random.next);
      await sleep(holdMs);
      proxy.setSlice(0, direction);
      return;
    case 'calm':
      return sleep(holdMs);
  }
}

describe('delivery under network faults (real relay process, fault proxy)', () => {
  it('keeps every message once and in order through cuts, half-dead sockets, stalls, delays and slicing', { timeout: 90_000 }, async () => {
    const random = seededRandom('network faults');
    // Heartbeats every second, so half-dead sockets are found within the test's time.
    const relay = await fixture.relay({ args: [...BURST_FRIENDLY, '--heartbeat-ms', '1000'] });
    const visitorProxy = await fixture.proxy(relay.port);
    const agentProxy = await fixture.proxy(relay.port);
    const agent = agentEndpoint(relay, `http://127.0.0.1:${agentProxy.port}`, `http://127.0.0.1:${agentProxy.port}`);
    const ledger = new Ledger(random);
    // One agent-stream subscriber behind the faulty proxy (it reconnects and catches up over HTTP),
    // one straight on the relay (one connection that must carry every message, in order).
    for (const endpoint of [agent, agentEndpoint(relay)]) {
      const stream = new AgentStream(endpoint, () => ledger.conversations());
      fixture.defer(() => stream.stop());
      ledger.streams.push(stream);
      await stream.start();
    }

    const url = `http://127.0.0.1:${visitorProxy.port}`;
    const clientOptions = { pongTimeoutMs: 1000, requestTimeoutMs: 3000 };
    const visitors: VisitorRecord[] = [];
    for (let i = 0; i < 5; i++) visitors.push(ledger.watch(`visitor ${i}`, fixture.client(url, random, clientOptions)));
    // Two tabs of one shopper: the second opens once the first holds the session.
    const shared = memoryStorage();
    const tabA = ledger.watch('tab A', fixture.client(url, random, { ...clientOptions, storage: shared }));
    await eventually('tab A to get its conversation', () => tabA.client.conversationId);
    const tabB = ledger.watch('tab B', fixture.client(url, random, { ...clientOptions, storage: shared }));
    visitors.push(tabA, tabB);
    await eventually('every client to be welcomed', () => visitors.every((visitor) => visitor.client.conversationId));
    expect(tabB.client.conversationId).toBe(tabA.client.conversationId);

    const rounds = 30;
    const sends: Promise<unknown>[] = [];
    const visitorTraffic = visitors.map(async (visitor) => {
      for (let i = 0; i < rounds; i++) {
        sends.push(ledger.send(visitor, `${visitor.name} #${i} ${random.pick(SAMPLE)}`));
        await sleep(random.int(20, 300));
      }
    });
    const conversations = [...new Set(visitors.map((visitor) => visitor.client.conversationId!))];
    const agentTraffic = conversations.map(async (conversationId, c) => {
      for (let i = 0; i < rounds; i++) {
        await ledger.reply(agent, conversationId, `agent→${c} #${i} ${random.pick(SAMPLE)}`);
        await sleep(random.int(20, 300));
      }
    });

    const faults: string[] = [];
    let isTrafficDone = false;
    const traffic = Promise.all([...visitorTraffic, ...agentTraffic]).finally(() => (isTrafficDone = true));
    // One drop of every shopper for sure, then whatever the seed brings.
    await sleep(random.int(100, 400));
    visitorProxy.cutAll();
    faults.push('visitors cut both');
    for (let step = 0; step < 60 && !isTrafficDone; step++) {
      await injectFault(random, visitorProxy, agentProxy, faults);
    }
    await traffic;
    visitorProxy.clearFaults();
    agentProxy.clearFaults();
    console.log(`faults injected: ${faults.join('; ')}`);

    await Promise.all(sends);
    await ledger.expectConsistent(agentEndpoint(relay));
    // The scenario really hurt: every shopper lost its socket at least once.
    for (const visitor of visitors) expect(visitor.closeCodes.length, visitor.name).toBeGreaterThan(0);
    expect(ledger.streams[1]!.epochs).toHaveLength(1);
  });

  it('reassembles frames split into single bytes and delayed, in both directions', { timeout: 60_000 }, async () => {
    const random = seededRandom('single bytes');
    const relay = await fixture.relay({ args: [...BURST_FRIENDLY] });
    const proxy = await fixture.proxy(relay.port);
    const agent = agentEndpoint(relay);
    const ledger = new Ledger(random);
    const stream = new AgentStream(agent, () => ledger.conversations());
    fixture.defer(() => stream.stop());
    ledger.streams.push(stream);
    await stream.start();

    proxy.setSlice(1, 'both');
    proxy.setDelay(2, 'both');
    const visitor = ledger.watch('visitor', fixture.client(`http://127.0.0.1:${proxy.port}`, random));
    const conversationId = await eventually('the session through a byte-at-a-time proxy', () => visitor.client.conversationId);
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      sends.push(ledger.send(visitor, `one byte at a time #${i} ${SAMPLE.join(' ')}`));
      await ledger.reply(agent, conversationId, `reply #${i} ${SAMPLE.join(' ')}`);
    }
    await Promise.all(sends);
    await ledger.expectConsistent(agent);
    expect(proxy.forwardedBytes['to-client']).toBeGreaterThan(1000);
  });
});
