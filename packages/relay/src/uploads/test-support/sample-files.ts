/** Small hand-built files for upload tests: just the headers the sniffer and size reader look at. */

function bytes(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === 'string' ? new TextEncoder().encode(part) : Uint8Array.from(part)));
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

/** A PNG signature and IHDR chunk (CRC not checked by anyone here), then an IEND. */
export function png(width: number, height: number): Uint8Array {
  return bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(width), be32(height), [8, 6, 0, 0, 0], [0, 0, 0, 0], be32(0), 'IEND', [0xae, 0x42, 0x60, 0x82]);
}

export function gif(width: number, height: number): Uint8Array {
  return bytes('GIF89a', le16(width), le16(height), [0x80, 0, 0], [0, 0, 0, 255, 255, 255], ';');
}

/** A baseline SOF0 frame header for three components, preceded by one 0xFF fill byte. */
function jpegFrameHeader(width: number, height: number): number[] {
  return [0xff, 0xff, 0xc0, ...be16(17), 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
}

/** A JPEG with an APP0 (JFIF) segment, a comment, then a baseline SOF0 frame header. */
export function jpeg(width: number, height: number): Uint8Array {
  return bytes(
    [0xff, 0xd8],
    [0xff, 0xe0], be16(16), 'JFIF\0', [1, 1, 0], be16(1), be16(1), [0, 0],
    [0xff, 0xfe], be16(7), 'hello',
    jpegFrameHeader(width, height),
    [0xff, 0xd9],
  );
}

/** A JPEG whose frame header, of the stored (unrotated) size, follows these whole segments. */
export function jpegWithSegments(width: number, height: number, ...segments: Uint8Array[]): Uint8Array {
  return bytes([0xff, 0xd8], ...segments, jpegFrameHeader(width, height), [0xff, 0xd9]);
}

/** A JPEG marker segment; its length field counts itself and the payload unless `declaredLength` says otherwise. */
export function jpegSegment(marker: number, payload: Uint8Array, declaredLength = 2 + payload.length): Uint8Array {
  return bytes([0xff, marker], be16(declaredLength), payload);
}

/** TIFF byte order: `II` little-endian, `MM` big-endian. */
export type TiffByteOrder = 'II' | 'MM';

/** One 12-byte IFD entry; a SHORT `value` is left-justified in the value field, any other type fills it. */
export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  value: number;
}

/** Where the IFD says it starts and how many entries it claims, to build hostile blocks. */
export interface TiffLayout {
  /** @default 8, right after the header */
  ifdOffset?: number;
  /** @default entries.length */
  entryCount?: number;
}

/** A TIFF block (header, then IFD0 with these entries and a zero next-IFD offset) as Exif embeds it. */
export function tiff(order: TiffByteOrder, entries: TiffEntry[], layout: TiffLayout = {}): Uint8Array {
  const u16 = order === 'II' ? le16 : be16;
  const u32 = order === 'II' ? le32 : be32;
  const value = (entry: TiffEntry) => (entry.type === 3 ? [...u16(entry.value), 0, 0] : u32(entry.value));
  return bytes(
    order, u16(42), u32(layout.ifdOffset ?? 8),
    u16(layout.entryCount ?? entries.length),
    ...entries.map((entry) => [...u16(entry.tag), ...u16(entry.type), ...u32(entry.count), ...value(entry)]),
    u32(0),
  );
}

/** An APP1 segment holding the Exif signature and this TIFF block. */
export function exifSegment(tiffBlock: Uint8Array, declaredLength?: number): Uint8Array {
  return jpegSegment(0xe1, bytes('Exif\0\0', tiffBlock), declaredLength);
}

/** An Exif Orientation entry: tag 0x0112, one SHORT. */
export function orientationEntry(orientation: number): TiffEntry {
  return { tag: 0x0112, type: 3, count: 1, value: orientation };
}

/**
 * A JPEG as a phone writes it: an Exif APP1 whose IFD0 has a Make entry (4 ASCII bytes, inline)
 * before the Orientation, then a frame header of the stored size.
 */
export function jpegWithOrientation(width: number, height: number, orientation: number, order: TiffByteOrder = 'II'): Uint8Array {
  const otherEntry: TiffEntry = { tag: 0x010f, type: 2, count: 4, value: 0 };
  return jpegWithSegments(width, height, exifSegment(tiff(order, [otherEntry, orientationEntry(orientation)])));
}

function riff(form: string, chunk: Uint8Array): Uint8Array {
  return bytes('RIFF', le32(4 + chunk.length), form, chunk);
}

export function webpLossy(width: number, height: number): Uint8Array {
  return riff('WEBP', bytes('VP8 ', le32(10), [0x10, 0x02, 0x00], [0x9d, 0x01, 0x2a], le16(width), le16(height)));
}

export function webpLossless(width: number, height: number): Uint8Array {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  return riff('WEBP', bytes('VP8L', le32(5), [0x2f], le32(bits)));
}

export function webpExtended(width: number, height: number): Uint8Array {
  return riff('WEBP', bytes('VP8X', le32(10), [0x10, 0, 0, 0], le24(width - 1), le24(height - 1)));
}

/** An ISO media file starting with an `ftyp` box of these brands. */
export function ftyp(major: string, ...compatible: string[]): Uint8Array {
  return bytes(be32(16 + 4 * compatible.length), 'ftyp', major, be32(0), ...compatible, be32(8), 'mdat');
}

/** A zip whose first local file header names `entry` (stored, size 0). */
export function zipWith(entry: string): Uint8Array {
  return bytes([0x50, 0x4b, 0x03, 0x04], [20, 0], [0, 0], [0, 0], [0, 0, 0, 0], le32(0), le32(0), le32(0), le16(entry.length), le16(0), entry, [0x50, 0x4b, 0x05, 0x06]);
}

export function text(content: string): Uint8Array {
  return new TextEncoder().encode(content);
}

export { bytes };
