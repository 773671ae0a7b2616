import { describe, expect, it } from 'vitest';
import { eventually } from '../support/relay.js';
import { AgentStream } from './agent.js';
import { agentEndpoint, BURST_FRIENDLY, useFaultFixture } from './fixture.js';
import { Ledger } from './ledger.js';
import { seededRandom } from './seeded-random.js';

const fixture = useFaultFixture();

/** Shoppers dropped at once; bounded so the storm fits a 2-core machine shared with other work. */
const CLIENTS = 400;

/** Runs `task` for every item, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

describe('a reconnect storm (real relay process, fault proxy)', () => {
  it(`resumes ${CLIENTS} shoppers dropped at once, each with exactly the messages it missed`, { timeout: 120_000 }, async () => {
    const random = seededRandom('reconnect storm');
    const relay = await fixture.relay({ args: [...BURST_FRIENDLY] });
    const proxy = await fixture.proxy(relay.port);
    const agent = agentEndpoint(relay);
    const ledger = new Ledger(random);
    const stream = new AgentStream(agent, () => ledger.conversations());
    fixture.defer(() => stream.stop());
    ledger.streams.push(stream);
    await stream.start();

    const url = `http://127.0.0.1:${proxy.port}`;
    const visitors = Array.from({ length: CLIENTS }, (_, i) =>
      ledger.watch(`shopper ${i}`, fixture.client(url, random, { backoff: { baseMs: 250, maxMs: 2000 } })),
    );
    await eventually('every shopper connected', () => visitors.every((visitor) => visitor.client.state === 'open'), 60_000);
    expect(proxy.openConnections).toBe(CLIENTS);

    // A conversation each: one question, one answer.
    const before = visitors.map((visitor) => ledger.send(visitor, `${visitor.name}: 有现货吗？`));
    await forEachLimited(visitors, 16, (visitor) => ledger.reply(agent, visitor.client.conversationId!, `to ${visitor.name}: 有的 ✅`));
    await Promise.all(before);

    // The network drops everyone at once and stays down for a moment.
    proxy.setBlocked(true);
    proxy.cutAll();
    await eventually('every shopper to notice the drop', () => visitors.every((visitor) => visitor.client.state !== 'open'), 30_000);

    // While they are away: each shopper writes again (queued), and the agent answers everyone.
    const during = visitors.map((visitor) => ledger.send(visitor, `${visitor.name}: 还在吗？(offline)`));
    await forEachLimited(visitors, 16, (visitor) => ledger.reply(agent, visitor.client.conversationId!, `to ${visitor.name}: 在的，while you were away`));

    proxy.setBlocked(false);
    await Promise.all(during);
    await eventually('every shopper to resume', () => visitors.every((visitor) => visitor.client.state === 'open'), 60_000);
    await ledger.expectConsistent(agent, 60_000);
    for (const visitor of visitors) {
      expect(visitor.client.messages, visitor.name).toHaveLength(4);
      expect(visitor.closeCodes.length, `${visitor.name} lost its socket`).toBeGreaterThan(0);
    }
    expect(new Set(visitors.map((visitor) => visitor.client.conversationId)).size).toBe(CLIENTS);
  });
});
