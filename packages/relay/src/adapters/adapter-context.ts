import type { FastifyBaseLogger } from 'fastify';
import type { ConversationService } from '../conversations.js';
import type { Store } from '../store/store.js';
import type { AdapterContext, AdapterConversations, AdapterState } from './adapter.js';

const MAX_STATE_KEY = 200;
const MAX_STATE_VALUE = 4096;

function checkState(adapter: string, key: string, value?: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_STATE_KEY) {
    throw new TypeError(`adapter ${adapter}: a state key must be a string of 1 to ${MAX_STATE_KEY} characters`);
  }
  if (value !== undefined && (typeof value !== 'string' || value.length > MAX_STATE_VALUE)) {
    throw new TypeError(`adapter ${adapter}: a state value must be a string of at most ${MAX_STATE_VALUE} characters`);
  }
}

/**
 * The context one adapter works in: the conversation service seen in its name (what it posts is
 * not echoed back to it, and its human agents take conversations over), and its own state.
 */
export function createAdapterContext(name: string, service: ConversationService, store: Store, log: FastifyBaseLogger): AdapterContext {
  const origin = { adapter: name };
  const conversations: AdapterConversations = {
    postMessage: (conversationId, reply) => service.postAgentMessage(conversationId, reply, origin),
    streamMessage: (conversationId, reply, parts) => service.streamAgentMessage(conversationId, reply, parts, origin),
    typing: (conversationId, isTyping, authorName) => service.agentTyping(conversationId, isTyping, authorName, origin),
    close: (conversationId) => service.close(conversationId, origin),
    handOver: (conversationId, reason) => service.handOver(conversationId, name, reason),
    async get(conversationId) {
      const record = await store.getConversation(conversationId);
      if (!record) return undefined;
      const summary = await service.summary(conversationId);
      return summary && { ...summary, responder: service.responderOf(record) };
    },
    transcript: (conversationId, query) => service.transcript(conversationId, query),
  };
  const state: AdapterState = {
    async get(key) {
      checkState(name, key);
      return store.getAdapterState(name, key);
    },
    async set(key, value) {
      checkState(name, key, value);
      return store.setAdapterState(name, key, value);
    },
    async delete(key) {
      checkState(name, key);
      return store.deleteAdapterState(name, key);
    },
  };
  return { conversations, state, log };
}
