import {
  agentClientMessageSchemas,
  agentServerMessageSchemas,
  type AgentClientMessage,
  type AgentServerMessage,
} from './agent-messages.js';
import { decodeWith, dispatchTable, type DecodeOptions } from './codec.js';

const AGENT_CLIENT_TABLE = dispatchTable(agentClientMessageSchemas);
const AGENT_SERVER_TABLE = dispatchTable(agentServerMessageSchemas);

/** Decodes and validates a frame sent by an agent client on the agent stream; throws like `decodeClientMessage`. */
export function decodeAgentClientMessage(raw: string, options: DecodeOptions = {}): AgentClientMessage {
  return decodeWith<AgentClientMessage>(raw, AGENT_CLIENT_TABLE, options);
}

/** Decodes and validates a frame the relay sends on the agent stream; throws like `decodeClientMessage`. */
export function decodeAgentServerMessage(raw: string, options: DecodeOptions = {}): AgentServerMessage {
  return decodeWith<AgentServerMessage>(raw, AGENT_SERVER_TABLE, options);
}
