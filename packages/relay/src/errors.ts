import { STATUS_CODES } from 'node:http';
import createError from '@fastify/error';
import { ConfabError, isErrorCode, type ErrorCode, type HttpErrorBody } from '@confab/protocol';

// Every HTTP error the relay answers carries one of the stable codes from `@confab/protocol`; the
// message is passed in whole ("%s") because each names the bad value and what would be accepted.

/** 400: an agent API request had an invalid body, query or parameter; the message names the field. */
export const RequestInvalidError = createError<'CONFAB_REQUEST_INVALID', 400, [string]>('CONFAB_REQUEST_INVALID', '%s', 400);
/** 426: a plain HTTP request reached a WebSocket endpoint. */
export const UpgradeRequiredError = createError<'CONFAB_REQUEST_INVALID', 426, [string]>('CONFAB_REQUEST_INVALID', '%s', 426);
/** 401: the agent token was missing or wrong. */
export const AuthRejectedError = createError<'CONFAB_AUTH_REJECTED', 401, [string]>('CONFAB_AUTH_REJECTED', '%s', 401);
/** 403: a browser opened the visitor socket from an origin that is not allowed. */
export const OriginRejectedError = createError<'CONFAB_ORIGIN_REJECTED', 403, [string]>('CONFAB_ORIGIN_REJECTED', '%s', 403);
/** 404: no such conversation, quick reply, file or route. */
export const NotFoundError = createError<'CONFAB_NOT_FOUND', 404, [string]>('CONFAB_NOT_FOUND', '%s', 404);
/** 409: an agent tried to reply to or type in a closed conversation. */
export const ConversationClosedError = createError<'CONFAB_CONVERSATION_CLOSED', 409, [string]>(
  'CONFAB_CONVERSATION_CLOSED',
  'Conversation "%s" is closed; agents cannot write in it until the shopper writes again',
  409,
);
/** 503: the relay is draining for shutdown. */
export const ShuttingDownError = createError<'CONFAB_SHUTTING_DOWN', 503, []>(
  'CONFAB_SHUTTING_DOWN',
  'The relay is shutting down and takes no new work; retry in a moment',
  503,
);

/** The HTTP status each code is answered with when a `ConfabError` reaches an HTTP reply. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  CONFAB_REQUEST_INVALID: 400,
  CONFAB_JSON_INVALID: 400,
  CONFAB_FRAME_INVALID: 400,
  CONFAB_TEXT_INVALID: 400,
  CONFAB_TEXT_TOO_LONG: 400,
  CONFAB_AUTH_REJECTED: 401,
  CONFAB_SIGNATURE_INVALID: 401,
  CONFAB_ORIGIN_REJECTED: 403,
  CONFAB_NOT_FOUND: 404,
  CONFAB_CONVERSATION_CLOSED: 409,
  CONFAB_RATE_LIMITED: 429,
  // The store failing (disk full, locked) is usually transient: 503 tells clients to retry.
  CONFAB_STORE_FAILED: 503,
  CONFAB_SHUTTING_DOWN: 503,
};

/** Builds the body every HTTP error response carries: `{ statusCode, code, error, message }`. */
export function httpErrorBody(statusCode: number, code: ErrorCode, message: string): HttpErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** An error reduced to what the client is told, plus whether it is the relay's fault (to log it). */
export interface HttpErrorReply {
  body: HttpErrorBody;
  isServerFault: boolean;
}

/**
 * Maps anything thrown while handling a request to a reply: `@fastify/error` errors and
 * `ConfabError`s keep their code; Fastify's own 4xx errors (bad JSON, wrong content type, body too
 * large) become `CONFAB_REQUEST_INVALID`; everything else is `CONFAB_INTERNAL` with no details,
 * which stay in the log.
 */
export function toHttpErrorReply(error: unknown, requestId: string): HttpErrorReply {
  const candidate = error as { code?: unknown; statusCode?: unknown; message?: unknown } | null | undefined;
  const message = typeof candidate?.message === 'string' ? candidate.message : String(error);
  const statusCode = typeof candidate?.statusCode === 'number' ? candidate.statusCode : undefined;
  if (isErrorCode(candidate?.code)) {
    const code = candidate.code;
    const status = statusCode ?? (error instanceof ConfabError ? STATUS_BY_CODE[code] : undefined) ?? 500;
    if (status < 500 || code === 'CONFAB_STORE_FAILED' || code === 'CONFAB_SHUTTING_DOWN') {
      return { body: httpErrorBody(status, code, message), isServerFault: status >= 500 };
    }
  } else if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return { body: httpErrorBody(statusCode, 'CONFAB_REQUEST_INVALID', message), isServerFault: false };
  }
  return {
    body: httpErrorBody(500, 'CONFAB_INTERNAL', `Internal error in the relay; it is logged with request id ${requestId}`),
    isServerFault: true,
  };
}
