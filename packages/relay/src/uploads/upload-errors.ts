import createError from '@fastify/error';

// The relay's errors.ts maps ConfabError codes to statuses but has none for uploads yet; these
// carry the status themselves, so toHttpErrorReply() answers them like every other relay error.

/** 413: the upload is larger than `maxUploadBytes`. */
export const UploadTooLargeError = createError<'CONFAB_UPLOAD_TOO_LARGE', 413, [string]>('CONFAB_UPLOAD_TOO_LARGE', '%s', 413);
/** 415: the upload's sniffed type is not one the relay takes. */
export const UploadTypeRefusedError = createError<'CONFAB_UPLOAD_TYPE_REFUSED', 415, [string]>('CONFAB_UPLOAD_TYPE_REFUSED', '%s', 415);
/**
 * 416: a download's `Range` starts past the end of the file. No code of its own: the status says
 * it, and `CONFAB_REQUEST_INVALID` is what a client branches on for any request it got wrong.
 */
export const RangeNotSatisfiableError = createError<'CONFAB_REQUEST_INVALID', 416, [string]>('CONFAB_REQUEST_INVALID', '%s', 416);
