import { ConfabError, isErrorCode, type Attachment } from '@confab/protocol';

/** Options of `ChatClient.upload()`. */
export interface UploadOptions {
  /** Aborts the upload (or the wait for the connection); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

// Relay answers: errors by code and attachment URLs. Posting a file is in post-upload.ts, loaded
// with the first upload.

/**
 * The error a relay reported, by its code; a code this build does not know (a newer relay) becomes
 * `CONFAB_INTERNAL`, with the code kept readable in the message.
 */
export function relayError(code: unknown, message: string): ConfabError {
  return isErrorCode(code) ? new ConfabError(code, message) : new ConfabError('CONFAB_INTERNAL', `${code}: ${message}`);
}

/**
 * An absolute URL for a `url` the relay gave relative to itself: a path such as
 * `/v1/uploads/<id>/<name>` is appended to the relay's base (origin and base path); anything
 * else is resolved against it.
 */
export function relayUrl(url: string, base: string): string {
  try {
    return new URL(/^\/(?!\/)/.test(url) ? base + url : url, base + '/').href;
  } catch {
    // Not a URL at all: left for the UI to refuse, as it does for any link it cannot open.
    return url;
  }
}

/** The message with its attachment URLs made absolute against the relay's base. */
export function withAbsoluteUrls<T extends { attachments?: Attachment[] }>(message: T, base: string): T {
  const { attachments } = message;
  return attachments ? { ...message, attachments: attachments.map((file) => ({ ...file, url: relayUrl(file.url, base) })) } : message;
}
