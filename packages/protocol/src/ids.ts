/** Matches a message id: nanoid format, 8 to 64 URL-safe characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Matches a visitor session token: at least 21 URL-safe characters (126 bits from nanoid). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{21,64}$/;

/**
 * A random id in nanoid's format (21 URL-safe characters, 126 bits), from the platform CSPRNG.
 * Written here instead of importing nanoid so that `protocol` and `client` stay dependency-free;
 * `byte & 63` picks one of the 64 URL-safe characters without bias. The characters are computed,
 * as nanoid's browser build does, since a 64-character alphabet string does not compress.
 */
export function createId(size = 21): string {
  let id = '';
  for (let byte of crypto.getRandomValues(new Uint8Array(size))) {
    byte &= 63;
    // 0-9 a-z, then A-Z, then - and _.
    id += byte < 36 ? byte.toString(36) : byte < 62 ? (byte - 26).toString(36).toUpperCase() : byte > 62 ? '-' : '_';
  }
  return id;
}
