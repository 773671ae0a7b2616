/** One inclusive byte range of a file: `start` to `end`, both counted from 0 and within the file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a `Range` header asks of a file: all of it (no header, or one the relay ignores), one
 * satisfiable part, or a single range that lies wholly past the end (answered 416).
 */
export type RangeSelection = { kind: 'whole' } | { kind: 'part'; range: ByteRange } | { kind: 'unsatisfiable' };

const WHOLE: RangeSelection = { kind: 'whole' };
const UNSATISFIABLE: RangeSelection = { kind: 'unsatisfiable' };

// int-range "a-" or "a-b", suffix-range "-n"; RFC 9110 allows no whitespace inside a range-spec.
const RANGE_SPEC = /^(?:(\d+)-(\d*)|-(\d+))$/;
// A list element may carry whitespace around it (RFC 9110 section 5.6.1), spaces and tabs only.
const LIST_WHITESPACE = /^[ \t]+|[ \t]+$/g;

/**
 * Reads a `Range` header against a file of `size` bytes, per RFC 9110 section 14: `bytes=a-b`,
 * `bytes=a-` and `bytes=-n`, an `end` past the file clamped to its last byte. Anything that is
 * not one range in bytes (another unit, several ranges, junk, `b` before `a`) selects the whole
 * file, which the RFC allows a server to send instead; a single range starting at or past the end,
 * or `-0`, is unsatisfiable.
 * @example
 * selectByteRange('bytes=0-1023', size)   // { kind: 'part', range: { start: 0, end: 1023 } }
 */
export function selectByteRange(header: string | undefined, size: number): RangeSelection {
  if (header === undefined) return WHOLE;
  const equals = header.indexOf('=');
  // Range unit names are case-insensitive (RFC 9110 section 14.1).
  if (equals === -1 || header.slice(0, equals).toLowerCase() !== 'bytes') return WHOLE;
  const specs = header
    .slice(equals + 1)
    .split(',')
    .map((element) => element.replace(LIST_WHITESPACE, ''))
    .filter((element) => element !== '');
  if (specs.length !== 1) return WHOLE;
  const match = RANGE_SPEC.exec(specs[0]!);
  if (match === null) return WHOLE;
  const [, first, last, suffix] = match;
  if (suffix !== undefined) {
    const length = Number(suffix);
    if (length === 0) return UNSATISFIABLE;
    // A suffix of an empty file is empty, which no Content-Range can name: send the (empty) whole.
    if (size === 0) return WHOLE;
    return { kind: 'part', range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  // Digits beyond 2^53 lose precision, but only ever against sizes far smaller: comparisons stay right.
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return WHOLE;
  if (start >= size) return UNSATISFIABLE;
  return { kind: 'part', range: { start, end: Math.min(end, size - 1) } };
}

/** The length of a range, in bytes. */
export function rangeLength(range: ByteRange): number {
  return range.end - range.start + 1;
}
