import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, opendir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfabError, ID_PATTERN } from '@confab/protocol';
import type { ByteRange } from './byte-range.js';
import { parseStoredMeta, type StoredUpload, type StoredUploadEntry, type StoredUploadMeta, type UploadStorage } from './upload-storage.js';

// Ids are [A-Za-z0-9_-] only, so a name starting with a dot can never be an upload.
const TEMP_PREFIX = '.tmp-';
const META_SUFFIX = '.json';

function storeFailed(action: string, id: string, error: unknown): ConfabError {
  return new ConfabError('CONFAB_STORE_FAILED', `Could not ${action} upload "${id}" on disk: ${(error as Error).message}`, { cause: error });
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Writes a file under a temporary name, flushes it to disk, then renames it into place. */
async function writeAtomically(dir: string, finalName: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}-${finalName}`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, join(dir, finalName));
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Keeps uploads in a directory: `<id>` holds the bytes and `<id>.json` the metadata. Each is
 * written to a temporary file and renamed into place, and the metadata goes last, so an upload is
 * visible only once both are complete; temporary files a crash left behind are removed at start
 * and by {@link LocalDiskStorage.removeAbandonedWrites}.
 */
export class LocalDiskStorage implements UploadStorage {
  readonly dir: string;

  /** Creates the directory if needed; throws `CONFAB_STORE_FAILED` when it cannot be used. */
  constructor(dir: string) {
    this.dir = dir;
    try {
      mkdirSync(dir, { recursive: true });
      for (const name of readdirSync(dir)) if (name.startsWith(TEMP_PREFIX)) rmSync(join(dir, name), { force: true });
    } catch (error) {
      throw new ConfabError('CONFAB_STORE_FAILED', `The upload directory ${dir} cannot be used: ${(error as Error).message}`, { cause: error });
    }
  }

  async put(id: string, bytes: Uint8Array, meta: StoredUploadMeta): Promise<void> {
    this.checkId(id);
    const metaText = JSON.stringify(meta);
    try {
      await writeAtomically(this.dir, id, bytes);
      await writeAtomically(this.dir, `${id}.json`, metaText);
    } catch (error) {
      await rm(join(this.dir, id), { force: true, recursive: false }).catch(() => undefined);
      throw storeFailed('store', id, error);
    }
  }

  /**
   * Opens the bytes before answering, so that a missing file is undefined and a file that cannot be
   * read is `CONFAB_STORE_FAILED` before any byte is sent; the handle closes when the stream ends or
   * is destroyed.
   */
  async get(id: string, range?: ByteRange): Promise<StoredUpload | undefined> {
    const meta = await this.readMeta(id);
    if (meta === undefined) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(join(this.dir, id), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storeFailed('read', id, error);
    }
    try {
      const stats = await handle.stat();
      // Opening a directory succeeds on Linux and fails only at the first read: too late to answer 503.
      if (!stats.isFile()) throw new Error('it is not a regular file');
      // Bytes land whole before their metadata, so this should never differ; if it did, the client
      // would wait for bytes a Content-Length from the metadata promised.
      if (stats.size !== meta.size) throw new Error(`its bytes are ${stats.size} long but its metadata says ${meta.size}`);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw storeFailed('read', id, error);
    }
    return { meta, body: handle.createReadStream(range === undefined ? {} : { start: range.start, end: range.end }) };
  }

  async readMeta(id: string): Promise<StoredUploadMeta | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    let meta: StoredUploadMeta | undefined;
    try {
      meta = parseStoredMeta(JSON.parse(await readFile(join(this.dir, `${id}${META_SUFFIX}`), 'utf8')));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storeFailed('read', id, error);
    }
    if (meta === undefined) throw storeFailed('read', id, new Error('its metadata is not in the expected form'));
    return meta;
  }

  /** Every `<id>.json`, the file that makes an upload visible; `storedAt` is its mtime. */
  async *list(): AsyncIterable<StoredUploadEntry> {
    for await (const name of this.#fileNames()) {
      if (!name.endsWith(META_SUFFIX)) continue;
      const id = name.slice(0, -META_SUFFIX.length);
      if (!ID_PATTERN.test(id)) continue;
      const storedAt = await this.#modifiedAt(name);
      if (storedAt !== undefined) yield { id, storedAt };
    }
  }

  /** Temporary files, and bytes whose `<id>.json` was never written (a crash between the two renames), older than `before`. */
  async removeAbandonedWrites(before: number): Promise<number> {
    let removed = 0;
    const failures: unknown[] = [];
    for await (const name of this.#fileNames()) {
      const isTemp = name.startsWith(TEMP_PREFIX);
      if (!isTemp && !ID_PATTERN.test(name)) continue;
      try {
        if (!isTemp && (await this.#modifiedAt(`${name}${META_SUFFIX}`)) !== undefined) continue;
        const modifiedAt = await this.#modifiedAt(name);
        if (modifiedAt === undefined || modifiedAt >= before) continue;
        await rm(join(this.dir, name), { force: true });
        removed++;
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new ConfabError('CONFAB_STORE_FAILED', `Could not remove ${failures.length} abandoned upload file(s) in ${this.dir}: ${(failures[0] as Error).message}`, { cause: failures[0] });
    }
    return removed;
  }

  async remove(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    try {
      // Metadata first: once it is gone the upload is gone, even if removing the bytes fails.
      await rm(join(this.dir, `${id}.json`), { force: true });
      await rm(join(this.dir, id), { force: true });
    } catch (error) {
      throw storeFailed('remove', id, error);
    }
  }

  /** The names of the regular files in the directory, read a few at a time. */
  async *#fileNames(): AsyncIterable<string> {
    let dir;
    try {
      dir = await opendir(this.dir);
    } catch (error) {
      throw new ConfabError('CONFAB_STORE_FAILED', `Could not list the upload directory ${this.dir}: ${(error as Error).message}`, { cause: error });
    }
    for await (const entry of dir) if (entry.isFile()) yield entry.name;
  }

  /** A file's mtime, or undefined once it is gone (removed while the directory was read). */
  async #modifiedAt(name: string): Promise<number | undefined> {
    try {
      return (await stat(join(this.dir, name))).mtimeMs;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storeFailed('list', name, error);
    }
  }

  private checkId(id: string): void {
    // The id becomes a file name: anything but a nanoid could leave the directory.
    if (!ID_PATTERN.test(id)) throw new ConfabError('CONFAB_REQUEST_INVALID', `Upload id ${JSON.stringify(id)} is not an id of 8 to 64 URL-safe characters`);
  }
}
