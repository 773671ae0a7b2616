/** Pixel dimensions of an image. */
export interface ImageSize {
  width: number;
  height: number;
}

/** The largest side the `Attachment` schema takes; anything bigger is treated as unknown. */
const MAX_SIDE = 100_000;

// The JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC
// share the range but are tables, not frames.
const JPEG_SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** Markers that stand alone, without a length field. */
const JPEG_STANDALONE_MARKERS = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);
/** APP1, the segment that carries Exif (and, with another signature, XMP). */
const JPEG_APP1_MARKER = 0xe1;
const EXIF_SIGNATURE = 'Exif\0\0';
const EXIF_ORIENTATION_TAG = 0x0112;
const TIFF_SHORT_TYPE = 3;
const TIFF_IFD_ENTRY_SIZE = 12;

function uint16BE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

function uint16LE(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function uint24LE(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16);
}

function uint32BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

function uint32LE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

function isTag(bytes: Uint8Array, offset: number, tag: string): boolean {
  if (bytes.length < offset + tag.length) return false;
  for (let i = 0; i < tag.length; i++) if (bytes[offset + i] !== tag.charCodeAt(i)) return false;
  return true;
}

function pngSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 24 || !isTag(bytes, 12, 'IHDR')) return undefined;
  return { width: uint32BE(bytes, 16), height: uint32BE(bytes, 20) };
}

function gifSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 10) return undefined;
  return { width: uint16LE(bytes, 6), height: uint16LE(bytes, 8) };
}

/**
 * The Orientation (normally 1 to 8) in the first IFD of an Exif TIFF block, or undefined. Reads
 * only that IFD's 12-byte entries, each checked against the end of the block, and follows no
 * further offsets, so a hostile block can neither read outside itself nor loop.
 */
function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const isLittleEndian = isTag(tiff, 0, 'II');
  if (!isLittleEndian && !isTag(tiff, 0, 'MM')) return undefined;
  const read16 = (offset: number) => (isLittleEndian ? uint16LE(tiff, offset) : uint16BE(tiff, offset));
  const read32 = (offset: number) => (isLittleEndian ? uint32LE(tiff, offset) : uint32BE(tiff, offset));
  if (read16(2) !== 42) return undefined;
  const ifdOffset = read32(4);
  if (ifdOffset + 2 > tiff.length) return undefined;
  const entryCount = read16(ifdOffset);
  for (let i = 0, entry = ifdOffset + 2; i < entryCount && entry + TIFF_IFD_ENTRY_SIZE <= tiff.length; i++, entry += TIFF_IFD_ENTRY_SIZE) {
    if (read16(entry) !== EXIF_ORIENTATION_TAG) continue;
    // Exif defines Orientation as one SHORT, left-justified in the value field; browsers ignore
    // any other shape, so we do too.
    return read16(entry + 2) === TIFF_SHORT_TYPE && read32(entry + 4) === 1 ? read16(entry + 8) : undefined;
  }
  return undefined;
}

/** Orientations 5 to 8 turn the stored pixels a quarter turn, so they display with width and height swapped. */
function isQuarterTurn(orientation: number | undefined): boolean {
  return orientation !== undefined && orientation >= 5 && orientation <= 8;
}

/**
 * Walks the JPEG segments up to the first start-of-frame and returns its size as displayed:
 * browsers apply the Exif Orientation (`image-orientation: from-image` is the default), so a
 * phone photo stored sideways reports its width and height swapped. Every step moves forward by
 * at least two bytes and stops at the end of the data, so a corrupt or hostile file cannot loop.
 */
function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  let orientation: number | undefined;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    // Any number of 0xFF fill bytes may come before a marker.
    while (offset + 1 < bytes.length && bytes[offset + 1] === 0xff) offset++;
    const marker = bytes[offset + 1];
    if (marker === undefined) return undefined;
    if (JPEG_STANDALONE_MARKERS.has(marker)) {
      offset += 2;
      continue;
    }
    // End of image or start of scan before any frame header: there is no size to find.
    if (marker === 0xd9 || marker === 0xda || offset + 4 > bytes.length) return undefined;
    const length = uint16BE(bytes, offset + 2);
    if (length < 2) return undefined;
    if (JPEG_SOF_MARKERS.has(marker)) {
      if (length < 7 || offset + 9 > bytes.length) return undefined;
      const height = uint16BE(bytes, offset + 5);
      const width = uint16BE(bytes, offset + 7);
      return isQuarterTurn(orientation) ? { width: height, height: width } : { width, height };
    }
    // The first Exif segment with an Orientation wins; the TIFF block is bounded by the segment's
    // own length, not the file's, so its offsets cannot reach into later segments.
    if (marker === JPEG_APP1_MARKER && orientation === undefined && length >= 2 + EXIF_SIGNATURE.length && isTag(bytes, offset + 4, EXIF_SIGNATURE)) {
      const segmentEnd = Math.min(offset + 2 + length, bytes.length);
      orientation = exifOrientation(bytes.subarray(offset + 4 + EXIF_SIGNATURE.length, segmentEnd));
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 16 || !isTag(bytes, 0, 'RIFF') || !isTag(bytes, 8, 'WEBP')) return undefined;
  if (isTag(bytes, 12, 'VP8 ')) {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    if (bytes.length < 30 || bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return undefined;
    return { width: uint16LE(bytes, 26) & 0x3fff, height: uint16LE(bytes, 28) & 0x3fff };
  }
  if (isTag(bytes, 12, 'VP8L')) {
    // Lossless: signature 0x2F, then width - 1 and height - 1 in 14 bits each, little-endian bit order.
    if (bytes.length < 25 || bytes[20] !== 0x2f) return undefined;
    const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (isTag(bytes, 12, 'VP8X')) {
    // Extended: the canvas size, minus one, in 24 bits each.
    if (bytes.length < 30) return undefined;
    return { width: uint24LE(bytes, 24) + 1, height: uint24LE(bytes, 27) + 1 };
  }
  return undefined;
}

const READERS: Readonly<Record<string, (bytes: Uint8Array) => ImageSize | undefined>> = {
  'image/png': pngSize,
  'image/gif': gifSize,
  'image/jpeg': jpegSize,
  'image/webp': webpSize,
};

/**
 * Width and height of a PNG, GIF, JPEG or WebP image from its header, so that the widget can
 * reserve a thumbnail's space before it loads; undefined for other types, for a header it cannot
 * read, and for sizes outside 1 to 100 000 pixels. A JPEG's size is the displayed one: an Exif
 * Orientation of 5 to 8 (a quarter turn) swaps width and height. Reads at most the segments
 * before the first JPEG frame header; never decodes pixels.
 */
export function imageSize(bytes: Uint8Array, type: string): ImageSize | undefined {
  const size = READERS[type]?.(bytes);
  if (size === undefined) return undefined;
  const isUsable = (side: number) => Number.isInteger(side) && side >= 1 && side <= MAX_SIDE;
  return isUsable(size.width) && isUsable(size.height) ? size : undefined;
}
