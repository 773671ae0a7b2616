import type { OptionReader } from '../option-reader.js';

/** The `webhook` adapter's options (docs/adapters/webhook.md). */
export interface WebhookAdapterConfig {
  type: 'webhook';
  /** Its name in the outbox and in `/v1/adapters/<name>/`. @default 'webhook' */
  name: string;
  /** Where events are POSTed. */
  url: string;
  /** Secrets that sign what the relay sends (`whsec_…`); several while rotating. */
  secrets: string[];
  /** Secrets the relay accepts on agent replies sent to it. @default secrets */
  inboundSecrets: string[];
  /** An attempt slower than this is retried. @default 10000 */
  timeoutMs: number;
}

/** The `webhook` adapter as written in the config: a single secret may be given as a string. */
export interface WebhookAdapterOptions {
  type: 'webhook';
  name?: string;
  url: string;
  secrets: string | string[];
  inboundSecrets?: string | string[];
  timeoutMs?: number;
}

/** Option names of the `webhook` adapter, besides `type` and `name`. */
export const WEBHOOK_OPTIONS = ['url', 'secrets', 'inboundSecrets', 'timeoutMs'] as const;

/** Reads a `webhook` entry of the `adapters` setting. */
export function parseWebhookConfig(options: OptionReader): WebhookAdapterConfig {
  const secrets = options.webhookSecrets('secrets');
  return {
    type: 'webhook',
    name: options.name('webhook'),
    url: options.httpUrl('url'),
    secrets,
    inboundSecrets: options.webhookSecrets('inboundSecrets', secrets),
    timeoutMs: options.timeoutMs('timeoutMs', 10_000),
  };
}
