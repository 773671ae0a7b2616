import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a secret, hex-encoded. The store keeps only this for visitor session tokens, so a
 * leaked database opens no conversation.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares a presented secret with the expected one in constant time. Both are hashed first, so the
 * comparison takes the same time whatever their lengths (`timingSafeEqual` itself needs equal
 * lengths and would otherwise leak the expected one's).
 */
export function isSameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
