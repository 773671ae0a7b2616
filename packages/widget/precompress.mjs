// Writes a `.gz` and a `.br` file beside every script of the widget build (and every file of the
// agent console's), so the relay, or any server that serves precompressed files, sends a browser
// the smallest encoding it accepts without compressing on every request.
//
// The gzip files are made with Zopfli: ordinary gzip that every browser reads, about 3.5 % smaller
// than zlib's best level, for a second of build time. Brotli comes from Node's own zlib.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';

// More Zopfli iterations than 15 gained nothing measurable on the app chunk and cost time.
const ZOPFLI_ITERATIONS = 15;

/** The smallest gzip encoding of `bytes` we can make: Zopfli's, or zlib's best where that is smaller (tiny files). */
export async function smallestGzip(bytes) {
  const zopfli = Buffer.from(await gzipAsync(bytes, { numiterations: ZOPFLI_ITERATIONS }));
  const zlib = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  return zopfli.length <= zlib.length ? zopfli : zlib;
}

/** The Brotli encoding of `bytes`, text mode, best quality. */
export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
}

/** Every file under `dir` whose name ends with one of `extensions`. */
async function filesEndingWith(dir, extensions) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension)))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Writes `<file>.gz` and `<file>.br` beside every file under `dir` whose name ends with one of
 * `extensions` (default: scripts only); returns how many it compressed.
 */
export async function precompressFiles(dir, extensions = ['.js']) {
  const files = await filesEndingWith(dir, extensions);
  await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      await Promise.all([writeFile(`${file}.gz`, await smallestGzip(bytes)), writeFile(`${file}.br`, brotli(bytes))]);
    }),
  );
  return files.length;
}
