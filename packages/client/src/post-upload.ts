import {
  ConfabError,
  attachmentSchema,
  isErrorCode,
  isTypeAccepted,
  string,
  type Attachment,
  type HttpErrorBody,
  type Limits,
} from '@confab/protocol';
import type { ChatClient } from './chat-client.js';
import type { FetchLike, ResolvedOptions } from './options.js';
import { relayError, relayUrl } from './relay-answers.js';

// Loaded by ChatClient.upload() the first time it runs: a chat without files never downloads it.

const FILE_NAME = string({ min: 1, max: 255 });

const isBlob = (file: unknown): file is Blob => typeof Blob === 'function' && file instanceof Blob;

/**
 * The name to post `file` under: `name`, else the File's own name, else "file". Throws (a
 * TypeError or SchemaViolation, which `upload()` reports as `CONFAB_REQUEST_INVALID`) for what is
 * not a Blob or Uint8Array, and for a name that is empty or over 255 characters.
 */
export function uploadName(file: unknown, name: string | undefined): string {
  const fileName = name ?? ((file as File | undefined)?.name || 'file');
  if (!isBlob(file) && !(file instanceof Uint8Array)) throw new TypeError(`file must be a Blob or Uint8Array, not ${typeof file}`);
  return FILE_NAME.parse(fileName, 'name');
}

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

/** The `upload()` calls waiting for an open connection: the client calls each with nothing once open, or with an error. */
export type OpenWaiters = Set<(error?: ConfabError) => void>;

/** Resolves once `client` is open (connecting it if idle), within `requestTimeoutMs`; rejects with the signal's reason when aborted. */
export function whenOpen(
  client: Pick<ChatClient, 'state' | 'connect'>,
  { requestTimeoutMs: ms, timers }: Pick<ResolvedOptions, 'requestTimeoutMs' | 'timers'>,
  waiters: OpenWaiters,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (client.state === 'open') return Promise.resolve();
  client.connect();
  return new Promise<void>((resolve, reject) => {
    const done = (error?: unknown): void => {
      timers.clearTimeout(timer);
      waiters.delete(done);
      signal?.removeEventListener('abort', abort);
      if (error) reject(error);
      else resolve();
    };
    const abort = (): void => done(signal!.reason);
    const timer = timers.setTimeout(() => done(new ConfabError('CONFAB_TIMEOUT', `Not connected within ${ms} ms`)), ms);
    signal?.addEventListener('abort', abort);
    waiters.add(done);
  });
}

/**
 * Posts one file to the relay's upload endpoint (`POST <base>/v1/uploads?name=…`, raw bytes,
 * the session token as bearer) and returns the stored attachment, its `url` made absolute.
 * First refuses what the relay's `limits` refuse ({@link checkUpload}), and `CONFAB_CONFIG_INVALID`
 * without a `fetch`. Rejects with the relay's code (`CONFAB_UPLOAD_TOO_LARGE`, `CONFAB_UPLOAD_TYPE_REFUSED`,
 * `CONFAB_AUTH_REJECTED` …), `CONFAB_INTERNAL` for an answer without a known code,
 * `CONFAB_NOT_CONNECTED` when the relay cannot be reached, or the signal's reason when aborted.
 */
export async function postUpload(
  options: Pick<ResolvedOptions, 'fetch' | 'httpUrl'>,
  token: string,
  file: Blob | Uint8Array,
  name: string,
  limits: Limits,
  signal: AbortSignal | undefined,
): Promise<Attachment> {
  const type = isBlob(file) ? file.type : '';
  checkUpload(isBlob(file) ? file.size : file.byteLength, type, limits);
  // Its BodyInit type takes only Uint8Array<ArrayBuffer>, which is what a Uint8Array normally is.
  const fetch = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
  if (typeof fetch !== 'function') throw new ConfabError('CONFAB_CONFIG_INVALID', 'upload() needs fetch: pass the "fetch" option');
  const base = options.httpUrl;
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
