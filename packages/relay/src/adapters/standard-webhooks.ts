import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfabError } from '@confab/protocol';
import { requestHeader } from './request-header.js';

// Standard Webhooks (standardwebhooks.com): the sender signs `<id>.<timestamp>.<raw body>` with
// HMAC-SHA256 under a shared secret and sends `webhook-id`, `webhook-timestamp` (Unix seconds) and
// `webhook-signature` (space-separated `v1,<base64>` entries, one per secret while rotating).

const SECRET_PREFIX = 'whsec_';
/** How far a timestamp may be from the receiver's clock, either way, against replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The three headers of a signed webhook (a type, not an interface, so it passes as a header record). */
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * The HMAC key of a secret: the base64 after `whsec_` (the prefix may be left out). Throws
 * `CONFAB_CONFIG_INVALID` for anything else, without repeating the secret.
 */
export function parseWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    throw new ConfabError('CONFAB_CONFIG_INVALID', `A webhook secret must be "whsec_" followed by base64 (${encoded.length} characters given are not base64)`);
  }
  const key = Buffer.from(encoded, 'base64');
  // The spec asks for 24 to 64 bytes (192 to 512 bits).
  if (key.length < 24 || key.length > 64) {
    throw new ConfabError(
      'CONFAB_CONFIG_INVALID',
      `A webhook secret must hold 24 to 64 bytes of key (this one holds ${key.length}); generate one with: echo "whsec_$(openssl rand -base64 32)"`,
    );
  }
  return key;
}

function signature(key: Buffer, id: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/**
 * The headers for one delivery, signed with every secret (during a rotation, the old and the new
 * one, so receivers that know either accept it).
 * @example
 * const headers = signWebhook({ id: 'msg_1', timestamp: Math.floor(Date.now() / 1000), body, secrets: ['whsec_…'] });
 */
export function signWebhook(input: { id: string; timestamp: number; body: string | Buffer; secrets: readonly string[] }): WebhookHeaders {
  const timestamp = String(input.timestamp);
  const signatures = input.secrets.map((secret) => `v1,${signature(parseWebhookSecret(secret), input.id, timestamp, input.body).toString('base64')}`);
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

function refused(message: string): ConfabError {
  return new ConfabError('CONFAB_SIGNATURE_INVALID', message);
}

/**
 * Checks a signed webhook: all three headers present, the timestamp within `toleranceSeconds` of
 * `nowSeconds`, and a `v1` signature that matches one of `secrets` over the exact raw body
 * (compared in constant time). Returns the delivery's id and timestamp; throws
 * `CONFAB_SIGNATURE_INVALID` saying which check failed.
 */
export function verifyWebhook(input: {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string | Buffer;
  secrets: readonly string[];
  nowSeconds?: number;
  toleranceSeconds?: number;
}): { id: string; timestamp: number } {
  const id = requestHeader(input.headers, 'webhook-id');
  const timestampText = requestHeader(input.headers, 'webhook-timestamp');
  const signatures = requestHeader(input.headers, 'webhook-signature');
  const missing = [!id && 'webhook-id', !timestampText && 'webhook-timestamp', !signatures && 'webhook-signature'].filter(Boolean);
  if (missing.length > 0) throw refused(`Missing ${missing.join(', ')}: a signed webhook carries webhook-id, webhook-timestamp and webhook-signature`);
  if (!/^\d{1,12}$/.test(timestampText!)) throw refused(`webhook-timestamp ${JSON.stringify(timestampText!.slice(0, 32))} is not Unix seconds`);
  const timestamp = Number(timestampText);
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (timestamp < now - tolerance) throw refused(`webhook-timestamp is ${now - timestamp} s old, more than the ${tolerance} s allowed; the request may be a replay`);
  if (timestamp > now + tolerance) throw refused(`webhook-timestamp is ${timestamp - now} s in the future, more than the ${tolerance} s allowed; check the sender's clock`);
  const offered = signatures!
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'));
  for (const secret of input.secrets) {
    const expected = signature(parseWebhookSecret(secret), id!, timestampText!, input.body);
    // timingSafeEqual needs equal lengths; a length mismatch says nothing about the secret.
    if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) {
      return { id: id!, timestamp };
    }
  }
  throw refused('No webhook-signature matches: check the shared secret and that the exact raw body was signed');
}
