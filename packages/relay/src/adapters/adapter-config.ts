import { OptionReader, rejectAdapters } from './option-reader.js';
import { CHATWOOT_OPTIONS, parseChatwootConfig, type ChatwootAdapterConfig, type ChatwootAdapterOptions } from './chatwoot/chatwoot-config.js';
import { CONSOLE_OPTIONS, parseConsoleConfig, type ConsoleAdapterConfig, type ConsoleAdapterOptions } from './console/console-config.js';
import { FAQ_OPTIONS, parseFaqConfig, type FaqAdapterConfig, type FaqAdapterOptions } from './faq/faq-config.js';
import { OPENAI_OPTIONS, parseOpenAiConfig, type OpenAiAdapterConfig, type OpenAiAdapterOptions } from './openai/openai-config.js';
import { parseSlackConfig, SLACK_OPTIONS, type SlackAdapterConfig, type SlackAdapterOptions } from './slack/slack-config.js';
import { parseWebhookConfig, WEBHOOK_OPTIONS, type WebhookAdapterConfig, type WebhookAdapterOptions } from './webhook/webhook-config.js';

/** One configured adapter, validated. */
export type AdapterConfig = WebhookAdapterConfig | ChatwootAdapterConfig | SlackAdapterConfig | OpenAiAdapterConfig | ConsoleAdapterConfig | FaqAdapterConfig;

/** An adapter as written in the config (or passed to `createRelay`): optional options may be left out. */
export type AdapterOptions = WebhookAdapterOptions | ChatwootAdapterOptions | SlackAdapterOptions | OpenAiAdapterOptions | ConsoleAdapterOptions | FaqAdapterOptions;

interface AdapterType {
  /** Option names besides `type` and `name`. */
  options: readonly string[];
  parse(options: OptionReader): AdapterConfig;
}

/** Every adapter type the `adapters` setting knows, by `type`. */
const ADAPTER_TYPES: Readonly<Record<string, AdapterType>> = {
  webhook: { options: WEBHOOK_OPTIONS, parse: parseWebhookConfig },
  chatwoot: { options: CHATWOOT_OPTIONS, parse: parseChatwootConfig },
  slack: { options: SLACK_OPTIONS, parse: parseSlackConfig },
  openai: { options: OPENAI_OPTIONS, parse: parseOpenAiConfig },
  console: { options: CONSOLE_OPTIONS, parse: parseConsoleConfig },
  faq: { options: FAQ_OPTIONS, parse: parseFaqConfig },
};

/**
 * Reads the `adapters` setting: a JSON array (text from a flag or the environment), each entry
 * with a `type`; paths in it are relative to `baseDir`. Throws a SettingRejection naming the bad
 * entry and option, never a secret.
 */
export function parseAdapterConfigs(raw: unknown, baseDir: string = process.cwd()): AdapterConfig[] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      rejectAdapters('is not JSON');
    }
  }
  if (!Array.isArray(value)) rejectAdapters('is not a list of adapters');
  const configs = value.map((entry: unknown, index) => {
    const where = `adapters[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) rejectAdapters(`${where} is not an object`);
    const fields = entry as Record<string, unknown>;
    const type = typeof fields['type'] === 'string' ? ADAPTER_TYPES[fields['type']] : undefined;
    if (type === undefined || !Object.hasOwn(ADAPTER_TYPES, fields['type'] as string)) {
      rejectAdapters(`${where}.type ${JSON.stringify(fields['type'])} is not an adapter type (known: ${Object.keys(ADAPTER_TYPES).join(', ')})`);
    }
    return type.parse(new OptionReader(fields, where, type.options, baseDir));
  });
  const names = new Set<string>();
  for (const config of configs) {
    if (names.has(config.name)) rejectAdapters(`two adapters are named ${JSON.stringify(config.name)}; give each its own "name"`);
    names.add(config.name);
  }
  return configs;
}
