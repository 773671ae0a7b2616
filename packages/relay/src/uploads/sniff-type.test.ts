import { describe, expect, it } from 'vitest';
import { sniffType } from './sniff-type.js';
import { bytes, ftyp, gif, jpeg, png, text, webpExtended, webpLossless, webpLossy, zipWith } from './test-support/sample-files.js';

describe('sniffType', () => {
  const table: [string, Uint8Array, string][] = [
    ['png', png(1, 1), 'image/png'],
    ['jpeg', jpeg(2, 2), 'image/jpeg'],
    ['gif', gif(1, 1), 'image/gif'],
    ['webp (lossy)', webpLossy(3, 3), 'image/webp'],
    ['webp (lossless)', webpLossless(3, 3), 'image/webp'],
    ['avif (brand after mif1)', ftyp('mif1', 'avif', 'miaf'), 'image/avif'],
    ['heic', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
    ['mp4', ftyp('isom', 'iso2', 'avc1', 'mp41'), 'video/mp4'],
    ['m4a', ftyp('M4A ', 'isom'), 'audio/mp4'],
    ['bmp', bytes('BM', [0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 1, 0]), 'image/bmp'],
    ['ico', bytes([0, 0, 1, 0, 1, 0, 16, 16, 0, 0]), 'image/x-icon'],
    ['pdf', text('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['zip', zipWith('photos/a.jpg'), 'application/zip'],
    ['docx', zipWith('word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', zipWith('xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['gzip', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), 'application/gzip'],
    ['mp3 (ID3)', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio/mpeg'],
    ['mp3 (frame sync)', bytes([0xff, 0xfb, 0x90, 0x64, 0]), 'audio/mpeg'],
    ['ogg', bytes('OggS', [0, 2, 0, 0]), 'audio/ogg'],
    ['wav', bytes('RIFF', [36, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm'), 'video/webm'],
    ['svg', text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'), 'image/svg+xml'],
    [
      'svg with BOM, XML declaration, comment, doctype and a script',
      text('\ufeff  <?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" [ <!ENTITY a "b"> ]>\n<SVG onload="alert(1)"><script>alert(document.cookie)</script></SVG>'),
      'image/svg+xml',
    ],
    ['html', text('<!DOCTYPE html><html><body>hi</body></html>'), 'text/html'],
    ['html fragment with a script', text('  \n<script>fetch("/steal")</script>'), 'text/html'],
    ['html behind a line of text', text('Hello there\n<iframe src="https://evil.example"></iframe>'), 'text/html'],
    ['html comment first', text('<!-- x --><p>hi</p>'), 'text/html'],
    ['plain text', text('Order 1234 arrived broken.\r\n\tPlease help. Grüße, 你好 😀'), 'text/plain'],
    ['text that mentions "<b" and "<3" but no tag', text('I <3 this shop, a<b'), 'text/plain'],
    ['text with a NUL byte', bytes('abc', [0], 'def'), 'application/octet-stream'],
    ['invalid UTF-8', bytes([0x61, 0xc3, 0x28]), 'application/octet-stream'],
    ['random binary', bytes([0x00, 0x01, 0x02, 0xfe, 0xfd]), 'application/octet-stream'],
    ['RIFF that is neither', bytes('RIFF', [4, 0, 0, 0], 'AVI '), 'application/octet-stream'],
  ];
  it.each(table)('recognises %s', (_what, content, type) => {
    expect(sniffType(content)).toBe(type);
  });

  it('goes by the content, not the name: an HTML page called cat.png is HTML', () => {
    const file = { name: 'cat.png', bytes: text('<html><head><script>document.location="https://evil.example"</script></head></html>') };
    expect(sniffType(file.bytes)).toBe('text/html');
  });

  it('finishes quickly on hostile input (unclosed comments, huge zips of tiny entries)', () => {
    const unclosed = text(`<?xml version="1.0"?><!--${'-'.repeat(200_000)}`);
    const start = performance.now();
    expect(sniffType(unclosed)).toBe('text/plain');
    const manyEntries = bytes(...Array.from({ length: 1000 }, () => zipWith('a/')));
    expect(sniffType(manyEntries)).toBe('application/zip');
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
