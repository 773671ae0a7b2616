import { DEFAULT_HANDOVER_PHRASES } from '../handover-phrases.js';
import type { OptionReader } from '../option-reader.js';
import { DEFAULT_SYSTEM_PROMPT } from './openai-prompt.js';

/** The `openai` adapter's options, validated (docs/adapters/openai.md). */
export interface OpenAiAdapterConfig {
  type: 'openai';
  /** Its name in the outbox, the logs and `routing.chain`. @default 'openai' */
  name: string;
  /** The server's OpenAI-compatible API root, such as `https://api.openai.com/v1` (no trailing `/`); `/chat/completions` is added. */
  baseUrl: string;
  /** The model to ask, such as `gpt-4o-mini`, `Qwen/Qwen2.5-7B-Instruct` (vLLM) or `qwen2.5:7b` (Ollama). */
  model: string;
  /** Sent as `Authorization: Bearer …`; a local server (Ollama, vLLM without `--api-key`) needs none. */
  apiKey: string | undefined;
  /** What the bot is and how it answers; the hand-over instruction and the shopper's page are added to it. @default DEFAULT_SYSTEM_PROMPT */
  systemPrompt: string;
  /** Sampling temperature, 0 to 2; the server's default when undefined. */
  temperature: number | undefined;
  /** Longest reply, in tokens (`max_tokens`); the server's default when undefined. */
  maxTokens: number | undefined;
  /** A server that has not started answering (response headers) within this is abandoned, and the delivery retried. @default 30000 */
  timeoutMs: number;
  /** A stream that sends nothing for this long is abandoned, and the delivery retried. @default 15000 */
  idleTimeoutMs: number;
  /** What the shopper writes to ask for a person: handed over without asking the model. @default DEFAULT_HANDOVER_PHRASES */
  handoverPhrases: string[];
  /** How many of the conversation's latest messages the model is sent. @default 20 */
  historyLimit: number;
  /** The name shoppers see on the bot's answers. @default 'Shop assistant' */
  authorName: string;
}

/** The `openai` adapter as written in the config: what has a default may be left out. */
export interface OpenAiAdapterOptions {
  type: 'openai';
  name?: string;
  baseUrl: string;
  model: string;
  apiKey?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  handoverPhrases?: string[];
  historyLimit?: number;
  authorName?: string;
}

/** Option names of the `openai` adapter, besides `type` and `name`. */
export const OPENAI_OPTIONS = [
  'baseUrl',
  'model',
  'apiKey',
  'systemPrompt',
  'temperature',
  'maxTokens',
  'timeoutMs',
  'idleTimeoutMs',
  'handoverPhrases',
  'historyLimit',
  'authorName',
] as const;

const NO_SPACES = /^\S+$/u;

function temperature(options: OptionReader): number | undefined {
  const value = options.entry['temperature'];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2) options.reject('temperature', `${JSON.stringify(value)} is not a number from 0 to 2`);
  return value;
}

/** Reads an `openai` entry of the `adapters` setting. */
export function parseOpenAiConfig(options: OptionReader): OpenAiAdapterConfig {
  const name = options.name('openai');
  const baseUrl = options.httpUrl('baseUrl');
  const parsed = new URL(baseUrl);
  if (parsed.search !== '' || parsed.hash !== '') {
    options.reject('baseUrl', `${JSON.stringify(baseUrl)} must not have a query or fragment (give the API root, such as "https://api.openai.com/v1")`);
  }
  const maxTokens = options.entry['maxTokens'] === undefined ? undefined : options.integer('maxTokens', { fallback: 0, min: 1, max: 1_000_000, unit: 'tokens' });
  return {
    type: 'openai',
    name,
    baseUrl: baseUrl.replace(/\/+$/u, ''),
    model: options.string('model', { max: 256, pattern: NO_SPACES, rule: 'a model name without spaces, such as "gpt-4o-mini" or "qwen2.5:7b"' }),
    apiKey: options.optionalString('apiKey', { max: 4096, pattern: NO_SPACES, rule: 'a key without spaces', isSecret: true }),
    systemPrompt: options.optionalString('systemPrompt', { max: 20_000 }) ?? DEFAULT_SYSTEM_PROMPT,
    temperature: temperature(options),
    maxTokens,
    timeoutMs: options.timeoutMs('timeoutMs', 30_000),
    idleTimeoutMs: options.timeoutMs('idleTimeoutMs', 15_000),
    handoverPhrases: options.stringList('handoverPhrases', { fallback: [...DEFAULT_HANDOVER_PHRASES], max: 50, rule: { min: 1, max: 100 } }),
    historyLimit: options.integer('historyLimit', { fallback: 20, min: 1, max: 200, unit: 'messages' }),
    authorName: options.optionalString('authorName', { max: 100 }) ?? 'Shop assistant',
  };
}
