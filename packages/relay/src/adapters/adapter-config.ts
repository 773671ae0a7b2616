import { ConfabError } from '@confab/protocol';
import { SettingRejection } from '../setting-rejection.js';
import { parseWebhookSecret } from './standard-webhooks.js';

/** The `webhook` adapter's options (docs/adapters/webhook.md). */
export interface WebhookAdapterConfig {
  type: 'webhook';
  /** Its name in the outbox and in `/v1/adapters/<name>/`. @default 'webhook' */
  name: string;
  /** Where visitor messages are POSTed. */
  url: string;
  /** Secrets that sign what the relay sends (`whsec_…`); several while rotating. */
  secrets: string[];
  /** Secrets the relay accepts on agent replies sent to it. @default secrets */
  inboundSecrets: string[];
  /** An attempt slower than this is retried. @default 10000 */
  timeoutMs: number;
}

/** One configured adapter. */
export type AdapterConfig = WebhookAdapterConfig;

/** An adapter as written in the config (or passed to `createRelay`): optional options may be left out, a single secret given as a string. */
export type AdapterOptions = {
  type: 'webhook';
  name?: string;
  url: string;
  secrets: string | string[];
  inboundSecrets?: string | string[];
  timeoutMs?: number;
};

const ACCEPTED = 'use a JSON array of adapters such as [{ "type": "webhook", "url": "https://helpdesk.example/hooks/confab", "secrets": ["whsec_…"] }] (see docs/adapters/README.md)';
/** What an adapter may be called: it appears in paths (`/v1/adapters/<name>/`) and logs. */
export const ADAPTER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** Completes "… is not a name" for a refused adapter name. */
export const ADAPTER_NAME_RULE = 'lowercase letters, digits and -, up to 32';

function reject(problem: string): never {
  throw new SettingRejection(problem, ACCEPTED);
}

function secretList(value: unknown, where: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((entry) => typeof entry === 'string')) {
    reject(`${where} must be a secret or a non-empty list of secrets ("whsec_" followed by base64)`);
  }
  list.forEach((secret, index) => {
    try {
      parseWebhookSecret(secret);
    } catch (error) {
      if (error instanceof ConfabError) reject(`${where}[${index}] is unusable: ${error.message}`);
      throw error;
    }
  });
  return list as string[];
}

function webhookConfig(entry: Record<string, unknown>, where: string): WebhookAdapterConfig {
  const known = new Set(['type', 'name', 'url', 'secrets', 'inboundSecrets', 'timeoutMs']);
  for (const key of Object.keys(entry)) if (!known.has(key)) reject(`${where} has an unknown option ${JSON.stringify(key)} (known: ${[...known].join(', ')})`);
  const name = entry['name'] ?? 'webhook';
  if (typeof name !== 'string' || !ADAPTER_NAME_PATTERN.test(name)) reject(`${where}.name ${JSON.stringify(name)} is not a name (${ADAPTER_NAME_RULE})`);
  const url = entry['url'];
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) reject(`${where}.url ${JSON.stringify(url)} is not an http(s) URL`);
  const secrets = secretList(entry['secrets'], `${where}.secrets`);
  const inboundSecrets = entry['inboundSecrets'] === undefined ? secrets : secretList(entry['inboundSecrets'], `${where}.inboundSecrets`);
  const timeoutMs = entry['timeoutMs'] ?? 10_000;
  if (typeof timeoutMs !== 'number' || !Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
    reject(`${where}.timeoutMs ${JSON.stringify(timeoutMs)} is not a timeout from 100 to 120000 (milliseconds)`);
  }
  return { type: 'webhook', name, url: parsed.href, secrets, inboundSecrets, timeoutMs };
}

/**
 * Reads the `adapters` setting: a JSON array (text from a flag or the environment), each entry
 * with a `type`. Throws a SettingRejection naming the bad entry and option, never a secret.
 */
export function parseAdapterConfigs(raw: unknown): AdapterConfig[] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      reject('is not JSON');
    }
  }
  if (!Array.isArray(value)) reject('is not a list of adapters');
  const configs = value.map((entry: unknown, index) => {
    const where = `adapters[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) reject(`${where} is not an object`);
    const type = (entry as Record<string, unknown>)['type'];
    if (type === 'webhook') return webhookConfig(entry as Record<string, unknown>, where);
    return reject(`${where}.type ${JSON.stringify(type)} is not an adapter type (known: webhook)`);
  });
  const names = new Set<string>();
  for (const config of configs) {
    if (names.has(config.name)) reject(`two adapters are named ${JSON.stringify(config.name)}; give each its own "name"`);
    names.add(config.name);
  }
  return configs;
}
