import '../test-support/dom.js';
import { render } from 'lit';
import { describe, expect, it } from 'vitest';
import { en } from '../strings.js';
import { formatFileSize, renderAttachmentTray } from './attachment-tray.js';

describe('formatFileSize', () => {
  it('picks the unit that reads best and rounds to one decimal, in the given language', () => {
    expect(formatFileSize(512, 'en')).toBe('512 byte');
    expect(formatFileSize(2458, 'en')).toBe('2.4 kB');
    expect(formatFileSize(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(formatFileSize(1.5 * 1024 ** 3, 'en')).toBe('1.5 GB');
    expect(formatFileSize(512, 'zh-CN')).toBe('512 B');
  });
});

describe('renderAttachmentTray', () => {
  it('renders nothing without files', () => {
    const container = document.createElement('div');
    render(renderAttachmentTray([], en, () => {}, false), container);
    expect(container.querySelector('ul')).toBeNull();
  });

  it('lists each file with thumbnail or icon, name, size and a remove button that reports its index', () => {
    const container = document.createElement('div');
    const removed: number[] = [];
    const items = [
      { file: new File(['12345'], 'cat.png', { type: 'image/png' }), thumbnail: 'blob:cat' },
      { file: new File(['1234567'], 'terms.pdf', { type: 'application/pdf' }), thumbnail: undefined },
    ];
    render(renderAttachmentTray(items, en, (index) => removed.push(index), false), container);
    const rows = [...container.querySelectorAll('li')];
    expect(rows.map((row) => row.querySelector('.name')!.textContent)).toEqual(['cat.png', 'terms.pdf']);
    expect(rows.map((row) => row.querySelector('.size')!.textContent)).toEqual(['5 byte', '7 byte']);
    expect(rows[0]!.querySelector('img')!.getAttribute('src')).toBe('blob:cat');
    expect(rows[1]!.querySelector('img')).toBeNull();
    expect(rows[1]!.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    const buttons = [...container.querySelectorAll('button')];
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual(['Remove cat.png', 'Remove terms.pdf']);
    expect(buttons.map((button) => button.type)).toEqual(['button', 'button']);
    buttons[1]!.click();
    expect(removed).toEqual([1]);
  });

  it('marks the remove buttons disabled while locked', () => {
    const container = document.createElement('div');
    const items = [{ file: new File(['x'], 'a.txt', { type: 'text/plain' }), thumbnail: undefined }];
    render(renderAttachmentTray(items, en, () => {}, true), container);
    expect(container.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
  });
});
