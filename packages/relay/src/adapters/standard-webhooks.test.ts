import { describe, expect, it } from 'vitest';
import { parseWebhookSecret, signWebhook, verifyWebhook } from './standard-webhooks.js';

// The Standard Webhooks reference vector: test "sign function works" in
// github.com/standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts
// (the other official libraries test the same values): these inputs sign to this v1 signature.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const OTHER_SECRET = 'whsec_bm90LWEtcmVhbC1zZWNyZXQtYnV0LWxvbmctZW5vdWdo';

function vectorHeaders(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature, ...overrides };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'CONFAB_SIGNATURE_INVALID' });
    return (error as Error).message;
  }
  throw new Error('expected CONFAB_SIGNATURE_INVALID');
}

describe('signWebhook', () => {
  it('signs the reference vector exactly', () => {
    expect(signWebhook({ id: VECTOR.id, timestamp: VECTOR.timestamp, body: VECTOR.body, secrets: [VECTOR.secret] })).toEqual(vectorHeaders());
  });

  it('signs with every secret during a rotation, and either verifies alone', () => {
    const headers = signWebhook({ id: 'msg_1', timestamp: VECTOR.timestamp, body: '{"a":1}', secrets: [VECTOR.secret, OTHER_SECRET] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [VECTOR.secret, OTHER_SECRET]) {
      expect(verifyWebhook({ headers, body: '{"a":1}', secrets: [secret], nowSeconds: VECTOR.timestamp })).toEqual({ id: 'msg_1', timestamp: VECTOR.timestamp });
    }
  });
});

describe('verifyWebhook', () => {
  const at = VECTOR.timestamp;

  it('accepts the reference vector, also as a Buffer body and with the old and new secret configured', () => {
    expect(verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at })).toEqual({ id: VECTOR.id, timestamp: at });
    expect(verifyWebhook({ headers: vectorHeaders(), body: Buffer.from(VECTOR.body), secrets: [OTHER_SECRET, VECTOR.secret], nowSeconds: at + 299 })).toMatchObject({ id: VECTOR.id });
  });

  it('refuses a changed body, a wrong secret and a changed id', () => {
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders(), body: '{"test": 2432232315}', secrets: [VECTOR.secret], nowSeconds: at }))).toContain('No webhook-signature matches');
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secrets: [OTHER_SECRET], nowSeconds: at }))).toContain('No webhook-signature matches');
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders({ 'webhook-id': 'msg_other' }), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at }))).toContain(
      'No webhook-signature matches',
    );
  });

  it('refuses stale and future timestamps outside the window, and timestamps that are not Unix seconds', () => {
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at + 301 }))).toBe(
      'webhook-timestamp is 301 s old, more than the 300 s allowed; the request may be a replay',
    );
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at - 400 }))).toBe(
      "webhook-timestamp is 400 s in the future, more than the 300 s allowed; check the sender's clock",
    );
    expect(verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at + 900, toleranceSeconds: 1000 })).toMatchObject({ id: VECTOR.id });
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders({ 'webhook-timestamp': '1614265330.5' }), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at }))).toContain(
      'is not Unix seconds',
    );
  });

  it('names the missing headers, and takes the first of repeated ones', () => {
    expect(refusal(() => verifyWebhook({ headers: {}, body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at }))).toBe(
      'Missing webhook-id, webhook-timestamp, webhook-signature: a signed webhook carries webhook-id, webhook-timestamp and webhook-signature',
    );
    expect(refusal(() => verifyWebhook({ headers: vectorHeaders({ 'webhook-signature': undefined }), body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at }))).toMatch(
      /^Missing webhook-signature:/,
    );
    const repeated = { ...vectorHeaders(), 'webhook-id': [VECTOR.id, 'msg_second'] };
    expect(verifyWebhook({ headers: repeated, body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at })).toMatchObject({ id: VECTOR.id });
  });

  it('finds the headers whatever the case of their names', () => {
    const capitalized = { 'Webhook-Id': VECTOR.id, 'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp), 'Webhook-Signature': VECTOR.signature };
    expect(verifyWebhook({ headers: capitalized, body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at })).toEqual({ id: VECTOR.id, timestamp: at });
  });

  it('ignores other signature versions and signatures of the wrong length, without throwing on them', () => {
    const mixed = vectorHeaders({ 'webhook-signature': `v1a,ZmFrZQ== v2,${VECTOR.signature.slice(3)} v1,c2hvcnQ= ${VECTOR.signature}` });
    expect(verifyWebhook({ headers: mixed, body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at })).toMatchObject({ id: VECTOR.id });
    const onlyOthers = vectorHeaders({ 'webhook-signature': `v2,${VECTOR.signature.slice(3)} v1,c2hvcnQ=` });
    expect(refusal(() => verifyWebhook({ headers: onlyOthers, body: VECTOR.body, secrets: [VECTOR.secret], nowSeconds: at }))).toContain('No webhook-signature matches');
  });
});

describe('parseWebhookSecret', () => {
  it('decodes whsec_ secrets (the prefix is optional) and refuses malformed or short ones without echoing them', () => {
    expect(parseWebhookSecret(VECTOR.secret)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
    expect(parseWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toEqual(parseWebhookSecret(VECTOR.secret));
    // 16 bytes, and 72 bytes: outside the spec's 24 to 64.
    const tooShort = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;
    const tooLong = `whsec_${Buffer.alloc(72, 7).toString('base64')}`;
    for (const bad of ['whsec_', 'whsec_not base64!!', 'whsec_abc', 'whsec_c2hvcnQ=', tooShort, tooLong]) {
      let message = '';
      try {
        parseWebhookSecret(bad);
      } catch (error) {
        expect(error).toMatchObject({ code: 'CONFAB_CONFIG_INVALID' });
        message = (error as Error).message;
      }
      expect(message).toMatch(/^A webhook secret must/);
      if (bad.length > 'whsec_'.length) expect(message).not.toContain(bad.slice('whsec_'.length));
    }
  });
});
