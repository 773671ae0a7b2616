import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@confab/protocol';
import { eventually } from '../support/relay.js';
import type { RelayExit, RelayProcess } from '../support/relay-process.js';
import { AgentStream, type AgentEndpoint } from './agent.js';
import { agentEndpoint, BURST_FRIENDLY, useFaultFixture } from './fixture.js';
import { Ledger, type VisitorRecord } from './ledger.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

const fixture = useFaultFixture();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const VISITORS = 4;
const BURST = 40;

interface Scenario {
  relay: RelayProcess;
  agent: AgentEndpoint;
  ledger: Ledger;
  stream: AgentStream;
  visitors: VisitorRecord[];
}

async function setUp(random: SeededRandom): Promise<Scenario> {
  const relay = await fixture.relay({ args: [...BURST_FRIENDLY] });
  const agent = agentEndpoint(relay);
  const ledger = new Ledger(random);
  const stream = new AgentStream(agent, () => ledger.conversations());
  fixture.defer(() => stream.stop());
  ledger.streams.push(stream);
  await stream.start();
  const visitors = Array.from({ length: VISITORS }, (_, i) =>
    ledger.watch(`visitor ${i}`, fixture.client(relay.baseUrl, random, { backoff: { baseMs: 50, maxMs: 500 } })),
  );
  await eventually('every client to be welcomed', () => visitors.every((visitor) => visitor.client.state === 'open'));
  return { relay, agent, ledger, stream, visitors };
}

/**
 * A burst in both directions: every visitor sends BURST messages as fast as it can, and the agent
 * posts BURST replies to every conversation, one after another, each retried with its id until
 * stored. Resolves when every visitor message is acknowledged and every reply stored.
 */
function burst({ agent, ledger, visitors }: Scenario, random: SeededRandom): Promise<unknown> {
  const sends: Promise<unknown>[] = [];
  const visitorBursts = visitors.map(async (visitor) => {
    for (let i = 0; i < BURST; i++) {
      sends.push(ledger.send(visitor, `${visitor.name} burst #${i} 水壶 🫖`));
      if (random.next() < 0.3) await sleep(random.int(0, 15));
    }
  });
  const agentBursts = visitors.map(async (visitor, v) => {
    for (let i = 0; i < BURST; i++) await ledger.reply(agent, visitor.client.conversationId!, `reply to ${v} #${i} 有货 ✅`);
  });
  return Promise.all([...visitorBursts, ...agentBursts]).then(() => Promise.all(sends));
}

const TOTAL = VISITORS * BURST * 2;

/** Waits until a random share, between `from` and `to`, of the burst is acknowledged. */
async function partWayThrough({ ledger }: Scenario, random: SeededRandom, from = 0.2, to = 0.6): Promise<void> {
  const threshold = Math.floor(TOTAL * (from + random.next() * (to - from)));
  await eventually(`${threshold} of ${TOTAL} messages acknowledged`, () => ledger.acknowledged().size >= threshold, 30_000);
}

describe('a relay that dies or restarts mid-burst (real process, same port and data dir)', () => {
  it('loses nothing acknowledged and doubles nothing when killed with SIGKILL twice during a burst both ways', { timeout: 90_000 }, async () => {
    const random = seededRandom('kill -9');
    const scenario = await setUp(random);
    const { relay, ledger, agent } = scenario;
    const traffic = burst(scenario, random);
    for (const [from, to] of [[0.1, 0.3], [0.4, 0.7]] as const) {
      await partWayThrough(scenario, random, from, to);
      const exit = await relay.kill('SIGKILL');
      const ackedAtDeath = ledger.acknowledged();
      expect(exit).toEqual<RelayExit>({ code: null, signal: 'SIGKILL' });
      expect(ackedAtDeath.size, 'killed in the middle of the burst').toBeLessThan(TOTAL);
      await sleep(random.int(100, 600));
      await relay.restart();
      // Before anyone resends: what was acknowledged is on disk, with the seq it was acknowledged with.
      expect(ledger.missingFrom(await ledger.transcripts(agent), ackedAtDeath), `seed ${random.seed}`).toEqual([]);
    }

    await traffic;
    await ledger.expectConsistent(agent);
  });

  it('drains on SIGTERM: clients told 4010, exit 0, nothing acknowledged lost, everyone resumes', { timeout: 90_000 }, async () => {
    const random = seededRandom('SIGTERM');
    const scenario = await setUp(random);
    const { relay, ledger, agent, stream, visitors } = scenario;
    const traffic = burst(scenario, random);
    await partWayThrough(scenario, random);

    const exit = await relay.kill('SIGTERM');
    const ackedAtExit = ledger.acknowledged();
    expect(exit).toEqual<RelayExit>({ code: 0, signal: null });
    expect(ackedAtExit.size, 'stopped in the middle of the burst').toBeLessThan(TOTAL);
    for (const visitor of visitors) expect(visitor.closeCodes, visitor.name).toContain(CLOSE_CODES.GOING_AWAY);
    expect(stream.closeCodes).toContain(CLOSE_CODES.GOING_AWAY);

    await sleep(random.int(100, 600));
    await relay.restart();
    expect(ledger.missingFrom(await ledger.transcripts(agent), ackedAtExit), `seed ${random.seed}`).toEqual([]);

    await traffic;
    await ledger.expectConsistent(agent);
    await eventually('every client open again', () => visitors.every((visitor) => visitor.client.state === 'open'));
  });
});
