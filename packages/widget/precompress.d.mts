/** The smallest gzip encoding of `bytes`: Zopfli's (about 3.5 % below zlib's best), or zlib's best for tiny files. */
export function smallestGzip(bytes: Uint8Array): Promise<Buffer>;

/** The Brotli encoding of `bytes`, text mode, best quality. */
export function brotli(bytes: Uint8Array): Buffer;

/**
 * Writes `<file>.gz` and `<file>.br` beside every file under `dir` whose name ends with one of
 * `extensions` (default `['.js']`); returns how many it compressed.
 */
export function precompressFiles(dir: string, extensions?: readonly string[]): Promise<number>;
