/**
 * Every error code Confab reports, on the wire, over HTTP and from the SDK.
 *
 * Codes are permanent: never rename or reuse one. Each has a `### CODE` section in docs/errors.md,
 * and `errors.test.ts` keeps the two in step.
 */
export const ERROR_CODES = [
  'CONFAB_JSON_INVALID',
  'CONFAB_FRAME_INVALID',
  'CONFAB_TYPE_UNKNOWN',
  'CONFAB_FRAME_TOO_LARGE',
  'CONFAB_TEXT_TOO_LONG',
  'CONFAB_TEXT_INVALID',
  'CONFAB_VERSION_UNSUPPORTED',
  'CONFAB_HANDSHAKE_REQUIRED',
  'CONFAB_HANDSHAKE_TIMEOUT',
  'CONFAB_AUTH_REJECTED',
  'CONFAB_ORIGIN_REJECTED',
  'CONFAB_RATE_LIMITED',
  'CONFAB_CONFIG_INVALID',
  'CONFAB_NOT_CONNECTED',
  'CONFAB_CLIENT_CLOSED',
  'CONFAB_TIMEOUT',
  'CONFAB_NOT_FOUND',
  'CONFAB_REQUEST_INVALID',
  'CONFAB_CONVERSATION_CLOSED',
  'CONFAB_STORE_FAILED',
  'CONFAB_SHUTTING_DOWN',
  'CONFAB_INTERNAL',
  'CONFAB_SIGNATURE_INVALID',
  'CONFAB_IDENTITY_INVALID',
  'CONFAB_IDENTITY_EXPIRED',
  'CONFAB_UPLOAD_TOO_LARGE',
  'CONFAB_UPLOAD_TYPE_REFUSED',
] as const;

/** One of {@link ERROR_CODES}; callers branch on the code, never on the message. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether a string is a known error code (a newer relay may send codes this build does not know). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

/** An error with a stable `code`; the message names the bad value and what would have been accepted. */
export class ConfabError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfabError';
    this.code = code;
  }
}

/** Where each code is explained; appended to dev-time warnings. */
export function errorDocsUrl(code: ErrorCode): string {
  return `https://github.com/confab-chat/confab/blob/main/docs/errors.md#${code.toLowerCase()}`;
}
