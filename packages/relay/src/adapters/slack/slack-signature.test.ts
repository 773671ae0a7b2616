import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from './slack-signature.js';

// The example in Slack's "Verifying requests from Slack" guide: a slash command's body and its signature.
const SLACK_EXAMPLE = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA' +
    '&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554' +
    '%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

const SECRET = 'b1e4c7d0a3f6e9b2c5d8a1f4e7b0c3d6';
const NOW = 1_765_000_000;
const BODY = JSON.stringify({ type: 'event_callback', event_id: 'Ev01', event: { type: 'message', text: '有货吗? <https://x.example|link> 👍' } });

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'CONFAB_SIGNATURE_INVALID' });
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('slack signature', () => {
  it("signs exactly as Slack's documented example does", () => {
    expect(signSlackRequest(SLACK_EXAMPLE)).toEqual({ 'x-slack-signature': SLACK_EXAMPLE.signature, 'x-slack-request-timestamp': '1531420618' });
    const headers = { 'X-Slack-Signature': SLACK_EXAMPLE.signature, 'X-Slack-Request-Timestamp': '1531420618' };
    expect(verifySlackRequest({ headers, body: SLACK_EXAMPLE.body, secret: SLACK_EXAMPLE.secret, nowSeconds: SLACK_EXAMPLE.timestamp + 10 })).toEqual({ timestamp: 1531420618 });
  });

  it('accepts a fresh signature over the exact bytes, as text or as a buffer', () => {
    const headers = signSlackRequest({ secret: SECRET, timestamp: NOW, body: BODY });
    expect(verifySlackRequest({ headers, body: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({ timestamp: NOW });
    expect(verifySlackRequest({ headers, body: Buffer.from(BODY, 'utf8'), secret: SECRET, nowSeconds: NOW + 299 })).toEqual({ timestamp: NOW });
  });

  it('refuses a changed body, another secret, a malformed or missing signature', () => {
    const headers = signSlackRequest({ secret: SECRET, timestamp: NOW, body: BODY });
    expect(refusal(() => verifySlackRequest({ headers, body: BODY.replace('有货', '无货'), secret: SECRET, nowSeconds: NOW }))).toContain('does not match');
    expect(refusal(() => verifySlackRequest({ headers, body: BODY, secret: 'another-signing-secret', nowSeconds: NOW }))).toContain('does not match');
    const short = { ...headers, 'x-slack-signature': 'v0=abc' };
    expect(refusal(() => verifySlackRequest({ headers: short, body: BODY, secret: SECRET, nowSeconds: NOW }))).toContain('does not match');
    const v1 = { ...headers, 'x-slack-signature': headers['x-slack-signature'].replace('v0=', 'v1=') };
    expect(refusal(() => verifySlackRequest({ headers: v1, body: BODY, secret: SECRET, nowSeconds: NOW }))).toContain('does not match');
    expect(refusal(() => verifySlackRequest({ headers: {}, body: BODY, secret: SECRET, nowSeconds: NOW }))).toBe(
      'Missing X-Slack-Signature, X-Slack-Request-Timestamp: only requests Slack signed are accepted',
    );
    const words = { ...headers, 'x-slack-request-timestamp': 'yesterday' };
    expect(refusal(() => verifySlackRequest({ headers: words, body: BODY, secret: SECRET, nowSeconds: NOW }))).toContain('is not Unix seconds');
  });

  it('refuses a timestamp more than five minutes old (a replay) or ahead', () => {
    const old = signSlackRequest({ secret: SECRET, timestamp: NOW - 301, body: BODY });
    expect(refusal(() => verifySlackRequest({ headers: old, body: BODY, secret: SECRET, nowSeconds: NOW }))).toContain('301 s old, more than the 300 s allowed');
    const ahead = signSlackRequest({ secret: SECRET, timestamp: NOW + 301, body: BODY });
    expect(refusal(() => verifySlackRequest({ headers: ahead, body: BODY, secret: SECRET, nowSeconds: NOW }))).toContain('in the future');
  });
});
