import { describe, expect, it } from 'vitest';
import { hasMarkup, loadMarkdown, markdownRenderer } from './load-markdown.js';
import { parseMarkdown } from './markdown.js';
import { renderMarkdown } from './render-markdown.js';

/** Whether the parser leaves `text` as plain paragraphs of text. */
function isPlain(text: string): boolean {
  return parseMarkdown(text).every((block) => block.type === 'paragraph' && block.children.every((node) => typeof node === 'string'));
}

describe('hasMarkup', () => {
  it('finds every piece of markup the parser formats', () => {
    const formatted = [
      '**bold**',
      'an *emphasis*',
      'an _emphasis_',
      'run `npm i`',
      '```\ncode\n```',
      '[mail us](mailto:help@shop.example)',
      'see https://shop.example/t/42',
      'http://shop.example',
      '- one\n- two',
      'intro\n  3. three',
      '1) first',
      'a\r* b',
    ];
    for (const text of formatted) {
      expect(isPlain(text), text).toBe(false);
      expect(hasMarkup(text), text).toBe(true);
    }
  });

  it('calls text plain only where the parser leaves it as plain text', () => {
    const plain = [
      'Hello, how can I help?',
      'Order 42 ships today.\nThanks!',
      'Two paragraphs.\n\nThe second one.',
      'a - b, 3.5 kg, 10:30 (today)',
      'Price: 12 € > 10 €, <b>not bold</b>',
      'shop.example/help or help@shop.example',
      '你好，有白色的吗？',
    ];
    for (const text of plain) {
      expect(hasMarkup(text), text).toBe(false);
      expect(isPlain(text), text).toBe(true);
    }
  });

  it('errs towards loading the renderer for text it then leaves alone', () => {
    expect(hasMarkup('snake_case and 2 * 3')).toBe(true);
    expect(isPlain('snake_case and 2 * 3')).toBe(true);
  });
});

describe('loadMarkdown', () => {
  it('loads the renderer once and then hands it out at once', async () => {
    const renderer = await loadMarkdown();
    expect(renderer).toBe(renderMarkdown);
    expect(markdownRenderer()).toBe(renderMarkdown);
    expect(await loadMarkdown()).toBe(renderer);
  });
});
