import type { FastifyPluginAsync } from 'fastify';
import type { Hub } from '../hub.js';
import type { Store } from '../store/store.js';

/** Options of {@link health}. */
export interface HealthOptions {
  hub: Hub;
  store: Store;
  /** When the relay started, for `uptimeMs`. */
  startedAt: number;
  /** Whether the relay is shutting down. */
  isDraining(): boolean;
}

/**
 * `GET /healthz`: `{ status: "ok", uptimeMs, connections: { visitors, agents }, outbox: { pending,
 * dead } }`, or the same with `status: "draining"` and HTTP 503 while shutting down, so a load
 * balancer stops sending new connections here. `outbox` is null when the store cannot be read.
 */
export const health: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    const draining = options.isDraining();
    reply.code(draining ? 503 : 200).header('cache-control', 'no-store');
    // A store that cannot be read must not make the relay look down to a load balancer.
    const outbox = await options.store.countDeliveries().catch(() => null);
    return {
      status: draining ? 'draining' : 'ok',
      uptimeMs: Date.now() - options.startedAt,
      connections: options.hub.connectionCounts(),
      outbox,
    };
  });
};
