import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.js';

describe('parseInline', () => {
  it('parses strong, both kinds of emphasis and code spans', () => {
    expect(parseInline('a **b** *c* _d_ `e*f*`')).toEqual([
      'a ',
      { type: 'strong', children: ['b'] },
      ' ',
      { type: 'em', children: ['c'] },
      ' ',
      { type: 'em', children: ['d'] },
      ' ',
      { type: 'code', text: 'e*f*' },
    ]);
  });

  it('nests emphasis and links inside strong text', () => {
    expect(parseInline('**see _this_ [page](https://shop.example/a)**')).toEqual([
      {
        type: 'strong',
        children: [
          'see ',
          { type: 'em', children: ['this'] },
          ' ',
          { type: 'link', href: 'https://shop.example/a', children: ['page'] },
        ],
      },
    ]);
  });

  it('leaves stars around spaces, snake_case words and unclosed markers as text', () => {
    expect(parseInline('2 * 3 * 4')).toEqual(['2 * 3 * 4']);
    expect(parseInline('order_number_here')).toEqual(['order_number_here']);
    expect(parseInline('**open and `unclosed')).toEqual(['**open and `unclosed']);
  });

  it('links http, https and mailto URLs in [text](url) form', () => {
    expect(parseInline('[Track](https://shop.example/track?id=1) or [mail us](mailto:help@shop.example)')).toEqual([
      { type: 'link', href: 'https://shop.example/track?id=1', children: ['Track'] },
      ' or ',
      { type: 'link', href: 'mailto:help@shop.example', children: ['mail us'] },
    ]);
  });

  it('keeps links to any other scheme, or relative ones, as literal text', () => {
    for (const text of ['[x](javascript:alert(1))', '[x](javascript:alert`1`)', '[x](data:text/html,hi)', '[x](/orders/1)', '[x](JavaScript:void0)']) {
      expect(parseInline(text)).toEqual([text]);
    }
  });

  it('autolinks bare http(s) URLs, leaving trailing punctuation outside', () => {
    expect(parseInline('See https://shop.example/p/1, or (http://shop.example).')).toEqual([
      'See ',
      { type: 'link', href: 'https://shop.example/p/1', children: ['https://shop.example/p/1'] },
      ', or (',
      { type: 'link', href: 'http://shop.example/', children: ['http://shop.example'] },
      ').',
    ]);
  });

  it('keeps raw HTML as text', () => {
    expect(parseInline('<b>hi</b> <img src=x onerror=alert(1)>')).toEqual(['<b>hi</b> <img src=x onerror=alert(1)>']);
  });

  it('parses 100 KB of hostile markers in linear time', () => {
    for (const unit of ['*', '[', '_', '`', '**a', '[a](', 'https://.', '_a ', '* ']) {
      const text = unit.repeat(Math.ceil(100_000 / unit.length));
      const started = performance.now();
      const nodes = parseInline(text);
      expect(performance.now() - started).toBeLessThan(250);
      expect(nodes.length).toBeGreaterThan(0);
    }
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    expect(parseMarkdown('Hello\nthere\n\n\nBye')).toEqual([
      { type: 'paragraph', children: ['Hello\nthere'] },
      { type: 'paragraph', children: ['Bye'] },
    ]);
  });

  it('parses bulleted and numbered lists, with indented continuation lines', () => {
    expect(parseMarkdown('Options:\n- **red**\n* blue\n  navy\n\n3. three\n4) four')).toEqual([
      { type: 'paragraph', children: ['Options:'] },
      { type: 'list', ordered: false, start: 1, items: [[{ type: 'strong', children: ['red'] }], ['blue\nnavy']] },
      { type: 'list', ordered: true, start: 3, items: [['three'], ['four']] },
    ]);
  });

  it('starts a new list when bullets turn into numbers', () => {
    expect(parseMarkdown('- a\n1. b').map((block) => block.type === 'list' && block.ordered)).toEqual([false, true]);
  });

  it('keeps fenced code blocks verbatim, and an unclosed fence runs to the end', () => {
    expect(parseMarkdown('Run:\n```sh\nnpm i **x**\n  <b>\n```\nDone\n```\nrest')).toEqual([
      { type: 'paragraph', children: ['Run:'] },
      { type: 'code-block', text: 'npm i **x**\n  <b>' },
      { type: 'paragraph', children: ['Done'] },
      { type: 'code-block', text: 'rest' },
    ]);
  });

  it('does not take *emphasis* or 2024 at the start of a line for list items', () => {
    expect(parseMarkdown('*Hi* there\n2024 was good')).toEqual([
      { type: 'paragraph', children: [{ type: 'em', children: ['Hi'] }, ' there\n2024 was good'] },
    ]);
  });

  it('returns no blocks for empty text and handles 100 KB of hostile lines quickly', () => {
    expect(parseMarkdown('')).toEqual([]);
    const started = performance.now();
    parseMarkdown('- [\n'.repeat(25_000) + '```\n*'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
