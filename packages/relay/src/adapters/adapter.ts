import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ConversationService } from '../conversations.js';
import type { DeliveryTarget } from '../outbox/outbox-dispatcher.js';

/**
 * What an adapter may do to the relay's conversations: post agent (or bot) replies, show typing,
 * close. Adapters reach the relay only through this (docs/adapters/README.md).
 */
export interface AdapterContext {
  readonly conversations: Pick<ConversationService, 'postAgentMessage' | 'agentTyping' | 'close' | 'summary'>;
  readonly log: FastifyBaseLogger;
}

/**
 * A backend the relay forwards conversations to. Visitor messages reach it through the durable
 * outbox: `attempt` is called for each delivery, at least once, in order within a conversation,
 * and its outcome decides between done, retry and dead letter. `routes` mounts the backend's
 * callbacks (its agents' replies) under `/v1/adapters/<name>/`.
 */
export interface Adapter extends DeliveryTarget {
  /** Registers inbound HTTP routes; the app is already prefixed with `/v1/adapters/<name>`. */
  routes?(app: FastifyInstance, context: AdapterContext): Promise<void>;
}
