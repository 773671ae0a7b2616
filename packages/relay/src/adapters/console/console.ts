import type { Adapter } from '../adapter.js';
import type { ConsoleAdapterConfig } from './console-config.js';

/**
 * The built-in agent console as a responder: agents in the console answer the conversations it
 * owns. The console reads conversations from the relay itself (the agent stream and API), so a
 * delivery has nothing to carry; a hand-over is logged, and the console shows the conversation as
 * waiting for a person (its summary's `responder`). A reply from the console makes it the
 * responder, so a bot earlier in the chain stops answering (docs/adapters/console.md).
 */
export function consoleAdapter(config: ConsoleAdapterConfig): Adapter {
  return {
    name: config.name,
    async attempt(delivery, context) {
      if (delivery.event.type === 'handover') {
        context.log.info({ conversationId: delivery.conversationId, from: delivery.event.from, reason: delivery.event.reason }, 'conversation handed to the agents');
      }
      return { kind: 'delivered' };
    },
  };
}
