import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { createId } from '@confab/protocol';
import { startTestRelay, type TestRelay } from '../test-support/relay.js';
import { sendMessage } from '../test-support/socket.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** Collects garbage until every ref is empty or a few rounds have passed; returns the live ones. */
async function liveAfterCollection(refs: readonly WeakRef<object>[]): Promise<number> {
  for (let round = 0; round < 10; round++) {
    collectGarbage();
    const live = refs.filter((ref) => ref.deref() !== undefined).length;
    if (live === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return refs.filter((ref) => ref.deref() !== undefined).length;
}

describe('takeOverSocket', () => {
  it('lets the upgrade request be collected while the socket stays open and working', async () => {
    relay = await startTestRelay();
    const upgrades: WeakRef<IncomingMessage>[] = [];
    relay.app.server.on('upgrade', (request: IncomingMessage) => upgrades.push(new WeakRef(request)));

    const visitors = await Promise.all([relay.visitor(), relay.visitor(), relay.visitor()]);
    const agent = await relay.agent();
    expect(upgrades).toHaveLength(4);
    expect(await liveAfterCollection(upgrades)).toBe(0);

    // Each connection still carries frames both ways after its request is gone.
    for (const [index, visitor] of visitors.entries()) {
      const ack = await sendMessage(visitor, createId(), `still here ${index}`);
      expect(ack.seq).toBe(1);
      const relayed = await agent.waitFor('message', (frame) => frame.message.text === `still here ${index}`);
      expect(relayed.message.seq).toBe(ack.seq);
    }
  });
});
