import { deadline } from '../../deadline.js';
import { fetchFailureReason, outcomeOfHttpStatus, parseRetryAfter } from '../../outbox/retry-policy.js';

/** What `chat.postMessage` is given (https://api.slack.com/methods/chat.postMessage). */
export interface SlackPostMessage {
  /** A channel id or name. */
  channel: string;
  /** mrkdwn text: `&`, `<` and `>` must be escaped (see `escapeSlackText`). */
  text: string;
  /** The root message's `ts`, to post in its thread. */
  thread_ts?: string;
  /** Block Kit blocks; `text` is then the notification fallback. */
  blocks?: readonly object[];
  /** Message metadata (https://api.slack.com/metadata): the relay tags each post with its delivery id. */
  metadata?: { event_type: string; event_payload: Readonly<Record<string, string>> };
}

/** Where to look for an earlier post: a thread's replies, or the channel's recent messages. */
export interface SlackLookup {
  /** The channel's id (a name does not work for reading). */
  channel: string;
  /** The thread's root `ts`: look in its replies; without it, in the channel from `oldest` on. */
  threadTs?: string;
  /** Unix seconds as Slack writes them: no older messages are read. */
  oldest?: string;
}

/** The `event_type` of the metadata on the relay's posts. */
export const SLACK_METADATA_EVENT = 'confab_delivery';

/** What a Web API call came to: Slack's answer, or a failure classified like an outbox attempt. */
export type SlackCallResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; reason: string };

/** A posted message: where it is (the channel's id, also when a name was given) and its `ts`. */
export interface SlackPosted {
  channel: string;
  ts: string;
}

/** The calls the slack adapter makes to the Web API, with the bot token. */
export interface SlackWebApi {
  postMessage(message: SlackPostMessage, signal: AbortSignal): Promise<SlackCallResult<SlackPosted>>;
  /**
   * The relay's earlier post of delivery `deliveryId` (found by its metadata with
   * `conversations.replies` or `conversations.history`), or undefined when Slack has none.
   */
  findPosted(lookup: SlackLookup, deliveryId: string, signal: AbortSignal): Promise<SlackCallResult<SlackPosted | undefined>>;
  /** The user's display name (`users.info`), or undefined when Slack would not say. */
  userName(userId: string, signal: AbortSignal): Promise<string | undefined>;
}

// Errors Slack may answer with `ok: false` that are worth another try; every other code (such as
// channel_not_found, not_in_channel, invalid_auth, missing_scope, msg_too_long) will not change by waiting.
const TRANSIENT_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

const HINTS: Readonly<Record<string, string>> = {
  channel_not_found: 'check the channel option (a channel id such as C0123ABCD works best)',
  not_in_channel: 'invite the app to the channel (/invite @your-app)',
  is_archived: 'the channel is archived',
  invalid_auth: 'check botToken',
  not_authed: 'check botToken',
  token_revoked: 'the app was uninstalled or botToken was revoked',
  account_inactive: 'the app was uninstalled or botToken was revoked',
  missing_scope: 'add the chat:write scope and reinstall the app',
};

/**
 * What `ok: false` with `error` means for a delivery: rate limits and Slack's own failures are
 * retried (with `Retry-After` when given); any other error is a refusal that dead-letters it.
 */
export function outcomeOfSlackError(error: string, retryAfterMs?: number): Exclude<SlackCallResult<never>, { kind: 'ok' }> {
  const hint = HINTS[error];
  const reason = `Slack error ${error}${hint ? ` (${hint})` : ''}`;
  if (!TRANSIENT_ERRORS.has(error)) return { kind: 'rejected', reason };
  return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
}

/** Options of {@link slackWebApi}. */
export interface SlackWebApiOptions {
  botToken: string;
  /** Such as `https://slack.com/api`. */
  apiBaseUrl: string;
  /** A call slower than this is abandoned (and retried). */
  timeoutMs: number;
  /** `users.info` calls are bounded by this too, as they happen while Slack waits for an event's answer. @default 1000 */
  userNameTimeoutMs?: number;
}

/**
 * A small client for the Slack Web API methods the adapter uses: JSON POSTs with the bot token as
 * `Authorization: Bearer`. HTTP 429 and 5xx, timeouts and network errors are retried; HTTP 200 with
 * `ok: false` is classified by its `error` ({@link outcomeOfSlackError}).
 */
export function slackWebApi(options: SlackWebApiOptions): SlackWebApi {
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  const host = new URL(base).host;
  const names = new Map<string, string>();

  /** One Web API call, its answer read in full, within `timeoutMs`. */
  async function call(method: string, body: object | URLSearchParams, signal: AbortSignal, timeoutMs: number): Promise<SlackCallResult<Record<string, unknown>>> {
    const limit = deadline(timeoutMs, signal);
    try {
      return await exchange(method, body, limit.signal, timeoutMs);
    } finally {
      limit.clear();
    }
  }

  async function exchange(method: string, body: object | URLSearchParams, signal: AbortSignal, timeoutMs: number): Promise<SlackCallResult<Record<string, unknown>>> {
    // Read methods such as users.info take form fields only; chat.postMessage takes JSON.
    const isForm = body instanceof URLSearchParams;
    let response: Response;
    try {
      response = await fetch(`${base}/${method}`, {
        method: 'POST',
        headers: {
          'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
          authorization: `Bearer ${options.botToken}`,
          'user-agent': 'Confab-Relay',
        },
        body: isForm ? body.toString() : JSON.stringify(body),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      const reason = fetchFailureReason(error, { timedOut: `no answer from Slack within ${timeoutMs} ms`, unreachable: `could not reach ${host}` });
      return { kind: 'retry', reason };
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      const outcome = outcomeOfHttpStatus(response.status, response.headers.get('retry-after'), Date.now());
      return outcome.kind === 'delivered' ? { kind: 'retry', reason: `HTTP ${response.status} from Slack without a body` } : outcome;
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      // A proxy's error page, or a cut connection: Slack always answers JSON.
      return { kind: 'retry', reason: `${method} answered HTTP 200 without JSON` };
    }
    if (typeof answer !== 'object' || answer === null) return { kind: 'retry', reason: `${method} answered HTTP 200 without a JSON object` };
    const fields = answer as Record<string, unknown>;
    if (fields['ok'] !== true) return outcomeOfSlackError(typeof fields['error'] === 'string' ? fields['error'] : 'unknown_error', retryAfterMs);
    return { kind: 'ok', value: fields };
  }

  return {
    async findPosted(lookup, deliveryId, signal) {
      const form = new URLSearchParams({ channel: lookup.channel, include_all_metadata: 'true', limit: '200' });
      if (lookup.threadTs !== undefined) form.set('ts', lookup.threadTs);
      if (lookup.oldest !== undefined) form.set('oldest', lookup.oldest);
      const result = await call(lookup.threadTs === undefined ? 'conversations.history' : 'conversations.replies', form, signal, options.timeoutMs);
      if (result.kind !== 'ok') return result;
      const messages = Array.isArray(result.value['messages']) ? (result.value['messages'] as Record<string, unknown>[]) : [];
      const found = messages.find((message) => {
        const metadata = message['metadata'] as { event_type?: unknown; event_payload?: { delivery_id?: unknown } } | undefined;
        return metadata?.event_type === SLACK_METADATA_EVENT && metadata.event_payload?.delivery_id === deliveryId;
      });
      return { kind: 'ok', value: typeof found?.['ts'] === 'string' ? { channel: lookup.channel, ts: found['ts'] } : undefined };
    },
    async postMessage(message, signal) {
      const result = await call('chat.postMessage', message, signal, options.timeoutMs);
      if (result.kind !== 'ok') return result;
      const { ts, channel } = result.value;
      if (typeof ts !== 'string' || typeof channel !== 'string') return { kind: 'retry', reason: 'chat.postMessage answered ok without ts or channel' };
      return { kind: 'ok', value: { ts, channel } };
    },
    async userName(userId, signal) {
      const known = names.get(userId);
      if (known !== undefined) return known;
      const result = await call('users.info', new URLSearchParams({ user: userId }), signal, Math.min(options.timeoutMs, options.userNameTimeoutMs ?? 1000));
      if (result.kind !== 'ok') return undefined;
      const user = result.value['user'] as { real_name?: unknown; name?: unknown; profile?: { display_name?: unknown; real_name?: unknown } } | undefined;
      const candidates = [user?.profile?.display_name, user?.profile?.real_name, user?.real_name, user?.name];
      const name = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '')?.trim().slice(0, 80);
      if (name !== undefined) {
        // Bounded: a workspace has few agents, but a forged flood must not grow the map for ever.
        if (names.size >= 1000) names.clear();
        names.set(userId, name);
      }
      return name;
    },
  };
}
