/** The type given to content that matches no known signature and is not plain text. */
export const UNKNOWN_TYPE = 'application/octet-stream';

/** How far into a text the SVG root element and the HTML tags are looked for. */
const SVG_SCAN_BYTES = 64 * 1024;
const HTML_SCAN_BYTES = 512;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < Math.min(end, bytes.length); i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

function hasAscii(bytes: Uint8Array, text: string, offset = 0): boolean {
  return ascii(bytes, offset, offset + text.length) === text;
}

function readUint16LE(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'M4VP', 'MSNV', 'f4v ']);

/**
 * An ISO base media file (`ftyp` box first): the major brand, then the compatible brands, decide
 * between AVIF, HEIC, MP4 audio and MP4 video. AVIF wins over HEIF because AVIF files also list the
 * generic HEIF brand `mif1`.
 */
function sniffFtyp(bytes: Uint8Array): string | undefined {
  if (bytes.length < 16 || !hasAscii(bytes, 'ftyp', 4)) return undefined;
  const boxSize = readUint32BE(bytes, 0);
  if (boxSize < 16 || boxSize % 4 !== 0) return undefined;
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= Math.min(boxSize, bytes.length, 256); offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'image/avif';
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'image/heic';
  if (brands[0] === 'M4A ' || brands[0] === 'M4B ') return 'audio/mp4';
  if (brands[0] === 'qt  ') return 'video/quicktime';
  if (brands.some((brand) => MP4_BRANDS.has(brand))) return 'video/mp4';
  return undefined;
}

/** Office Open XML documents are zip files; the first entries' names tell which application made them. */
function sniffZip(bytes: Uint8Array): string {
  let offset = 0;
  // Bounded: at most 64 local headers, each step moves forward by at least the 30-byte header.
  for (let entry = 0; entry < 64 && offset + 30 <= bytes.length && startsWith(bytes, [0x50, 0x4b, 0x03, 0x04], offset); entry++) {
    const flags = readUint16LE(bytes, offset + 6);
    const compressedSize = readUint32LE(bytes, offset + 18);
    const nameLength = readUint16LE(bytes, offset + 26);
    const extraLength = readUint16LE(bytes, offset + 28);
    const name = ascii(bytes, offset + 30, offset + 30 + nameLength);
    if (name.startsWith('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (name.startsWith('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (name.startsWith('ppt/')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    // With bit 3 set the size comes after the data, so the next header cannot be found from here.
    if ((flags & 0x08) !== 0) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return 'application/zip';
}

/** EBML (Matroska) files name their flavour in the DocType element near the start. */
function sniffEbml(bytes: Uint8Array): string {
  const head = ascii(bytes, 4, 64);
  if (head.includes('webm')) return 'video/webm';
  if (head.includes('matroska')) return 'video/x-matroska';
  return UNKNOWN_TYPE;
}

/** BMP's "BM" is two common letters, so the DIB header size must be one of the known ones as well. */
function isBmp(bytes: Uint8Array): boolean {
  if (bytes.length < 18 || !hasAscii(bytes, 'BM')) return false;
  return [12, 16, 40, 52, 56, 64, 108, 124].includes(readUint32LE(bytes, 14));
}

function isMp3(bytes: Uint8Array): boolean {
  if (hasAscii(bytes, 'ID3')) return true;
  // An MPEG audio frame sync: 11 set bits, a version that is not "reserved", layer III.
  return bytes.length >= 4 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x18) !== 0x08 && (bytes[1]! & 0x06) === 0x02;
}

function sniffBinary(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (hasAscii(bytes, 'GIF87a') || hasAscii(bytes, 'GIF89a')) return 'image/gif';
  if (hasAscii(bytes, 'RIFF') && bytes.length >= 12) {
    if (hasAscii(bytes, 'WEBP', 8)) return 'image/webp';
    if (hasAscii(bytes, 'WAVE', 8)) return 'audio/wav';
    return undefined;
  }
  const ftyp = sniffFtyp(bytes);
  if (ftyp !== undefined) return ftyp;
  if (isBmp(bytes)) return 'image/bmp';
  // ICO and CUR: reserved 0, type 1 or 2, at least one image.
  if (bytes.length >= 6 && startsWith(bytes, [0x00, 0x00]) && (bytes[2] === 1 || bytes[2] === 2) && bytes[3] === 0 && readUint16LE(bytes, 4) > 0) {
    return 'image/x-icon';
  }
  if (hasAscii(bytes, '%PDF-')) return 'application/pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  if (startsWith(bytes, [0x1f, 0x8b, 0x08])) return 'application/gzip';
  if (hasAscii(bytes, 'OggS\0')) return 'audio/ogg';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return sniffEbml(bytes);
  if (isMp3(bytes)) return 'audio/mpeg';
  return undefined;
}

function isUtf8Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xef, 0xbb, 0xbf]);
}

/** The start of a text: after a UTF-8 byte order mark, lower-cased (ASCII only), with its offset. */
function textHead(bytes: Uint8Array, length: number): string {
  return ascii(bytes, isUtf8Bom(bytes) ? 3 : 0, length).toLowerCase();
}

/**
 * Whether the root element of an XML text is `<svg`: skips whitespace, the XML declaration,
 * processing instructions, comments and a doctype (with its internal subset) before it.
 */
function isSvg(bytes: Uint8Array): boolean {
  const text = textHead(bytes, SVG_SCAN_BYTES);
  let at = 0;
  // Every pass consumes at least one construct or returns, so the loop ends.
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      if (end < 0) return false;
      at = end + 2;
    } else if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0) return false;
      at = end + 3;
    } else if (text.startsWith('<!doctype', at)) {
      const subset = text.indexOf('[', at);
      const close = text.indexOf('>', at);
      if (close < 0) return false;
      if (subset >= 0 && subset < close) {
        const end = text.indexOf(']', subset);
        if (end < 0) return false;
        const after = text.indexOf('>', end);
        if (after < 0) return false;
        at = after + 1;
      } else {
        at = close + 1;
      }
    } else {
      return /^<svg[\s/>]/.test(text.slice(at, at + 5));
    }
  }
}

// The WHATWG mime sniffing spec's "HTML" patterns (https://mimesniff.spec.whatwg.org/#identifying-a-resource-with-an-unknown-mime-type),
// plus elements that run script or embed documents. The spec looks only at the start; anywhere in
// the first 512 bytes is stricter, so that a page hidden behind a line of text is still HTML here.
const HTML_TAGS = ['!doctype html', 'html', 'head', 'body', 'script', 'iframe', 'frameset', 'object', 'embed', 'style', 'title', 'a', 'b', 'br', 'p', 'div', 'font', 'table', 'h1', 'meta', 'link', 'img', 'svg', 'form', 'base'];
const LEADING_HTML = new RegExp(`^\\s*<(?:${HTML_TAGS.join('|')}|!--)[\\s>/]`, 'u');
const EMBEDDED_HTML = /<(?:!doctype\s+html|html|head|body|script|iframe|frameset|object|embed|svg|meta|base|form|link)[\s>/]/u;

function isHtml(bytes: Uint8Array): boolean {
  const text = textHead(bytes, HTML_SCAN_BYTES);
  return LEADING_HTML.test(text) || EMBEDDED_HTML.test(text);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 without the bytes the spec calls binary (controls other than tab, newlines, form feed and escape). */
function isPlainText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f)) return false;
  }
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The media type of a file, read from its content only: never from its name or the
 * `Content-Type` it was sent with, both of which the sender chooses. Binary signatures first, then
 * SVG and HTML (which must never pass as plain text), then UTF-8 text; anything else is
 * `application/octet-stream`.
 * @example
 * sniffType(new TextEncoder().encode('<!doctype html><script>…')) // 'text/html'
 */
export function sniffType(bytes: Uint8Array): string {
  const binary = sniffBinary(bytes);
  if (binary !== undefined) return binary;
  if (isSvg(bytes)) return 'image/svg+xml';
  if (isHtml(bytes)) return 'text/html';
  if (isPlainText(bytes)) return 'text/plain';
  return UNKNOWN_TYPE;
}
