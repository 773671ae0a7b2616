/** The URL-safe alphabet nanoid uses; ids and tokens are drawn from it. */
const ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** Matches a message id: nanoid format, 8 to 64 URL-safe characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Matches a visitor session token: at least 21 URL-safe characters (126 bits from nanoid). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{21,64}$/;

/**
 * A random id in nanoid's format (21 URL-safe characters, 126 bits), from the platform CSPRNG.
 * Written here instead of importing nanoid so that `protocol` and `client` stay dependency-free;
 * the 64-character alphabet makes `byte & 63` unbiased.
 */
export function createId(size = 21): string {
  const bytes = crypto.getRandomValues(new Uint8Array(size));
  let id = '';
  for (let i = 0; i < size; i++) id += ALPHABET[bytes[i]! & 63];
  return id;
}
