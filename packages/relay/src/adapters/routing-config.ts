import { SettingRejection } from '../setting-rejection.js';
import { ADAPTER_NAME_PATTERN, ADAPTER_NAME_RULE } from './option-reader.js';

/** The `routing` setting: which adapters answer conversations, in hand-over order. */
export interface RoutingConfig {
  /**
   * Responders, first to last: a conversation starts with the first and is handed to the next
   * (a bot to a human). Adapters not in the chain hear every event (observers). Empty: no routing.
   */
  chain: string[];
}

const ACCEPTED = 'use an object such as { "chain": ["faq", "openai", "console"] } naming configured adapters (see docs/adapters/README.md#routing)';

function reject(problem: string): never {
  throw new SettingRejection(problem, ACCEPTED);
}

/** Reads the `routing` setting (an object, or JSON text of one). */
export function parseRoutingConfig(raw: unknown): RoutingConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      reject('is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject('is not an object');
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (key !== 'chain') reject(`has an unknown option ${JSON.stringify(key)} (known: chain)`);
  const chain = fields['chain'] ?? [];
  if (!Array.isArray(chain) || chain.length > 16) reject('.chain is not a list of up to 16 adapter names');
  const seen = new Set<string>();
  chain.forEach((name: unknown, index) => {
    if (typeof name !== 'string' || !ADAPTER_NAME_PATTERN.test(name)) reject(`.chain[${index}] ${JSON.stringify(name)} is not a name (${ADAPTER_NAME_RULE})`);
    if (seen.has(name)) reject(`.chain names ${JSON.stringify(name)} twice`);
    seen.add(name);
  });
  return { chain: chain as string[] };
}
