import { describe, expect, it } from 'vitest';
import { imageSize } from './image-size.js';
import {
  bytes,
  exifSegment,
  gif,
  jpeg,
  jpegSegment,
  jpegWithOrientation,
  jpegWithSegments,
  orientationEntry,
  png,
  tiff,
  webpExtended,
  webpLossless,
  webpLossy,
} from './test-support/sample-files.js';

describe('imageSize', () => {
  it('reads PNG, GIF, JPEG and the three WebP flavours', () => {
    expect(imageSize(png(640, 480), 'image/png')).toEqual({ width: 640, height: 480 });
    expect(imageSize(gif(32, 17), 'image/gif')).toEqual({ width: 32, height: 17 });
    expect(imageSize(jpeg(1920, 1080), 'image/jpeg')).toEqual({ width: 1920, height: 1080 });
    expect(imageSize(webpLossy(300, 200), 'image/webp')).toEqual({ width: 300, height: 200 });
    expect(imageSize(webpLossless(1234, 4321), 'image/webp')).toEqual({ width: 1234, height: 4321 });
    expect(imageSize(webpExtended(16_000, 9_000), 'image/webp')).toEqual({ width: 16_000, height: 9_000 });
  });

  it('gives no size for other types, truncated headers and impossible sizes', () => {
    expect(imageSize(png(10, 10), 'application/pdf')).toBeUndefined();
    expect(imageSize(png(10, 10).slice(0, 20), 'image/png')).toBeUndefined();
    expect(imageSize(png(0, 10), 'image/png')).toBeUndefined();
    expect(imageSize(png(200_000, 10), 'image/png')).toBeUndefined();
    expect(imageSize(jpeg(10, 10).slice(0, 30), 'image/jpeg')).toBeUndefined();
  });

  it('stops on corrupt JPEG segments instead of looping', () => {
    // A zero-length segment would never move forward.
    expect(imageSize(bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00, 0xff, 0xc0]), 'image/jpeg')).toBeUndefined();
    // Start of scan before any frame header.
    expect(imageSize(bytes([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 2, 3, 4, 5, 6]), 'image/jpeg')).toBeUndefined();
    // A megabyte of fill bytes and a megabyte of minimal segments both end quickly.
    const start = performance.now();
    expect(imageSize(bytes([0xff, 0xd8], new Uint8Array(1_000_000).fill(0xff)), 'image/jpeg')).toBeUndefined();
    const minimalSegments = new Uint8Array(1_000_002);
    minimalSegments.set([0xff, 0xd8]);
    for (let at = 2; at + 4 <= minimalSegments.length; at += 4) minimalSegments.set([0xff, 0xfe, 0x00, 0x02], at);
    expect(imageSize(minimalSegments, 'image/jpeg')).toBeUndefined();
    // A megabyte of the largest Exif segments, each claiming 65535 entries that are not Orientation.
    const fullEntries = Array.from({ length: 5458 }, () => ({ tag: 0x010f, type: 2, count: 4, value: 0 }));
    const largestExif = exifSegment(tiff('II', fullEntries, { entryCount: 65535 }));
    expect(largestExif.length).toBeLessThanOrEqual(2 + 65535);
    const exifSegments = Array.from({ length: Math.ceil(1_000_000 / largestExif.length) }, () => largestExif);
    expect(imageSize(jpegWithSegments(40, 30, ...exifSegments), 'image/jpeg')).toEqual({ width: 40, height: 30 });
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('imageSize with JPEG Exif orientation', () => {
  it('swaps width and height for the quarter-turn orientations 5 to 8, in either byte order', () => {
    for (const order of ['II', 'MM'] as const) {
      for (const orientation of [5, 6, 7, 8]) {
        expect(imageSize(jpegWithOrientation(4032, 3024, orientation, order), 'image/jpeg')).toEqual({ width: 3024, height: 4032 });
      }
    }
  });

  it('keeps the stored size for orientations 1 to 4, values outside 1 to 8, and no Orientation entry', () => {
    for (const order of ['II', 'MM'] as const) {
      for (const orientation of [1, 2, 3, 4, 0, 9, 65535]) {
        expect(imageSize(jpegWithOrientation(4032, 3024, orientation, order), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
      }
      const makeOnly = tiff(order, [{ tag: 0x010f, type: 2, count: 4, value: 0 }]);
      expect(imageSize(jpegWithSegments(4032, 3024, exifSegment(makeOnly)), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    }
  });

  it('ignores an Orientation that is not one SHORT', () => {
    const asLong = { tag: 0x0112, type: 4, count: 1, value: 6 };
    const twoShorts = { tag: 0x0112, type: 3, count: 2, value: 6 };
    for (const entry of [asLong, twoShorts]) {
      expect(imageSize(jpegWithSegments(4032, 3024, exifSegment(tiff('II', [entry]))), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    }
  });

  it('ignores an APP1 that is XMP, and still reads an Exif segment after it', () => {
    const xmp = jpegSegment(0xe1, bytes('http://ns.adobe.com/xap/1.0/\0', '<x:xmpmeta><rdf:Description tiff:Orientation="6"/></x:xmpmeta>'));
    expect(imageSize(jpegWithSegments(4032, 3024, xmp), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    const exif = exifSegment(tiff('MM', [orientationEntry(6)]));
    expect(imageSize(jpegWithSegments(4032, 3024, xmp, exif), 'image/jpeg')).toEqual({ width: 3024, height: 4032 });
  });

  it('takes the first Exif Orientation when there are several', () => {
    const turned = exifSegment(tiff('II', [orientationEntry(6)]));
    const upright = exifSegment(tiff('II', [orientationEntry(1)]));
    expect(imageSize(jpegWithSegments(4032, 3024, turned, upright), 'image/jpeg')).toEqual({ width: 3024, height: 4032 });
    expect(imageSize(jpegWithSegments(4032, 3024, upright, turned), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
  });

  it('keeps the stored size for a TIFF block with a bad byte order or magic number', () => {
    const good = tiff('II', [orientationEntry(6)]);
    const badOrder = bytes('IM', good.subarray(2));
    const badMagic = bytes(good.subarray(0, 2), [43, 0], good.subarray(4));
    for (const block of [badOrder, badMagic, good.subarray(0, 7)]) {
      expect(imageSize(jpegWithSegments(4032, 3024, exifSegment(block)), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    }
  });

  it('gives no size, without throwing, when the file ends inside the Exif segment', () => {
    const photo = jpegWithOrientation(4032, 3024, 6);
    for (let end = 4; end < 40; end++) expect(imageSize(photo.slice(0, end), 'image/jpeg')).toBeUndefined();
  });

  it('reads no entry past the end of the Exif segment', () => {
    // The IFD offset points past the segment, at a valid IFD in the comment that follows it
    // (file offset 24; the TIFF block starts at 12, after SOI, the APP1 header and "Exif\0\0").
    const headerOnly = tiff('II', [], { ifdOffset: 12 }).slice(0, 8);
    const ifdWithTurn = tiff('II', [orientationEntry(6)]).slice(8);
    const smuggled = jpegWithSegments(4032, 3024, exifSegment(headerOnly), jpegSegment(0xfe, ifdWithTurn));
    expect(imageSize(smuggled, 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    // An offset past the end of the whole file, and one that wraps 32 bits.
    for (const ifdOffset of [1_000, 0xfffffff0]) {
      const farAway = exifSegment(tiff('MM', [orientationEntry(6)], { ifdOffset }));
      expect(imageSize(jpegWithSegments(4032, 3024, farAway), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    }
  });

  it('reads only the entries that fit when the count claims 65535', () => {
    const make = { tag: 0x010f, type: 2, count: 4, value: 0 };
    const overclaimed = exifSegment(tiff('MM', [make, make], { entryCount: 65535 }));
    expect(imageSize(jpegWithSegments(4032, 3024, overclaimed), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    const overclaimedWithTurn = exifSegment(tiff('MM', [make, orientationEntry(8)], { entryCount: 65535 }));
    expect(imageSize(jpegWithSegments(4032, 3024, overclaimedWithTurn), 'image/jpeg')).toEqual({ width: 3024, height: 4032 });
  });
});
