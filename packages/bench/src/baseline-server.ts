// The baseline: a bare `ws` server in its own process, started by servers.ts with an IPC channel.
// It does the least any chat relay must do and nothing more: no storage, no validation, no HTTP,
// no rate limits, no heartbeats. Endpoints:
//
//   /echo                       sends every frame straight back (idle sockets, echo throughput)
//   /visitor?conversation=<id>  a shopper: hello → welcome; message → ack + forward to the agents
//                               and the conversation's other tabs
//   /agent                      an agent: reply → message to the conversation's tabs + ack
//
// The routing endpoints use the relay's frame shapes, so the baseline parses and serialises the
// same JSON a relay would; what remains is the cost of the relay's own work.
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import './server-hook.js';

interface BaselineMessage {
  id: string;
  seq: number;
  author: { role: 'visitor' | 'agent' };
  text: string;
  createdAt: number;
}

interface VisitorFrame {
  type?: string;
  id?: string;
  text?: string;
}

interface AgentFrame {
  type?: string;
  conversationId?: string;
  id?: string;
  text?: string;
}

/** Same limit as the relay's default `maxFrameBytes`. */
const MAX_PAYLOAD = 65_536;

const conversations = new Map<string, Set<WebSocket>>();
const lastSeqs = new Map<string, number>();
const agents = new Set<WebSocket>();

function nextSeq(conversationId: string): number {
  const seq = (lastSeqs.get(conversationId) ?? 0) + 1;
  lastSeqs.set(conversationId, seq);
  return seq;
}

function toConversation(conversationId: string, encoded: string, except?: WebSocket): void {
  for (const socket of conversations.get(conversationId) ?? []) {
    if (socket !== except) socket.send(encoded);
  }
}

function onVisitor(socket: WebSocket, conversationId: string): void {
  let tabs = conversations.get(conversationId);
  if (!tabs) {
    tabs = new Set();
    conversations.set(conversationId, tabs);
  }
  tabs.add(socket);
  socket.on('close', () => {
    tabs.delete(socket);
    if (tabs.size === 0) conversations.delete(conversationId);
  });
  socket.on('message', (data: RawData) => {
    const frame = JSON.parse(String(data)) as VisitorFrame;
    if (frame.type === 'hello') {
      socket.send(JSON.stringify({ type: 'welcome', conversationId, lastSeq: lastSeqs.get(conversationId) ?? 0 }));
      return;
    }
    if (frame.type !== 'message' || frame.id === undefined || frame.text === undefined) return;
    const message: BaselineMessage = {
      id: frame.id,
      seq: nextSeq(conversationId),
      author: { role: 'visitor' },
      text: frame.text,
      createdAt: Date.now(),
    };
    socket.send(JSON.stringify({ type: 'ack', id: message.id, seq: message.seq, createdAt: message.createdAt }));
    toConversation(conversationId, JSON.stringify({ type: 'message', message }), socket);
    const toAgents = JSON.stringify({ type: 'message', conversationId, message });
    for (const agent of agents) agent.send(toAgents);
  });
}

function onAgent(socket: WebSocket): void {
  agents.add(socket);
  socket.on('close', () => agents.delete(socket));
  socket.on('message', (data: RawData) => {
    const frame = JSON.parse(String(data)) as AgentFrame;
    if (frame.type !== 'reply' || frame.conversationId === undefined || frame.id === undefined || frame.text === undefined) return;
    const message: BaselineMessage = {
      id: frame.id,
      seq: nextSeq(frame.conversationId),
      author: { role: 'agent' },
      text: frame.text,
      createdAt: Date.now(),
    };
    toConversation(frame.conversationId, JSON.stringify({ type: 'message', message }));
    // Stands in for the relay's `201` to the agent's HTTP request.
    socket.send(JSON.stringify({ type: 'ack', id: message.id, seq: message.seq }));
  });
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_PAYLOAD });
server.on('connection', (socket, request) => {
  const url = new URL(request.url ?? '/', 'http://baseline');
  // A bad frame from a load generator is a bug in the benchmark: fail loudly rather than skew figures.
  socket.on('error', (error) => process.stderr.write(`baseline: socket error ${error.message}\n`));
  if (url.pathname === '/echo') {
    socket.on('message', (data: RawData, isBinary: boolean) => socket.send(data, { binary: isBinary }));
  } else if (url.pathname === '/visitor') {
    onVisitor(socket, url.searchParams.get('conversation') ?? 'default');
  } else if (url.pathname === '/agent') {
    onAgent(socket);
  } else {
    socket.close(4404, 'unknown path');
  }
});
server.on('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.send?.({ type: 'listening', port });
});

function stop(): void {
  for (const socket of server.clients) socket.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
