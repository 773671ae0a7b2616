import { timingSafeEqual } from 'node:crypto';
import { ConfabError } from '@confab/protocol';
import { requestHeader, type RequestHeaders } from './request-header.js';

/** Refuses a signed callback: `CONFAB_SIGNATURE_INVALID` with what failed. */
function signatureRefused(message: string): ConfabError {
  return new ConfabError('CONFAB_SIGNATURE_INVALID', message);
}

/**
 * Checks a timestamp header of a signed callback: Unix seconds, within `toleranceSeconds` of
 * `nowSeconds` either way (an old one may be a replay, a future one a wrong clock). Returns the
 * seconds; throws `CONFAB_SIGNATURE_INVALID` naming `headerName`.
 */
function checkSignedTimestamp(input: {
  text: string;
  headerName: string;
  nowSeconds: number;
  toleranceSeconds: number;
  /** Completes "… in the future, …; check <clock>". */
  clock: string;
}): number {
  const { text, headerName, nowSeconds: now, toleranceSeconds: tolerance } = input;
  if (!/^\d{1,12}$/.test(text)) throw signatureRefused(`${headerName} ${JSON.stringify(text.slice(0, 32))} is not Unix seconds`);
  const timestamp = Number(text);
  if (timestamp < now - tolerance) throw signatureRefused(`${headerName} is ${now - timestamp} s old, more than the ${tolerance} s allowed; the request may be a replay`);
  if (timestamp > now + tolerance) throw signatureRefused(`${headerName} is ${timestamp - now} s in the future, more than the ${tolerance} s allowed; check ${input.clock}`);
  return timestamp;
}

/** Whether `offered` (case and spaces around it aside) is `expected`, compared in constant time. */
function signatureMatches(offered: string, expected: string): boolean {
  const offeredBytes = Buffer.from(offered.trim().toLowerCase(), 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch says nothing about the secret.
  return offeredBytes.length === expectedBytes.length && timingSafeEqual(offeredBytes, expectedBytes);
}

/** How one provider signs its callbacks with a timestamp header and a signature header. */
export interface TimestampedSignatureScheme {
  /** As the provider spells them, such as `X-Slack-Signature`; looked up in any case. */
  signatureHeader: string;
  timestampHeader: string;
  /** Completes "Missing <headers>: …", such as "only requests Slack signed are accepted". */
  missingHint: string;
  /** Completes "<signature header> does not match: …": where to find the right secret. */
  mismatchHint: string;
  /** Completes "… in the future …; check …": whose clock is likely wrong. */
  clock: string;
}

/**
 * Checks a signed callback: both headers present, the timestamp within `toleranceSeconds` of
 * `nowSeconds`, and the signature header equal (in constant time) to `expected(timestampText)`.
 * Returns the timestamp; throws `CONFAB_SIGNATURE_INVALID` saying which check failed.
 */
export function verifyTimestampedSignature(
  scheme: TimestampedSignatureScheme,
  input: { headers: RequestHeaders; nowSeconds?: number; toleranceSeconds: number; expected: (timestampText: string) => string },
): number {
  const signature = requestHeader(input.headers, scheme.signatureHeader.toLowerCase());
  const timestampText = requestHeader(input.headers, scheme.timestampHeader.toLowerCase());
  const missing = [!signature && scheme.signatureHeader, !timestampText && scheme.timestampHeader].filter(Boolean);
  if (missing.length > 0) throw signatureRefused(`Missing ${missing.join(', ')}: ${scheme.missingHint}`);
  const timestamp = checkSignedTimestamp({
    text: timestampText!,
    headerName: scheme.timestampHeader,
    nowSeconds: input.nowSeconds ?? Math.floor(Date.now() / 1000),
    toleranceSeconds: input.toleranceSeconds,
    clock: scheme.clock,
  });
  if (!signatureMatches(signature!, input.expected(timestampText!))) {
    throw signatureRefused(`${scheme.signatureHeader} does not match: ${scheme.mismatchHint}`);
  }
  return timestamp;
}
