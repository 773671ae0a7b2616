import { createHash } from 'node:crypto';
import { ConfabError } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import { RequestInvalidError } from '../../errors.js';
import type { AdapterContext } from '../adapter.js';
import { plainTextOfSlack } from './slack-format.js';
import { verifySlackRequest } from './slack-signature.js';
import { conversationOfThread } from './slack-threads.js';
import type { SlackWebApi } from './slack-web-api.js';

/** How many recent event ids are remembered, to answer Slack's retries without handling them again. */
const RECENT_EVENTS = 1000;

/**
 * The message id of an agent's Slack reply: derived from the message's channel and `ts`, which
 * Slack keeps on every retry of its event, so a reply delivered twice is stored once, even across
 * restarts of the relay.
 */
export function slackMessageId(adapter: string, channel: string, ts: string): string {
  return createHash('sha256').update(`${adapter}\n${channel}\n${ts}`).digest('base64url').slice(0, 32);
}

/** Options of {@link slackEvents}. */
export interface SlackEventsOptions {
  name: string;
  signingSecret: string;
  internalPrefix: string;
  resolveNames: boolean;
  api: SlackWebApi;
  /** Aborts the adapter's own Web API calls when the relay stops. */
  signal: AbortSignal;
  /** Unix seconds, for the signature's time window. @default the system clock */
  nowSeconds?: () => number;
}

type Fields = Record<string, unknown>;

function text(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The slack adapter's Events API endpoint, `POST events`: answers Slack's `url_verification`
 * challenge, and turns people's replies in the conversations' threads into agent messages.
 * Every request must carry a valid Slack signature (401 otherwise). Dropped: the bot's own posts
 * and other bots' (`bot_id`), edits, deletions and other `subtype`s, messages outside the
 * conversations' threads, and replies starting with the internal prefix. A retried event (same
 * `event_id`, or same message `ts`) is stored once; a failure to store answers 500, so Slack retries.
 */
export async function slackEvents(app: FastifyInstance, context: AdapterContext, options: SlackEventsOptions): Promise<void> {
  // The signature covers the exact bytes sent, so the body is verified as text, then parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const { conversations, state, log } = context;
  const recent = new Map<string, Promise<void>>();

  /** A note in the thread for the agents (the shopper never sees it); not retried. */
  function notice(channel: string, threadTs: string, note: string): void {
    void options.api.postMessage({ channel, thread_ts: threadTs, text: `:warning: ${note}` }, options.signal).then((posted) => {
      if (posted.kind !== 'ok') log.warn({ channel, threadTs, reason: posted.reason }, 'could not post a notice in the Slack thread');
    });
  }

  async function handleMessage(event: Fields): Promise<void> {
    if (event['type'] !== 'message') return;
    // A reply also sent to the channel is still a reply; every other subtype (edits, deletions,
    // joins, bot_message, file_share…) is not a person answering.
    const subtype = event['subtype'];
    if (subtype !== undefined && subtype !== 'thread_broadcast') return;
    if (event['bot_id'] !== undefined) return; // our own posts come back like this: never echo them
    const channel = text(event, 'channel');
    const ts = text(event, 'ts');
    const threadTs = text(event, 'thread_ts');
    const user = text(event, 'user');
    const body = typeof event['text'] === 'string' ? event['text'] : '';
    if (!channel || !ts || !threadTs || !user || threadTs === ts) return;
    const conversationId = await conversationOfThread(state, channel, threadTs);
    if (conversationId === undefined) return; // a thread that is not a conversation's
    const reply = plainTextOfSlack(body);
    if (reply.trimStart().startsWith(options.internalPrefix)) {
      log.debug({ conversationId, ts }, 'internal note in the Slack thread: not shown to the shopper');
      return;
    }
    const authorName = options.resolveNames ? await options.api.userName(user, options.signal) : undefined;
    let outcome;
    try {
      outcome = await conversations.postMessage(conversationId, { id: slackMessageId(options.name, channel, ts), text: reply, ...(authorName ? { authorName } : {}) });
    } catch (error) {
      if (error instanceof ConfabError && error.code.startsWith('CONFAB_TEXT_')) {
        notice(channel, threadTs, `Not shown to the shopper: ${error.message}`);
        return;
      }
      throw error;
    }
    if (outcome.kind === 'missing') log.warn({ conversationId, ts }, 'a Slack reply for a conversation the relay no longer has');
    if (outcome.kind === 'closed') notice(channel, threadTs, 'Not shown to the shopper: the conversation is closed. It opens again when the shopper writes.');
  }

  app.post('/events', async (request) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    verifySlackRequest({ headers: request.headers, body: raw, secret: options.signingSecret, ...(options.nowSeconds ? { nowSeconds: options.nowSeconds() } : {}) });
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch (error) {
      throw new RequestInvalidError(`The request body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new RequestInvalidError('The body must be a JSON object (an Events API payload)');
    const body = payload as Fields;
    if (body['type'] === 'url_verification') return { challenge: String(body['challenge'] ?? '') };
    if (body['type'] !== 'event_callback' || typeof body['event'] !== 'object' || body['event'] === null) {
      log.debug({ type: body['type'] }, 'Slack request ignored');
      return { ok: true };
    }
    const eventId = text(body, 'event_id') ?? `${text(body['event'] as Fields, 'channel')}:${text(body['event'] as Fields, 'ts')}`;
    const retryNum = request.headers['x-slack-retry-num'];
    // A retry while the first delivery is still being handled waits for it, rather than
    // answering at once: if the first fails, the retry must fail too so that Slack tries again.
    const earlier = recent.get(eventId);
    if (earlier) {
      log.debug({ eventId, retryNum, retryReason: request.headers['x-slack-retry-reason'] }, 'Slack event delivered again: not handled twice');
      await earlier;
      return { ok: true };
    }
    const handling = handleMessage(body['event'] as Fields);
    recent.set(eventId, handling);
    if (recent.size > RECENT_EVENTS) recent.delete(recent.keys().next().value!);
    try {
      await handling;
    } catch (error) {
      recent.delete(eventId);
      throw error;
    }
    return { ok: true };
  });
}
