import { ConfabError, ID_PATTERN, createId, isTypeAccepted, type Attachment } from '@confab/protocol';
import type { ByteRange } from './byte-range.js';
import { imageSize } from './image-size.js';
import { sniffType } from './sniff-type.js';
import { DEFAULT_UNSENT_RETENTION_MINUTES, UnsentUploadSweeper, type SentUploads, type SweepLog } from './unsent-upload-sweeper.js';
import type { StoredUpload, StoredUploadMeta, UploadStorage } from './upload-storage.js';

/** Largest upload the relay takes unless configured otherwise: 10 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Media types the relay takes unless configured otherwise: common images, PDF and plain text. */
export const DEFAULT_UPLOAD_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'];

/** Where uploads are served, relative to the relay's URL. */
export const UPLOADS_PATH = '/v1/uploads';

/** The longest file name kept, in UTF-16 code units (the `Attachment` schema's limit). */
const MAX_NAME_LENGTH = 255;
const FALLBACK_NAME = 'file';

/** Options of {@link UploadService}. */
export interface UploadServiceOptions {
  storage: UploadStorage;
  /** Largest upload, in bytes. */
  maxBytes: number;
  /** Accepted media types; `image/*` style wildcards allowed. */
  types: readonly string[];
  /** Minutes a file no stored message carries is kept (see {@link UploadService.unsentSweeper}). @default 1440 */
  unsentRetentionMinutes?: number;
  /** @default Date.now */
  now?: () => number;
}

/** What {@link UploadService.save} stores. */
export interface UploadInput {
  conversationId: string;
  /** The file name the sender chose; sanitised before it is kept. */
  name: string;
  bytes: Uint8Array;
}

// C0 and C1 controls, and the bidirectional overrides and isolates that make "gpj.exe" read as "exe.jpg".
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A file name safe to show and to put in a `Content-Disposition` header: the last path component
 * only (either slash), without control characters or bidi overrides, trimmed, at most 255
 * characters (keeping the extension when it has to shorten); `file` when nothing is left.
 */
export function sanitizeFileName(name: string): string {
  const lastPart = name.split(/[/\\]/u).at(-1) ?? '';
  let clean = lastPart.replace(UNSAFE_NAME_CHARACTERS, '').normalize('NFC').trim();
  if (clean === '.' || clean === '..') clean = '';
  if (clean.length > MAX_NAME_LENGTH) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_NAME_LENGTH - extension.length);
    // Do not cut a surrogate pair in half.
    if (/[\ud800-\udbff]$/u.test(clean)) clean = clean.slice(0, -1);
    clean += extension;
  }
  return clean === '' ? FALLBACK_NAME : clean;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

/** The relay path of an upload: the name part is for people and downloads, only the id is looked up. */
export function uploadUrl(id: string, name: string): string {
  return `${UPLOADS_PATH}/${id}/${encodeURIComponent(name)}`;
}

function toAttachment(id: string, meta: StoredUploadMeta): Attachment {
  return {
    id,
    name: meta.name,
    type: meta.type,
    size: meta.size,
    url: uploadUrl(id, meta.name),
    ...(meta.width !== undefined && meta.height !== undefined ? { width: meta.width, height: meta.height } : {}),
  };
}

/**
 * Takes attachment uploads: sniffs the type from the content, checks it and the size against the
 * relay's limits, stores the bytes, and later turns the ids a message names into attachments of
 * that message's conversation.
 * @example
 * const uploads = new UploadService({ storage: new LocalDiskStorage(dir), maxBytes: DEFAULT_MAX_UPLOAD_BYTES, types: DEFAULT_UPLOAD_TYPES });
 * const attachment = await uploads.save({ conversationId, name: 'photo.jpg', bytes });
 */
export class UploadService {
  readonly maxBytes: number;
  readonly types: readonly string[];
  readonly #storage: UploadStorage;
  /** Minutes a file no stored message carries is kept. */
  readonly unsentRetentionMinutes: number;
  readonly #now: () => number;

  constructor(options: UploadServiceOptions) {
    this.#storage = options.storage;
    this.maxBytes = options.maxBytes;
    this.types = options.types;
    this.unsentRetentionMinutes = options.unsentRetentionMinutes ?? DEFAULT_UNSENT_RETENTION_MINUTES;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The sweeper that removes this service's uploads that no stored message carries (`sent` says
   * which it does) once they are `unsentRetentionMinutes` old, on the service's clock.
   */
  unsentSweeper(sent: SentUploads, log: SweepLog): UnsentUploadSweeper {
    return new UnsentUploadSweeper({ storage: this.#storage, sent, retentionMs: this.unsentRetentionMinutes * 60_000, log, now: this.#now });
  }

  /**
   * Stores an upload and returns its attachment. Throws `CONFAB_REQUEST_INVALID` for an empty file,
   * `CONFAB_UPLOAD_TOO_LARGE`, `CONFAB_UPLOAD_TYPE_REFUSED` (naming the sniffed type), or
   * `CONFAB_STORE_FAILED`; nothing is stored then.
   */
  async save(input: UploadInput): Promise<Attachment> {
    const { bytes } = input;
    if (bytes.length === 0) throw new ConfabError('CONFAB_REQUEST_INVALID', 'The upload is empty; send the file content as the request body');
    if (bytes.length > this.maxBytes) {
      throw new ConfabError('CONFAB_UPLOAD_TOO_LARGE', `The upload is ${formatBytes(bytes.length)}; this relay takes files up to ${formatBytes(this.maxBytes)} (${this.maxBytes} bytes)`);
    }
    const type = sniffType(bytes);
    if (!isTypeAccepted(type, this.types)) {
      throw new ConfabError('CONFAB_UPLOAD_TYPE_REFUSED', `The file's content is ${type}, which this relay does not take; it takes ${this.types.join(', ')}`);
    }
    const id = createId();
    const size = imageSize(bytes, type);
    const meta: StoredUploadMeta = {
      conversationId: input.conversationId,
      name: sanitizeFileName(input.name),
      type,
      size: bytes.length,
      createdAt: this.#now(),
      ...(size === undefined ? {} : { width: size.width, height: size.height }),
    };
    await this.#storage.put(id, bytes, meta);
    return toAttachment(id, meta);
  }

  /**
   * The attachments a message in `conversationId` names, in the order given. Throws
   * `CONFAB_REQUEST_INVALID` naming the first id that does not exist or was uploaded in another
   * conversation (the two are not told apart, so ids of other conversations cannot be probed).
   */
  async attachmentsFor(conversationId: string, ids: readonly string[]): Promise<Attachment[]> {
    // Metadata only: the bytes are not needed to check whose upload an id is.
    const uploads = await Promise.all(ids.map(async (id) => ({ id, meta: await this.readMeta(id) })));
    return uploads.map(({ id, meta }) => {
      if (meta === undefined || meta.conversationId !== conversationId) {
        throw new ConfabError('CONFAB_REQUEST_INVALID', `Attachment ${JSON.stringify(id.slice(0, 64))} is not an upload of this conversation; upload the file first and send the id it returned`);
      }
      return toAttachment(id, meta);
    });
  }

  /** The metadata of the upload with this id, without its bytes; undefined when there is none. */
  async readMeta(id: string): Promise<StoredUploadMeta | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    return this.#storage.readMeta(id);
  }

  /**
   * The stored upload with this id, for serving: its bytes as a stream, all of them or `range`
   * (checked against the size first); undefined when there is none. The caller must consume or
   * destroy the stream.
   */
  async open(id: string, range?: ByteRange): Promise<StoredUpload | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    return this.#storage.get(id, range);
  }
}
