import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@confab/protocol';
import { eventually } from '../support/relay.js';
import { AgentStream } from './agent.js';
import { agentEndpoint, BURST_FRIENDLY, useFaultFixture } from './fixture.js';
import { Ledger } from './ledger.js';
import { seededRandom } from './seeded-random.js';

const fixture = useFaultFixture();

/** The relay's per-connection queue bound in this test (the default is 1 MiB); also the frame limit, which it may not be below. */
const MAX_QUEUED_BYTES = 256 * 1024;
/** Characters per flood message: ASCII, so one byte each. */
const FLOOD_TEXT_LENGTH = 60_000;

/**
 * How much the agent has to send before the relay's own queue for a client that reads nothing can
 * pass its bound: the kernel first takes up to the socket send buffer's maximum (tcp_wmem) on the
 * relay's side plus a receive buffer on the proxy's, then the relay queues.
 */
function floodBytes(): number {
  let sendBufferMax = 4 * 1024 * 1024;
  try {
    sendBufferMax = Number(readFileSync('/proc/sys/net/ipv4/tcp_wmem', 'utf8').trim().split(/\s+/)[2]) || sendBufferMax;
  } catch {
    // Not Linux: keep the common default.
  }
  return Math.min(32 * 1024 * 1024, sendBufferMax + 2 * 1024 * 1024 + 4 * MAX_QUEUED_BYTES);
}

describe('a slow consumer (real relay process, stalled proxy)', () => {
  it('closes a shopper that stopped reading with 4009 while others chat on; it resumes with nothing lost', { timeout: 90_000 }, async () => {
    const random = seededRandom('slow consumer');
    const relay = await fixture.relay({
      args: [...BURST_FRIENDLY, '--max-text-length', String(FLOOD_TEXT_LENGTH), '--max-frame-bytes', String(MAX_QUEUED_BYTES), '--max-queued-bytes', String(MAX_QUEUED_BYTES)],
    });
    const proxy = await fixture.proxy(relay.port);
    const agent = agentEndpoint(relay);
    const ledger = new Ledger(random);
    const stream = new AgentStream(agent, () => ledger.conversations());
    fixture.defer(() => stream.stop());
    ledger.streams.push(stream);
    await stream.start();

    const slow = ledger.watch('slow reader', fixture.client(`http://127.0.0.1:${proxy.port}`, random));
    const other = ledger.watch('other shopper', fixture.client(relay.baseUrl, random));
    await eventually('both shoppers connected', () => slow.client.state === 'open' && other.client.state === 'open');
    const slowConversation = slow.client.conversationId!;
    const otherConversation = other.client.conversationId!;
    await ledger.send(slow, 'hello before the flood');
    await ledger.reply(agent, slowConversation, 'hi, how can I help?');

    // The slow shopper's device stops reading; its socket stays open. The agent sends a lot.
    proxy.stall('to-client');
    const filler = 'The Aster kettle keeps water at the chosen temperature for an hour. ';
    const text = (i: number) => `flood #${i} ${filler.repeat(Math.ceil(FLOOD_TEXT_LENGTH / filler.length))}`.slice(0, FLOOD_TEXT_LENGTH);
    const count = Math.ceil(floodBytes() / FLOOD_TEXT_LENGTH);
    let posted = 0;
    const flood = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (posted < count) await ledger.reply(agent, slowConversation, text(posted++));
      }),
    );

    // Meanwhile another shopper chats on, undisturbed.
    await ledger.send(other, 'is the sage colour in stock?');
    await ledger.reply(agent, otherConversation, 'yes, the sage one ships tomorrow');
    await eventually('the other shopper to get the reply during the flood', () =>
      other.client.messages.some((message) => message.text === 'yes, the sage one ships tomorrow'),
    );
    await flood;

    // The relay gives a close it started 5 s to complete before it cuts the socket; the flood ends
    // well within that after the bound is passed, so the shopper still reads the 4009 close frame.
    proxy.resume('to-client');
    await ledger.expectConsistent(agent, 60_000);
    expect(slow.client.messages.length).toBe(count + 2);
    expect(slow.closeCodes, 'close codes the slow shopper saw').toContain(CLOSE_CODES.SLOW_CONSUMER);
    expect(other.closeCodes).toEqual([]);
  });
});
