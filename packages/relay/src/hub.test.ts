import { describe, expect, it } from 'vitest';
import type { AgentServerMessage, ServerMessage } from '@confab/protocol';
import { InProcessHub, type Peer } from './hub.js';

/** A peer that records what it receives. */
function fakePeer<F>(): Peer<F> & { frames: F[]; encoded: string[] } {
  const frames: F[] = [];
  const encoded: string[] = [];
  return { frames, encoded, deliver: (frame, text) => void (frames.push(frame), encoded.push(text)) };
}

describe('InProcessHub', () => {
  it('sends to the visitor sockets of one conversation, except the sender', () => {
    const hub = new InProcessHub();
    const [tabA, tabB, elsewhere] = [fakePeer<ServerMessage>(), fakePeer<ServerMessage>(), fakePeer<ServerMessage>()];
    void hub.joinConversation('c1', tabA);
    void hub.joinConversation('c1', tabB);
    void hub.joinConversation('c2', elsewhere);
    hub.toConversation('c1', { type: 'status', status: 'closed' }, tabA);
    expect(tabA.frames).toEqual([]);
    expect(tabB.frames).toEqual([{ type: 'status', status: 'closed' }]);
    expect(tabB.encoded).toEqual(['{"type":"status","status":"closed"}']);
    expect(elsewhere.frames).toEqual([]);
  });

  it('tracks presence: first to join, last to leave', async () => {
    const hub = new InProcessHub();
    const [tabA, tabB] = [fakePeer<ServerMessage>(), fakePeer<ServerMessage>()];
    expect(await hub.joinConversation('c1', tabA)).toEqual({ isFirst: true });
    expect(await hub.joinConversation('c1', tabB)).toEqual({ isFirst: false });
    expect([...(await hub.onlineConversations(['c1', 'c2']))]).toEqual(['c1']);
    expect(hub.connectionCounts()).toEqual({ visitors: 2, agents: 0 });
    expect(await hub.leaveConversation('c1', tabA)).toEqual({ isLast: false });
    expect(await hub.leaveConversation('c1', tabA)).toEqual({ isLast: false });
    expect(await hub.leaveConversation('c1', tabB)).toEqual({ isLast: true });
    expect((await hub.onlineConversations(['c1'])).size).toBe(0);
    expect(hub.connectionCounts()).toEqual({ visitors: 0, agents: 0 });
  });

  it('sends agent frames to every agent stream until it leaves', () => {
    const hub = new InProcessHub();
    const [one, two] = [fakePeer<AgentServerMessage>(), fakePeer<AgentServerMessage>()];
    hub.joinAgents(one);
    hub.joinAgents(two);
    hub.toAgents({ type: 'quick-replies', quickReplies: [] });
    hub.leaveAgents(two);
    hub.toAgents({ type: 'pong' });
    expect(one.frames.map((f) => f.type)).toEqual(['quick-replies', 'pong']);
    expect(two.frames.map((f) => f.type)).toEqual(['quick-replies']);
  });
});
