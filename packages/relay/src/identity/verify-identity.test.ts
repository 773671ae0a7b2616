import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfabError } from '@confab/protocol';
import { identityHash, verifyIdentity, verifyIdentityJwt } from './verify-identity.js';

const SECRET = 'shop-identity-secret-0123456789';
const NOW = Date.parse('2026-12-06T20:00:00Z');
const NOW_SECONDS = NOW / 1000;

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

/** A compact JWT made by hand: header and payload as JSON, HMAC-SHA256 signature under `secret`. */
function makeJwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }, secret = SECRET): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfabError) return error.code;
    throw error;
  }
  return undefined;
}

describe('verifyIdentity with userId and hash', () => {
  it('accepts the lowercase hex HMAC-SHA256 of the user id as verified', () => {
    const hash = createHmac('sha256', SECRET).update('user-42').digest('hex');
    expect(identityHash(SECRET, 'user-42')).toBe(hash);
    expect(verifyIdentity({ userId: 'user-42', hash, name: 'Ana', email: 'ana@example.com' }, SECRET, NOW)).toEqual({
      userId: 'user-42',
      name: 'Ana',
      email: 'ana@example.com',
      isVerified: true,
    });
  });

  it('refuses a wrong hash, the hash of another id, an uppercase hash and a missing hash', () => {
    const hash = identityHash(SECRET, 'user-42');
    expect(codeOf(() => verifyIdentity({ userId: 'user-42', hash: `${hash.slice(0, -1)}0` }, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentity({ userId: 'user-43', hash }, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentity({ userId: 'user-42', hash: hash.toUpperCase() }, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentity({ userId: 'user-42', hash: identityHash('another-secret-0123456789', 'user-42') }, SECRET, NOW))).toBe(
      'CONFAB_IDENTITY_INVALID',
    );
    expect(codeOf(() => verifyIdentity({ userId: 'user-42' }, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
  });

  it('takes a user id as said, unverified, when the relay has no secret', () => {
    expect(verifyIdentity({ userId: 'user-42', name: 'Ana', hash: 'whatever' }, undefined, NOW)).toEqual({ userId: 'user-42', name: 'Ana', isVerified: false });
  });

  it('refuses a frame that names nobody or mixes a jwt with a user id', () => {
    expect(codeOf(() => verifyIdentity({ name: 'Ana' }, SECRET, NOW))).toBe('CONFAB_REQUEST_INVALID');
    expect(codeOf(() => verifyIdentity({ userId: '  ' }, undefined, NOW))).toBe('CONFAB_REQUEST_INVALID');
    expect(codeOf(() => verifyIdentity({ userId: 'user-42', jwt: makeJwt({ sub: 'user-42' }) }, SECRET, NOW))).toBe('CONFAB_REQUEST_INVALID');
  });
});

describe('verifyIdentity with a JWT', () => {
  it('accepts an HS256 token and reads sub, name and email', () => {
    const jwt = makeJwt({ sub: 'user-7', name: 'Mei', email: 'mei@example.com', exp: NOW_SECONDS + 600, nbf: NOW_SECONDS - 10, iat: NOW_SECONDS - 10 });
    expect(verifyIdentity({ jwt }, SECRET, NOW)).toEqual({ userId: 'user-7', name: 'Mei', email: 'mei@example.com', isVerified: true });
  });

  it('refuses a JWT when the relay has no identity secret, saying so', () => {
    const error = (() => {
      try {
        verifyIdentity({ jwt: makeJwt({ sub: 'user-7' }) }, undefined, NOW);
      } catch (caught) {
        return caught as ConfabError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('CONFAB_IDENTITY_INVALID');
    expect(error?.message).toContain('no identity secret');
  });

  it('refuses alg none, other algorithms and critical extensions', () => {
    const payload = { sub: 'user-7', exp: NOW_SECONDS + 600 };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    expect(codeOf(() => verifyIdentityJwt(unsigned, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    const noneSigned = makeJwt(payload, { alg: 'none' });
    expect(codeOf(() => verifyIdentityJwt(noneSigned, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt(payload, { alg: 'HS512' }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt(payload, { alg: 'RS256' }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt(payload, { alg: 'HS256', crit: ['exp'] }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
  });

  it('refuses a tampered payload, a tampered signature, another secret and malformed tokens', () => {
    const jwt = makeJwt({ sub: 'user-7', exp: NOW_SECONDS + 600 });
    const [header, , signature] = jwt.split('.');
    const forgedPayload = `${header}.${base64url({ sub: 'admin', exp: NOW_SECONDS + 600 })}.${signature}`;
    expect(codeOf(() => verifyIdentityJwt(forgedPayload, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    const flipped = jwt.slice(0, -2) + (jwt.at(-2) === 'A' ? 'B' : 'A') + jwt.at(-1);
    expect(codeOf(() => verifyIdentityJwt(flipped, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 'user-7' }, undefined, 'another-secret-0123456789'), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(`${jwt}.extra`, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt('not-a-jwt', SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(`${base64url('[1]')}.${base64url({ sub: 'x' })}.abc`, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
  });

  it('says a token past its exp is expired, but only once its signature checked out', () => {
    const expired = makeJwt({ sub: 'user-7', exp: NOW_SECONDS - 1 });
    expect(codeOf(() => verifyIdentityJwt(expired, SECRET, NOW))).toBe('CONFAB_IDENTITY_EXPIRED');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 'user-7', exp: NOW_SECONDS }), SECRET, NOW))).toBe('CONFAB_IDENTITY_EXPIRED');
    const expiredOtherSecret = makeJwt({ sub: 'user-7', exp: NOW_SECONDS - 1 }, undefined, 'another-secret-0123456789');
    expect(codeOf(() => verifyIdentityJwt(expiredOtherSecret, SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
  });

  it('refuses a token before its nbf, without sub, or with bad claims', () => {
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 'user-7', nbf: NOW_SECONDS + 60 }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ name: 'Mei', exp: NOW_SECONDS + 60 }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 42 }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 'user-7', exp: '2030-01-01' }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 'user-7', email: 'not an email' }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
    expect(codeOf(() => verifyIdentityJwt(makeJwt({ sub: 'user-7', name: 'x'.repeat(101) }), SECRET, NOW))).toBe('CONFAB_IDENTITY_INVALID');
  });
});
