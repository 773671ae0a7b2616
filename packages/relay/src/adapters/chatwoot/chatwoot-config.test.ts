import { describe, expect, it } from 'vitest';
import { OptionReader } from '../option-reader.js';
import { CHATWOOT_OPTIONS, parseChatwootConfig } from './chatwoot-config.js';

const TOKEN = 'cw-token-Xq81bT4mZ';

function parse(entry: Record<string, unknown>) {
  return parseChatwootConfig(new OptionReader({ type: 'chatwoot', ...entry }, 'adapters[2]', CHATWOOT_OPTIONS, '/etc/confab'));
}

function refusal(entry: Record<string, unknown>): string {
  try {
    parse(entry);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('parseChatwootConfig', () => {
  it('reads an entry, filling in the defaults', () => {
    expect(parse({ baseUrl: 'https://desk.example/chat', apiAccessToken: TOKEN, accountId: 1, inboxId: 4 })).toEqual({
      type: 'chatwoot',
      name: 'chatwoot',
      baseUrl: 'https://desk.example/chat/',
      apiAccessToken: TOKEN,
      accountId: 1,
      inboxId: 4,
      webhookSecret: undefined,
      timeoutMs: 10_000,
    });
    expect(parse({ name: 'desk-eu', baseUrl: 'http://127.0.0.1:3000', apiAccessToken: TOKEN, accountId: 2, inboxId: 9, webhookSecret: 'inbox-secret-123', timeoutMs: 5000 })).toMatchObject({
      name: 'desk-eu',
      baseUrl: 'http://127.0.0.1:3000/',
      webhookSecret: 'inbox-secret-123',
      timeoutMs: 5000,
    });
  });

  it('refuses bad options by name, never quoting a secret', () => {
    const base = { baseUrl: 'https://desk.example', apiAccessToken: TOKEN, accountId: 1, inboxId: 4 };
    expect(refusal({ ...base, baseUrl: 'ftp://desk.example' })).toContain('adapters[2].baseUrl "ftp://desk.example" is not an http(s) URL');
    expect(refusal({ ...base, baseUrl: 'https://desk.example/?x=1' })).toContain('must not have a query');
    expect(refusal({ ...base, inboxId: undefined })).toContain('adapters[2].inboxId is missing');
    expect(refusal({ ...base, accountId: 0 })).toContain('adapters[2].accountId 0 is not an integer from 1');
    expect(refusal({ ...base, inboxId: '4' })).toContain('adapters[2].inboxId "4" is not an integer');
    expect(refusal({ ...base, apiAccessToken: 'has spaces in it' })).toContain('adapters[2].apiAccessToken is not a token without spaces');
    expect(refusal({ ...base, apiAccessToken: 'has spaces in it' })).not.toContain('has spaces in it');
    expect(refusal({ ...base, webhookSecret: 'short' })).not.toContain('short"');
    expect(refusal({ ...base, token: TOKEN })).toContain('adapters[2] has an unknown option "token"');
  });
});
