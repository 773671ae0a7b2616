import { describe, expect, it } from 'vitest';
import { imageSize } from './image-size.js';
import { bytes, gif, jpeg, png, webpExtended, webpLossless, webpLossy } from './test-support/sample-files.js';

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
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
