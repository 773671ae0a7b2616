import type { Adapter } from '../adapter.js';
import type { SlackAdapterConfig } from './slack-config.js';
import { slackDelivery } from './slack-delivery.js';
import { slackEvents } from './slack-events.js';
import { slackWebApi } from './slack-web-api.js';

/**
 * The `slack` adapter: each conversation gets one thread in a Slack channel, whose root shows the
 * shopper's page, product and first message; later events are posted in the thread, and people's
 * replies there reach the shopper through the Events API at `/v1/adapters/<name>/events`
 * (docs/adapters/slack.md).
 * @example
 * slack(parseSlackConfig(new OptionReader({ type: 'slack', botToken: 'xoxb-…', signingSecret: '…', channel: 'C0123ABCD' }, 'adapters[0]', SLACK_OPTIONS, '.')));
 */
export function slack(config: SlackAdapterConfig): Adapter {
  const api = slackWebApi({ botToken: config.botToken, apiBaseUrl: config.apiBaseUrl, timeoutMs: config.timeoutMs });
  const stopping = new AbortController();
  return {
    name: config.name,
    attempt: slackDelivery({ api, channel: config.channel, internalPrefix: config.internalPrefix }),
    routes: (app, context) =>
      slackEvents(app, context, {
        name: config.name,
        signingSecret: config.signingSecret,
        internalPrefix: config.internalPrefix,
        resolveNames: config.resolveNames,
        api,
        signal: stopping.signal,
      }),
    async close() {
      stopping.abort();
    },
  };
}
