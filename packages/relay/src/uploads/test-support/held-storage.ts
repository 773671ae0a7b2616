import { Transform, pipeline, type Readable } from 'node:stream';
import type { ByteRange } from '../byte-range.js';
import type { UploadStorage } from '../upload-storage.js';

/** A storage that hands out the bytes of another one but holds each download part way. */
export interface HeldStorage extends UploadStorage {
  /** Every `get` call, in order. */
  readonly gets: { id: string; range: ByteRange | undefined }[];
  /** The streams the wrapped storage returned, in order: a test can wait for them to close. */
  readonly sources: Readable[];
  /** Bytes taken from the wrapped storage's streams so far, all downloads together. */
  readonly bytesRead: () => number;
  /** Lets every held download go on to its end. */
  release(): void;
}

/**
 * Wraps a storage so that each download passes its first `holdAfter` bytes and then waits for
 * `release()`: a test can see what reached the client while the storage has not been read to the
 * end, which a relay that buffers the whole file before sending could never show.
 */
export function heldStorage(inner: UploadStorage, holdAfter: number): HeldStorage {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const gets: HeldStorage['gets'] = [];
  const sources: Readable[] = [];
  let bytesRead = 0;
  return {
    gets,
    sources,
    bytesRead: () => bytesRead,
    release: () => release(),
    put: (id, bytes, meta) => inner.put(id, bytes, meta),
    readMeta: (id) => inner.readMeta(id),
    remove: (id) => inner.remove(id),
    list: () => inner.list(),
    async get(id, range) {
      gets.push({ id, range });
      const upload = await inner.get(id, range);
      if (upload === undefined) return undefined;
      sources.push(upload.body);
      let passed = 0;
      const hold = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          bytesRead += chunk.length;
          passed += chunk.length;
          if (passed <= holdAfter) callback(null, chunk);
          else void released.then(() => callback(null, chunk));
        },
      });
      // pipeline: destroying what the relay was handed (a client gone) destroys the wrapped stream too.
      return { meta: upload.meta, body: pipeline(upload.body, hold, () => undefined) };
    },
  };
}
