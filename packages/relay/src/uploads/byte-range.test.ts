import { describe, expect, it } from 'vitest';
import { rangeLength, selectByteRange } from './byte-range.js';

const part = (start: number, end: number) => ({ kind: 'part', range: { start, end } });
const WHOLE = { kind: 'whole' };
const UNSATISFIABLE = { kind: 'unsatisfiable' };

describe('selectByteRange', () => {
  it('selects the whole file without a header', () => {
    expect(selectByteRange(undefined, 100)).toEqual(WHOLE);
  });

  it('reads a first-last range, a range to the end and a suffix', () => {
    expect(selectByteRange('bytes=0-9', 100)).toEqual(part(0, 9));
    expect(selectByteRange('bytes=10-10', 100)).toEqual(part(10, 10));
    expect(selectByteRange('bytes=90-', 100)).toEqual(part(90, 99));
    expect(selectByteRange('bytes=0-', 100)).toEqual(part(0, 99));
    expect(selectByteRange('bytes=-10', 100)).toEqual(part(90, 99));
  });

  it('clamps an end past the file, and a suffix longer than the file, to the file', () => {
    expect(selectByteRange('bytes=50-1000', 100)).toEqual(part(50, 99));
    expect(selectByteRange('bytes=0-99', 100)).toEqual(part(0, 99));
    expect(selectByteRange('bytes=-1000', 100)).toEqual(part(0, 99));
  });

  it('takes the unit in any case, leading zeros and whitespace around the range', () => {
    expect(selectByteRange('Bytes=0-1', 100)).toEqual(part(0, 1));
    expect(selectByteRange('BYTES=-1', 100)).toEqual(part(99, 99));
    expect(selectByteRange('bytes=007-0010', 100)).toEqual(part(7, 10));
    expect(selectByteRange('bytes= 5-6 ', 100)).toEqual(part(5, 6));
    expect(selectByteRange('bytes=\t5-6', 100)).toEqual(part(5, 6));
    // Empty list elements are allowed and ignored (RFC 9110 section 5.6.1).
    expect(selectByteRange('bytes=, 5-6,', 100)).toEqual(part(5, 6));
  });

  it('answers unsatisfiable for one range starting at or past the end, and for -0', () => {
    expect(selectByteRange('bytes=100-', 100)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=100-200', 100)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=1000-1000', 100)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=-0', 100)).toEqual(UNSATISFIABLE);
  });

  it('selects the whole file for anything that is not one range in bytes', () => {
    for (const header of [
      '',
      'bytes',
      'bytes=',
      'bytes=,',
      'bytes=-',
      'bytes=5',
      'bytes=a-b',
      'bytes=--5',
      'bytes=1-2-3',
      'bytes=+1-2',
      'bytes=1.5-2',
      'bytes=0x10-20',
      'bytes=5 - 6',
      'bytes=٣-٤',
      'bytes =0-1',
      'items=0-1',
      'bytes:0-1',
      '0-1',
      // last before first is invalid, so the header is ignored (RFC 9110 section 14.1.1)
      'bytes=9-5',
      // several ranges: the RFC lets a server answer them with the whole file
      'bytes=0-1,5-6',
      'bytes=0-1, -1',
      'bytes=200-300,400-500',
    ]) {
      expect(selectByteRange(header, 100), header).toEqual(WHOLE);
    }
  });

  it('handles a one-byte file', () => {
    expect(selectByteRange('bytes=0-0', 1)).toEqual(part(0, 0));
    expect(selectByteRange('bytes=0-', 1)).toEqual(part(0, 0));
    expect(selectByteRange('bytes=-1', 1)).toEqual(part(0, 0));
    expect(selectByteRange('bytes=-5', 1)).toEqual(part(0, 0));
    expect(selectByteRange('bytes=0-100', 1)).toEqual(part(0, 0));
    expect(selectByteRange('bytes=1-', 1)).toEqual(UNSATISFIABLE);
  });

  it('handles an empty file: no position in it exists, and its suffix is the empty whole', () => {
    expect(selectByteRange('bytes=0-', 0)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=0-0', 0)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=-0', 0)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=-5', 0)).toEqual(WHOLE);
    expect(selectByteRange(undefined, 0)).toEqual(WHOLE);
  });

  it('keeps huge numbers right: a start past the end is unsatisfiable, an end or suffix is clamped', () => {
    const huge = '9'.repeat(400);
    expect(selectByteRange(`bytes=0-${huge}`, 100)).toEqual(part(0, 99));
    expect(selectByteRange(`bytes=-${huge}`, 100)).toEqual(part(0, 99));
    expect(selectByteRange(`bytes=${huge}-`, 100)).toEqual(UNSATISFIABLE);
    expect(selectByteRange('bytes=9007199254740993-', 100)).toEqual(UNSATISFIABLE);
    expect(selectByteRange(`bytes=${huge}-5`, 100)).toEqual(WHOLE);
  });
});

describe('rangeLength', () => {
  it('counts both ends', () => {
    expect(rangeLength({ start: 0, end: 0 })).toBe(1);
    expect(rangeLength({ start: 10, end: 19 })).toBe(10);
  });
});
