import { timingSafeEqual } from 'node:crypto';
import { ConfabError } from '@confab/protocol';

/** Refuses a signed callback: `CONFAB_SIGNATURE_INVALID` with what failed. */
export function signatureRefused(message: string): ConfabError {
  return new ConfabError('CONFAB_SIGNATURE_INVALID', message);
}

/**
 * Checks a timestamp header of a signed callback: Unix seconds, within `toleranceSeconds` of
 * `nowSeconds` either way (an old one may be a replay, a future one a wrong clock). Returns the
 * seconds; throws `CONFAB_SIGNATURE_INVALID` naming `headerName`.
 */
export function checkSignedTimestamp(input: {
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
export function signatureMatches(offered: string, expected: string): boolean {
  const offeredBytes = Buffer.from(offered.trim().toLowerCase(), 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch says nothing about the secret.
  return offeredBytes.length === expectedBytes.length && timingSafeEqual(offeredBytes, expectedBytes);
}
