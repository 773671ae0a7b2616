import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfabError, EMAIL_PATTERN } from '@confab/protocol';
import type { Identity } from '../store/store.js';

/** What an `identify` frame claims about the shopper. */
export interface IdentityClaim {
  userId?: string;
  name?: string;
  email?: string;
  /** Lowercase hex HMAC-SHA256 of `userId` under the identity secret. */
  hash?: string;
  /** An HS256 JWT signed with the identity secret (claims `sub`, `name`, `email`, `exp`, `nbf`). */
  jwt?: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_USER_ID = 200;
const MAX_NAME = 100;
const MAX_EMAIL = 254;

function invalid(message: string): ConfabError {
  return new ConfabError('CONFAB_IDENTITY_INVALID', message);
}

/** Lowercase hex HMAC-SHA256 of `userId` under `secret`: the `hash` a shop's server computes. */
export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** Compares two texts in constant time for their (public) length. */
function isSameText(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodeJsonPart(part: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(part)) throw invalid(`The JWT's ${what} is not base64url text; send a compact JWT (header.payload.signature)`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`The JWT's ${what} is not JSON; send a compact JWT made by a JWT library`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`The JWT's ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function optionalText(claims: Record<string, unknown>, key: 'name' | 'email', max: number): string | undefined {
  const value = Object.hasOwn(claims, key) ? claims[key] : undefined;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw invalid(`The JWT's "${key}" claim must be a text of at most ${max} characters`);
  if (key === 'email' && !EMAIL_PATTERN.test(value)) throw invalid(`The JWT's "email" claim ${JSON.stringify(value.slice(0, 60))} is not an email address such as ana@example.com`);
  return value.trim() === '' ? undefined : value;
}

function numericDate(claims: Record<string, unknown>, key: 'exp' | 'nbf'): number | undefined {
  const value = Object.hasOwn(claims, key) ? claims[key] : undefined;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`The JWT's "${key}" claim must be a NumericDate (seconds since the epoch)`);
  return value;
}

/**
 * Checks an HS256 JWT (RFC 7519) signed with `secret` and returns the shopper it names. Only HS256
 * is accepted: `alg: none` and every other algorithm are refused, so a token cannot choose how it
 * is checked. The signature is checked before any claim is read. Throws `CONFAB_IDENTITY_EXPIRED`
 * past `exp` and `CONFAB_IDENTITY_INVALID` for anything else wrong.
 */
export function verifyIdentityJwt(jwt: string, secret: string, nowMs: number): Identity {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw invalid('The JWT is not three base64url parts joined by dots (header.payload.signature)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonPart(headerPart, 'header');
  if (header['alg'] !== 'HS256') {
    throw invalid(`The JWT's algorithm ${JSON.stringify(header['alg'])} is refused; sign it with HS256 and the relay's identity secret`);
  }
  // RFC 7515 §4.1.11: a token with critical extensions we do not understand must be refused.
  if (Object.hasOwn(header, 'crit')) throw invalid('The JWT has critical header extensions ("crit"), which the relay does not support');
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`, 'ascii').digest('base64url');
  if (!BASE64URL.test(signaturePart) || !isSameText(signaturePart, expected)) {
    throw invalid("The JWT's signature does not match; sign it with HS256 and the relay's identity secret");
  }
  const claims = decodeJsonPart(payloadPart, 'payload');
  const nowSeconds = nowMs / 1000;
  const exp = numericDate(claims, 'exp');
  if (exp !== undefined && nowSeconds >= exp) {
    throw new ConfabError('CONFAB_IDENTITY_EXPIRED', `The JWT expired at ${new Date(exp * 1000).toISOString()}; issue a new one`);
  }
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nowSeconds < nbf) throw invalid(`The JWT is not valid before ${new Date(nbf * 1000).toISOString()} ("nbf")`);
  const sub = Object.hasOwn(claims, 'sub') ? claims['sub'] : undefined;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > MAX_USER_ID) {
    throw invalid(`The JWT needs a "sub" claim: the shop's user id, a text of 1 to ${MAX_USER_ID} characters`);
  }
  const name = optionalText(claims, 'name', MAX_NAME);
  const email = optionalText(claims, 'email', MAX_EMAIL);
  return { userId: sub, ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }), isVerified: true };
}

/**
 * Decides who an `identify` frame says the shopper is. With an identity secret, the claim must be
 * proven: `userId` with `hash` (lowercase hex HMAC-SHA256 of the id, compared in constant time) or
 * a `jwt` ({@link verifyIdentityJwt}); the identity is then `isVerified`. Without a secret, a
 * `userId` (with name and email) is taken as said, `isVerified: false`, and a `jwt` is refused.
 * Throws `CONFAB_IDENTITY_INVALID`, `CONFAB_IDENTITY_EXPIRED`, or `CONFAB_REQUEST_INVALID` for a
 * frame that names nobody or mixes both ways.
 */
export function verifyIdentity(claim: IdentityClaim, secret: string | undefined, nowMs: number): Identity {
  if (claim.jwt !== undefined) {
    if (claim.userId !== undefined || claim.hash !== undefined) {
      throw new ConfabError('CONFAB_REQUEST_INVALID', 'identify takes either a jwt or a userId with its hash, not both');
    }
    if (secret === undefined) {
      throw invalid('The relay has no identity secret (setting identitySecret), so it cannot check a JWT; configure one, or send userId without a JWT');
    }
    return verifyIdentityJwt(claim.jwt, secret, nowMs);
  }
  if (claim.userId === undefined || claim.userId.trim() === '') {
    throw new ConfabError('CONFAB_REQUEST_INVALID', 'identify needs a userId (with its hash) or a jwt');
  }
  const details = {
    ...(claim.name === undefined || claim.name.trim() === '' ? {} : { name: claim.name }),
    ...(claim.email === undefined ? {} : { email: claim.email }),
  };
  if (secret === undefined) return { userId: claim.userId, ...details, isVerified: false };
  if (claim.hash === undefined) {
    throw invalid("The relay has an identity secret, so identify needs the hash of the userId (HMAC-SHA256 computed on the shop's server) or a jwt");
  }
  if (!isSameText(claim.hash, identityHash(secret, claim.userId))) {
    throw invalid("The hash is not the HMAC-SHA256 of the userId under the relay's identity secret; compute it on the shop's server as lowercase hex");
  }
  return { userId: claim.userId, ...details, isVerified: true };
}
