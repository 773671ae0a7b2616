import type { FastifyPluginAsync } from 'fastify';
import { AGENT_SOCKET_PATH } from '@confab/protocol';
import { AgentConnection } from '../agent-connection.js';
import { UpgradeRequiredError } from '../errors.js';
import type { Hub } from '../hub.js';
import type { Clock } from '../rate-limit.js';
import { takeOverSocket } from './socket-handover.js';

/** Options of {@link agentSocket}. */
export interface AgentSocketOptions {
  hub: Hub;
  agentToken: string;
  heartbeatMs: number;
  handshakeTimeoutMs: number;
  maxQueuedBytes: number;
  closeGraceMs: number;
  now: Clock;
}

/**
 * `GET /v1/agent/ws`: the agents' live event stream. The token comes in the `hello` frame, so no
 * origin check is needed: a foreign page cannot know it.
 */
export const agentSocket: FastifyPluginAsync<AgentSocketOptions> = async (app, options) => {
  app.get(
    AGENT_SOCKET_PATH,
    {
      websocket: true,
      onRequest: async (request) => {
        if (!request.ws) throw new UpgradeRequiredError(`${AGENT_SOCKET_PATH} is a WebSocket endpoint; connect with a WebSocket client`);
      },
    },
    (socket, request) => {
      takeOverSocket(socket, request);
      new AgentConnection({
        socket,
        log: request.log,
        hub: options.hub,
        agentToken: options.agentToken,
        heartbeatMs: options.heartbeatMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        maxQueuedBytes: options.maxQueuedBytes,
        closeGraceMs: options.closeGraceMs,
        now: options.now,
      });
    },
  );
};
