import { ConfabError, DEFAULT_LIMITS } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import { isTypeAccepted } from '@confab/protocol';
import { checkUpload } from './post-upload.js';
import { relayUrl, withAbsoluteUrls } from './relay-answers.js';

describe('isTypeAccepted', () => {
  it('matches exact types, type/* and */* wildcards, ignoring case and parameters', () => {
    expect(isTypeAccepted('image/png', ['image/*'])).toBe(true);
    expect(isTypeAccepted('IMAGE/PNG', ['image/png'])).toBe(true);
    expect(isTypeAccepted('text/plain; charset=utf-8', ['text/plain'])).toBe(true);
    expect(isTypeAccepted('application/pdf', ['*/*'])).toBe(true);
    expect(isTypeAccepted('application/pdf', ['image/*', 'text/plain'])).toBe(false);
    // "image/*" is about the top-level type, not a prefix of any string.
    expect(isTypeAccepted('imagex/png', ['image/*'])).toBe(false);
  });
});

describe('checkUpload', () => {
  const limits = { ...DEFAULT_LIMITS, maxUploadBytes: 100, uploadTypes: ['image/*'] };

  it('lets through what the relay announced it takes, and anything when it announced nothing', () => {
    expect(() => checkUpload(100, 'image/png', limits)).not.toThrow();
    expect(() => checkUpload(100, '', limits)).not.toThrow();
    expect(() => checkUpload(10 ** 9, 'application/zip', DEFAULT_LIMITS)).not.toThrow();
  });

  it('refuses a file too large or of a refused type, naming size and limit or type and accepted types', () => {
    let error = captured(() => checkUpload(101, 'image/png', limits));
    expect([error.code, error.message]).toEqual(['CONFAB_UPLOAD_TOO_LARGE', 'File is 101 bytes; the limit is 100 bytes']);
    error = captured(() => checkUpload(1, 'application/zip', limits));
    expect(error.code).toBe('CONFAB_UPLOAD_TYPE_REFUSED');
    expect(error.message).toContain('application/zip');
    expect(error.message).toContain('image/*');
  });
});

describe('relayUrl', () => {
  it('puts a path under the relay’s base path, and leaves absolute URLs alone', () => {
    expect(relayUrl('/v1/uploads/abc/a.png', 'https://relay.example/chat')).toBe('https://relay.example/chat/v1/uploads/abc/a.png');
    expect(relayUrl('/v1/uploads/abc/a.png', 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/v1/uploads/abc/a.png');
    expect(relayUrl('https://cdn.example/a.png', 'https://relay.example')).toBe('https://cdn.example/a.png');
    expect(relayUrl('v1/uploads/abc/a.png', 'https://relay.example/chat')).toBe('https://relay.example/chat/v1/uploads/abc/a.png');
  });

  it('makes every attachment of a message absolute and leaves a message without any as it is', () => {
    const message = { text: 'hi', attachments: [{ id: 'abcdefgh', name: 'a.png', type: 'image/png', size: 1, url: '/v1/uploads/abcdefgh/a.png' }] };
    expect(withAbsoluteUrls(message, 'https://relay.example').attachments[0]!.url).toBe('https://relay.example/v1/uploads/abcdefgh/a.png');
    expect(message.attachments[0]!.url).toBe('/v1/uploads/abcdefgh/a.png');
    const plain: { text: string; attachments?: typeof message.attachments } = { text: 'hi' };
    expect(withAbsoluteUrls(plain, 'https://relay.example')).toBe(plain);
  });
});

function captured(run: () => void): ConfabError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfabError);
    return error as ConfabError;
  }
  throw new Error('expected a ConfabError');
}
