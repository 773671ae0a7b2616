import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConfabError, ID_PATTERN } from '@confab/protocol';
import { parseStoredMeta, type StoredUpload, type StoredUploadMeta, type UploadStorage } from './upload-storage.js';

// Ids are [A-Za-z0-9_-] only, so a name starting with a dot can never be an upload.
const TEMP_PREFIX = '.tmp-';

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
 * visible only once both are complete; temporary files a crash left behind are removed at start.
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

  async get(id: string): Promise<StoredUpload | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    let meta: StoredUploadMeta | undefined;
    try {
      meta = parseStoredMeta(JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storeFailed('read', id, error);
    }
    if (meta === undefined) throw storeFailed('read', id, new Error('its metadata is not in the expected form'));
    try {
      return { meta, body: await readFile(join(this.dir, id)) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storeFailed('read', id, error);
    }
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

  private checkId(id: string): void {
    // The id becomes a file name: anything but a nanoid could leave the directory.
    if (!ID_PATTERN.test(id)) throw new ConfabError('CONFAB_REQUEST_INVALID', `Upload id ${JSON.stringify(id)} is not an id of 8 to 64 URL-safe characters`);
  }
}
