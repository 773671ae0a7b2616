import { ConfabError, attachmentSchema, isErrorCode, isTypeAccepted, type Attachment, type HttpErrorBody, type Limits } from '@confab/protocol';
import type { FetchLike } from './options.js';
import { relayError, relayUrl } from './relay-answers.js';

// Loaded by ChatClient.upload() the first time it runs: a chat without files never downloads it.

/**
 * Refuses a file the relay announced it would refuse: `CONFAB_UPLOAD_TOO_LARGE` over
 * `maxUploadBytes`, `CONFAB_UPLOAD_TYPE_REFUSED` for a type outside `uploadTypes`. An empty type
 * passes: the browser's type is only a guess from the file name, and the relay sniffs the content.
 */
export function checkUpload(size: number, type: string, limits: Limits): void {
  const max = limits.maxUploadBytes;
  if (max !== undefined && size > max) {
    throw new ConfabError('CONFAB_UPLOAD_TOO_LARGE', `File is ${size} bytes; the limit is ${max} bytes`);
  }
  const types = limits.uploadTypes;
  if (types && type && !isTypeAccepted(type, types)) {
    throw new ConfabError('CONFAB_UPLOAD_TYPE_REFUSED', `Type ${type} refused; the relay takes ${types.join(', ')}`);
  }
}

/**
 * Posts one file to the relay's upload endpoint (`POST <base>/v1/uploads?name=…`, raw bytes,
 * the session token as bearer) and returns the stored attachment, its `url` made absolute.
 * Rejects with the relay's code (`CONFAB_UPLOAD_TOO_LARGE`, `CONFAB_UPLOAD_TYPE_REFUSED`,
 * `CONFAB_AUTH_REJECTED` …), `CONFAB_INTERNAL` for an answer without a known code,
 * `CONFAB_NOT_CONNECTED` when the relay cannot be reached, or the signal's reason when aborted.
 */
export async function postUpload(
  fetch: FetchLike,
  base: string,
  token: string,
  file: Blob | Uint8Array,
  name: string,
  type: string,
  signal: AbortSignal | undefined,
): Promise<Attachment> {
  let status = 0;
  let body: unknown;
  try {
    const response = await fetch(`${base}/v1/uploads?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type || 'application/octet-stream' },
      body: file,
      signal,
    });
    status = response.ok ? 0 : response.status;
    // An error without a JSON body (a proxy's HTML page) still gets its status reported below.
    body = await response.json().catch(() => undefined);
  } catch (error) {
    signal?.throwIfAborted();
    throw new ConfabError('CONFAB_NOT_CONNECTED', `Could not upload "${name}": ${(error as Error).message}`, { cause: error });
  }
  signal?.throwIfAborted();
  if (status) {
    const { code, message } = (body ?? {}) as Partial<HttpErrorBody>;
    // Without a known code (a proxy's error page, a newer relay) the status tells what happened.
    throw relayError(isErrorCode(code) ? code : `HTTP ${status}${code ? ` ${code}` : ''}`, message ?? `Upload of "${name}" failed`);
  }
  try {
    const attachment = attachmentSchema.parse(body, 'attachment');
    return { ...attachment, url: relayUrl(attachment.url, base) };
  } catch (error) {
    throw new ConfabError('CONFAB_INTERNAL', `Bad upload answer: ${(error as Error).message}`, { cause: error });
  }
}
