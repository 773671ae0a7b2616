import type { Readable } from 'node:stream';
import type { ByteRange } from './byte-range.js';

/** What is stored beside an upload's bytes. */
export interface StoredUploadMeta {
  /** The conversation the file was uploaded in; only messages of that conversation may use it. */
  conversationId: string;
  /** The sanitised file name. */
  name: string;
  /** The sniffed media type. */
  type: string;
  /** Size in bytes. */
  size: number;
  /** Milliseconds since the Unix epoch, relay clock. */
  createdAt: number;
  width?: number;
  height?: number;
}

/** An upload read back from storage. */
export interface StoredUpload {
  meta: StoredUploadMeta;
  /**
   * The bytes asked for (the whole file, or the range), read as the stream is consumed. Whoever
   * takes it must read it to the end or destroy it: it holds a file handle or a connection.
   */
  body: Readable;
}

/** An upload as a listing of the storage shows it. */
export interface StoredUploadEntry {
  id: string;
  /** When the storage took it, by the storage's clock (a file's mtime, an object's `LastModified`), in ms since the epoch. */
  storedAt: number;
}

/**
 * Where upload bytes and their metadata live: the local disk or an S3-compatible bucket. An upload
 * is either wholly stored or absent: `get` never returns a half-written one.
 */
export interface UploadStorage {
  /** Stores the bytes and metadata under `id`; rejects with `CONFAB_STORE_FAILED` and leaves nothing behind. */
  put(id: string, bytes: Uint8Array, meta: StoredUploadMeta): Promise<void>;
  /**
   * The upload stored under `id` with its bytes as a stream, all of them or only `range` (already
   * checked against the size); undefined when there is none. `CONFAB_STORE_FAILED` when storage
   * cannot answer: it is known before the first byte, a failure later ends the stream with an error.
   */
  get(id: string, range?: ByteRange): Promise<StoredUpload | undefined>;
  /** The metadata stored under `id` without reading the bytes, or undefined when no upload is stored there. */
  readMeta(id: string): Promise<StoredUploadMeta | undefined>;
  /** Deletes the upload; removing one that does not exist is not an error. */
  remove(id: string): Promise<void>;
  /**
   * Every upload stored, in no particular order, fetched a page at a time while it is read; uploads
   * stored or removed meanwhile may or may not appear. Rejects with `CONFAB_STORE_FAILED`.
   */
  list(): AsyncIterable<StoredUploadEntry>;
  /**
   * Deletes what writes that never finished left behind (temporary files, bytes whose metadata
   * never landed) if older than `before`; returns how many. Absent where a write is one step.
   */
  removeAbandonedWrites?(before: number): Promise<number>;
}

/** Reads metadata written by a storage backend, or undefined when it does not have the expected shape. */
export function parseStoredMeta(value: unknown): StoredUploadMeta | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { conversationId, name, type, size, createdAt, width, height } = record;
  if (typeof conversationId !== 'string' || typeof name !== 'string' || typeof type !== 'string') return undefined;
  if (!Number.isSafeInteger(size) || !Number.isSafeInteger(createdAt)) return undefined;
  const meta: StoredUploadMeta = { conversationId, name, type, size: size as number, createdAt: createdAt as number };
  if (Number.isSafeInteger(width) && Number.isSafeInteger(height)) {
    meta.width = width as number;
    meta.height = height as number;
  }
  return meta;
}
