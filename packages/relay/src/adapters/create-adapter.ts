import type { Adapter } from './adapter.js';
import type { AdapterConfig } from './adapter-config.js';
import { chatwoot } from './chatwoot/chatwoot.js';
import { consoleAdapter } from './console/console.js';
import { faq } from './faq/faq.js';
import { openai } from './openai/openai.js';
import { slack } from './slack/slack.js';
import { webhook } from './webhook/webhook.js';

/** Builds the adapter a validated config entry describes. */
export function createAdapter(config: AdapterConfig): Adapter {
  switch (config.type) {
    case 'webhook':
      return webhook(config);
    case 'chatwoot':
      return chatwoot(config);
    case 'slack':
      return slack(config);
    case 'openai':
      return openai(config);
    case 'console':
      return consoleAdapter(config);
    case 'faq':
      return faq(config);
  }
}
