import { encode, type AgentServerMessage, type ServerMessage } from '@confab/protocol';

/** Something that receives frames of type `F`: a visitor connection or an agent stream. */
export interface Peer<F> {
  /** Hands over one frame, with its encoding shared by every receiver. Must not throw. */
  deliver(frame: F, encoded: string): void;
}

/** A visitor socket as the hub sees it. */
export type VisitorPeer = Peer<ServerMessage>;
/** An agent stream as the hub sees it. */
export type AgentPeer = Peer<AgentServerMessage>;

/** Connections this relay process holds right now. */
export interface ConnectionCounts {
  visitors: number;
  agents: number;
}

/**
 * Fans events out to the visitor sockets of one conversation and to every agent stream. The
 * in-process {@link InProcessHub} serves one relay; the interface is async where a shared hub
 * (Redis pub/sub with presence counters) would need a round trip, so one can replace it.
 */
export interface Hub {
  /** Adds a visitor socket to its conversation; `isFirst` when no other tab was connected. */
  joinConversation(conversationId: string, peer: VisitorPeer): Promise<{ isFirst: boolean }>;
  /** Removes a visitor socket; `isLast` when it was the conversation's last one. */
  leaveConversation(conversationId: string, peer: VisitorPeer): Promise<{ isLast: boolean }>;
  joinAgents(peer: AgentPeer): void;
  leaveAgents(peer: AgentPeer): void;
  /** Sends a frame to every visitor socket of a conversation, except `except` (the sender). */
  toConversation(conversationId: string, frame: ServerMessage, except?: VisitorPeer): void;
  /** Sends a frame to every agent stream. */
  toAgents(frame: AgentServerMessage): void;
  /** Which of these conversations have at least one visitor socket connected. */
  onlineConversations(conversationIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Sockets held by this process (for `/healthz`). */
  connectionCounts(): ConnectionCounts;
}

/** The {@link Hub} for a single relay process: plain maps, synchronous fan-out. */
export class InProcessHub implements Hub {
  readonly #visitors = new Map<string, Set<VisitorPeer>>();
  readonly #agents = new Set<AgentPeer>();
  #visitorCount = 0;

  joinConversation(conversationId: string, peer: VisitorPeer): Promise<{ isFirst: boolean }> {
    let peers = this.#visitors.get(conversationId);
    if (!peers) {
      peers = new Set();
      this.#visitors.set(conversationId, peers);
    }
    if (!peers.has(peer)) {
      peers.add(peer);
      this.#visitorCount++;
    }
    return Promise.resolve({ isFirst: peers.size === 1 });
  }

  leaveConversation(conversationId: string, peer: VisitorPeer): Promise<{ isLast: boolean }> {
    const peers = this.#visitors.get(conversationId);
    if (!peers?.delete(peer)) return Promise.resolve({ isLast: false });
    this.#visitorCount--;
    if (peers.size > 0) return Promise.resolve({ isLast: false });
    this.#visitors.delete(conversationId);
    return Promise.resolve({ isLast: true });
  }

  joinAgents(peer: AgentPeer): void {
    this.#agents.add(peer);
  }

  leaveAgents(peer: AgentPeer): void {
    this.#agents.delete(peer);
  }

  toConversation(conversationId: string, frame: ServerMessage, except?: VisitorPeer): void {
    const peers = this.#visitors.get(conversationId);
    if (!peers) return;
    const encoded = encode(frame);
    // A copy, because delivering can make a peer leave (a slow socket is dropped).
    for (const peer of [...peers]) {
      if (peer !== except) peer.deliver(frame, encoded);
    }
  }

  toAgents(frame: AgentServerMessage): void {
    if (this.#agents.size === 0) return;
    const encoded = encode(frame);
    for (const peer of [...this.#agents]) peer.deliver(frame, encoded);
  }

  onlineConversations(conversationIds: readonly string[]): Promise<ReadonlySet<string>> {
    return Promise.resolve(new Set(conversationIds.filter((id) => this.#visitors.has(id))));
  }

  connectionCounts(): ConnectionCounts {
    return { visitors: this.#visitorCount, agents: this.#agents.size };
  }
}
