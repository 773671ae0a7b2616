import { createHmac } from 'node:crypto';
import { WEBHOOK_TOLERANCE_SECONDS } from '../standard-webhooks.js';
import type { RequestHeaders } from '../request-header.js';
import { verifyTimestampedSignature, type TimestampedSignatureScheme } from '../signed-callback.js';

// Chatwoot (4.11.2+ for account webhooks, 4.13+ for API-channel inboxes) signs each webhook:
// `X-Chatwoot-Timestamp` is Unix seconds, `X-Chatwoot-Signature` is `sha256=` and the hex
// HMAC-SHA256 of `<timestamp>.<raw body>` keyed with the webhook's secret as text, and
// `X-Chatwoot-Delivery` is a UUID that its retries of the same delivery reuse.

/** The headers of a signed Chatwoot webhook (a type, so it passes as a header record). */
export type ChatwootWebhookHeaders = {
  'x-chatwoot-signature': string;
  'x-chatwoot-timestamp': string;
  'x-chatwoot-delivery'?: string;
};

const CHATWOOT_SCHEME: TimestampedSignatureScheme = {
  signatureHeader: 'X-Chatwoot-Signature',
  timestampHeader: 'X-Chatwoot-Timestamp',
  missingHint: 'a webhookSecret is configured, so only webhooks Chatwoot signed are accepted (Chatwoot 4.13 or later signs API-inbox webhooks)',
  mismatchHint: 'check that webhookSecret is the secret shown in the inbox (or webhook) settings in Chatwoot',
  clock: "Chatwoot's clock",
};

function digest(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The headers Chatwoot sends with a webhook, as it signs them: for tests and for tools that
 * replay a Chatwoot delivery.
 * @example
 * const headers = signChatwootWebhook({ secret, timestamp: Math.floor(Date.now() / 1000), body, deliveryId: randomUUID() });
 */
export function signChatwootWebhook(input: { secret: string; timestamp: number; body: string | Buffer; deliveryId?: string }): ChatwootWebhookHeaders {
  const timestamp = String(input.timestamp);
  const headers: ChatwootWebhookHeaders = {
    'x-chatwoot-signature': `sha256=${digest(input.secret, timestamp, input.body)}`,
    'x-chatwoot-timestamp': timestamp,
  };
  if (input.deliveryId !== undefined) headers['x-chatwoot-delivery'] = input.deliveryId;
  return headers;
}

/**
 * Checks a Chatwoot webhook: both headers present, the timestamp within `toleranceSeconds` of
 * `nowSeconds` (against replays), and a signature over the exact raw body that matches `secret`
 * (compared in constant time). Throws `CONFAB_SIGNATURE_INVALID` saying which check failed.
 */
export function verifyChatwootWebhook(input: {
  headers: RequestHeaders;
  body: string | Buffer;
  secret: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): { timestamp: number } {
  const timestamp = verifyTimestampedSignature(CHATWOOT_SCHEME, {
    headers: input.headers,
    ...(input.nowSeconds === undefined ? {} : { nowSeconds: input.nowSeconds }),
    toleranceSeconds: input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS,
    expected: (timestampText) => `sha256=${digest(input.secret, timestampText, input.body)}`,
  });
  return { timestamp };
}
