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
 * Walks the JPEG segments up to the first start-of-frame. Every step moves forward by at least two
 * bytes and stops at the end of the data, so a corrupt or hostile file cannot loop.
 */
function jpegSize(bytes: Uint8Array): ImageSize | undefined {
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
      return { height: uint16BE(bytes, offset + 5), width: uint16BE(bytes, offset + 7) };
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
 * read, and for sizes outside 1 to 100 000 pixels. Reads at most the segments before the first
 * JPEG frame header; never decodes pixels.
 */
export function imageSize(bytes: Uint8Array, type: string): ImageSize | undefined {
  const size = READERS[type]?.(bytes);
  if (size === undefined) return undefined;
  const isUsable = (side: number) => Number.isInteger(side) && side >= 1 && side <= MAX_SIDE;
  return isUsable(size.width) && isUsable(size.height) ? size : undefined;
}
