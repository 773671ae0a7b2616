import { describe, expect, it } from 'vitest';
import { ConfabError } from '@confab/protocol';
import { ConversationClosedError, NotFoundError, toHttpErrorReply } from './errors.js';

describe('toHttpErrorReply', () => {
  it('keeps the code and status of relay errors', () => {
    expect(toHttpErrorReply(new NotFoundError('Conversation "x" does not exist'), 'req-1')).toEqual({
      body: { statusCode: 404, code: 'CONFAB_NOT_FOUND', error: 'Not Found', message: 'Conversation "x" does not exist' },
      isServerFault: false,
    });
    expect(toHttpErrorReply(new ConversationClosedError('abc'), 'req-1').body).toMatchObject({ statusCode: 409, code: 'CONFAB_CONVERSATION_CLOSED' });
  });

  it('gives protocol errors the status their code implies', () => {
    expect(toHttpErrorReply(new ConfabError('CONFAB_TEXT_TOO_LONG', 'too long'), 'r').body).toMatchObject({ statusCode: 400, code: 'CONFAB_TEXT_TOO_LONG' });
    expect(toHttpErrorReply(new ConfabError('CONFAB_STORE_FAILED', 'disk full'), 'r')).toMatchObject({ body: { statusCode: 503 }, isServerFault: true });
  });

  it('turns Fastify 4xx errors into CONFAB_REQUEST_INVALID and hides everything else behind CONFAB_INTERNAL', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(toHttpErrorReply(tooLarge, 'r').body).toEqual({ statusCode: 413, code: 'CONFAB_REQUEST_INVALID', error: 'Payload Too Large', message: 'Request body is too large' });
    const crash = toHttpErrorReply(new TypeError('cannot read properties of undefined'), 'req-42');
    expect(crash).toMatchObject({ body: { statusCode: 500, code: 'CONFAB_INTERNAL' }, isServerFault: true });
    expect(crash.body.message).toContain('req-42');
    expect(crash.body.message).not.toContain('undefined');
  });
});
