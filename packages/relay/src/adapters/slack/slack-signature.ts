import { createHmac } from 'node:crypto';
import type { RequestHeaders } from '../request-header.js';
import { verifyTimestampedSignature, type TimestampedSignatureScheme } from '../signed-callback.js';

// Slack signs every request it sends (version v0): `X-Slack-Request-Timestamp` is Unix seconds and
// `X-Slack-Signature` is `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`, keyed with
// the app's Signing Secret (https://api.slack.com/authentication/verifying-requests-from-slack).

/** How far a request's timestamp may be from the relay's clock: Slack asks for five minutes. */
export const SLACK_TOLERANCE_SECONDS = 5 * 60;

/** The headers of a signed Slack request (a type, so it passes as a header record). */
export type SlackSignatureHeaders = {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
};

const SLACK_SCHEME: TimestampedSignatureScheme = {
  signatureHeader: 'X-Slack-Signature',
  timestampHeader: 'X-Slack-Request-Timestamp',
  missingHint: 'only requests Slack signed are accepted',
  mismatchHint: 'check that signingSecret is the Signing Secret of the app (Basic Information → App Credentials)',
  clock: "the relay's clock",
};

function digest(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex');
}

/**
 * The headers Slack sends with a request, as it signs them: for tests and for tools that replay
 * a Slack event.
 * @example
 * const headers = signSlackRequest({ secret, timestamp: Math.floor(Date.now() / 1000), body });
 */
export function signSlackRequest(input: { secret: string; timestamp: number; body: string | Buffer }): SlackSignatureHeaders {
  const timestamp = String(input.timestamp);
  return { 'x-slack-signature': `v0=${digest(input.secret, timestamp, input.body)}`, 'x-slack-request-timestamp': timestamp };
}

/**
 * Checks a request from Slack: both headers present, the timestamp within `toleranceSeconds` of
 * `nowSeconds` (against replays), and a `v0` signature over the exact raw body that matches
 * `secret`, compared in constant time. Throws `CONFAB_SIGNATURE_INVALID` saying which check failed.
 */
export function verifySlackRequest(input: {
  headers: RequestHeaders;
  body: string | Buffer;
  secret: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): { timestamp: number } {
  const timestamp = verifyTimestampedSignature(SLACK_SCHEME, {
    headers: input.headers,
    ...(input.nowSeconds === undefined ? {} : { nowSeconds: input.nowSeconds }),
    toleranceSeconds: input.toleranceSeconds ?? SLACK_TOLERANCE_SECONDS,
    expected: (timestampText) => `v0=${digest(input.secret, timestampText, input.body)}`,
  });
  return { timestamp };
}
