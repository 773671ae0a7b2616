import type { OptionReader } from '../option-reader.js';

/** The `slack` adapter's options (docs/adapters/slack.md). */
export interface SlackAdapterConfig {
  type: 'slack';
  /** Its name in the outbox and in `/v1/adapters/<name>/events`. @default 'slack' */
  name: string;
  /** The app's Bot User OAuth Token (`xoxb-…`), with the `chat:write` scope. */
  botToken: string;
  /** The app's Signing Secret (Basic Information → App Credentials): checks that events come from Slack. */
  signingSecret: string;
  /** Where each conversation gets its thread: a channel id (`C0123ABCD`, preferred) or name; the bot must be a member. */
  channel: string;
  /** The Web API's base URL; only tests change it. @default 'https://slack.com/api' */
  apiBaseUrl: string;
  /** A Web API call slower than this is abandoned (and the delivery retried). @default 10000 */
  timeoutMs: number;
  /** A thread reply starting with this is an internal note for colleagues, never shown to the shopper. @default '//' */
  internalPrefix: string;
  /** Show agents to shoppers by their Slack display name (`users.info`, needs the `users:read` scope). @default false */
  resolveNames: boolean;
}

/** The `slack` adapter as written in the config: what has a default may be left out. */
export interface SlackAdapterOptions {
  type: 'slack';
  name?: string;
  botToken: string;
  signingSecret: string;
  channel: string;
  apiBaseUrl?: string;
  timeoutMs?: number;
  internalPrefix?: string;
  resolveNames?: boolean;
}

/** Option names of the `slack` adapter, besides `type` and `name`. */
export const SLACK_OPTIONS = ['botToken', 'signingSecret', 'channel', 'apiBaseUrl', 'timeoutMs', 'internalPrefix', 'resolveNames'] as const;

/** Where the Slack Web API is. */
export const SLACK_API_BASE_URL = 'https://slack.com/api';

/** Reads a `slack` entry of the `adapters` setting. */
export function parseSlackConfig(options: OptionReader): SlackAdapterConfig {
  return {
    type: 'slack',
    name: options.name('slack'),
    // A user token (xoxp-) would post as that person and see its own replies as theirs: only bot tokens.
    botToken: options.string('botToken', { max: 255, pattern: /^xoxb-[A-Za-z0-9-]+$/, rule: 'a bot token ("xoxb-" and letters, digits and -)', isSecret: true }),
    signingSecret: options.string('signingSecret', { min: 8, max: 255, isSecret: true }),
    channel: options.string('channel', { max: 80, pattern: /^#?[\p{Ll}\p{Lu}\p{N}_.-]+$/u, rule: 'a channel id such as "C0123ABCD" or a channel name' }).replace(/^#/, ''),
    apiBaseUrl: options.httpUrl('apiBaseUrl', SLACK_API_BASE_URL),
    timeoutMs: options.timeoutMs('timeoutMs', 10_000),
    internalPrefix: options.optionalString('internalPrefix', { max: 20 }) ?? '//',
    resolveNames: options.boolean('resolveNames', false),
  };
}
