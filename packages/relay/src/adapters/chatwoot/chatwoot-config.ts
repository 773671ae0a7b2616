import type { OptionReader } from '../option-reader.js';

/** The `chatwoot` adapter's options (docs/adapters/chatwoot.md). */
export interface ChatwootAdapterConfig {
  type: 'chatwoot';
  /** Its name in the outbox and in `/v1/adapters/<name>/webhook`. @default 'chatwoot' */
  name: string;
  /** Where Chatwoot runs, such as `https://desk.example/` (normalised, ends with `/`). */
  baseUrl: string;
  /** An agent's or bot's access token (Profile settings → Access token); sent as `api_access_token`. */
  apiAccessToken: string;
  /** The Chatwoot account the inbox belongs to (the number in `/app/accounts/<id>/`). */
  accountId: number;
  /** The API-channel inbox conversations are created in (the number in `/inbox/<id>` of its settings). */
  inboxId: number;
  /**
   * The inbox's (or account webhook's) signing secret: when set, a webhook without a valid
   * `X-Chatwoot-Signature` is refused. When not set, each webhook is confirmed with Chatwoot's API.
   */
  webhookSecret: string | undefined;
  /** A Chatwoot request slower than this is abandoned and the delivery retried. @default 10000 */
  timeoutMs: number;
}

/** The `chatwoot` adapter as written in the config: optional options may be left out. */
export interface ChatwootAdapterOptions {
  type: 'chatwoot';
  name?: string;
  baseUrl: string;
  apiAccessToken: string;
  accountId: number;
  inboxId: number;
  webhookSecret?: string;
  timeoutMs?: number;
}

/** Option names of the `chatwoot` adapter, besides `type` and `name`. */
export const CHATWOOT_OPTIONS = ['baseUrl', 'apiAccessToken', 'accountId', 'inboxId', 'webhookSecret', 'timeoutMs'] as const;

const TOKEN_PATTERN = /^\S+$/u;
/** Chatwoot ids are Postgres integers. */
const MAX_ID = 2 ** 31 - 1;

function requiredId(options: OptionReader, key: 'accountId' | 'inboxId'): number {
  if (options.entry[key] === undefined) options.reject(key, 'is missing');
  return options.integer(key, { fallback: 0, min: 1, max: MAX_ID });
}

/** Reads a `chatwoot` entry of the `adapters` setting. */
export function parseChatwootConfig(options: OptionReader): ChatwootAdapterConfig {
  const baseUrl = options.httpUrl('baseUrl');
  const parsed = new URL(baseUrl);
  if (parsed.search !== '' || parsed.hash !== '') options.reject('baseUrl', `${JSON.stringify(baseUrl)} must not have a query or fragment (give where Chatwoot runs, such as "https://desk.example")`);
  const tokenRule = { min: 8, max: 512, pattern: TOKEN_PATTERN, rule: 'a token without spaces', isSecret: true };
  return {
    type: 'chatwoot',
    name: options.name('chatwoot'),
    // Paths are resolved against it, so a Chatwoot under a sub-path (https://example.com/desk/) keeps it.
    baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    apiAccessToken: options.string('apiAccessToken', tokenRule),
    accountId: requiredId(options, 'accountId'),
    inboxId: requiredId(options, 'inboxId'),
    webhookSecret: options.optionalString('webhookSecret', tokenRule),
    timeoutMs: options.timeoutMs('timeoutMs', 10_000),
  };
}
