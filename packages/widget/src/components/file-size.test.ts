import { describe, expect, it } from 'vitest';
import { formatFileSize } from './file-size.js';

describe('formatFileSize', () => {
  it('picks the unit that reads best and rounds to one decimal, in the given language', () => {
    expect(formatFileSize(512, 'en')).toBe('512 byte');
    expect(formatFileSize(2458, 'en')).toBe('2.4 kB');
    expect(formatFileSize(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(formatFileSize(1.5 * 1024 ** 3, 'en')).toBe('1.5 GB');
    expect(formatFileSize(512, 'zh-CN')).toBe('512 B');
  });
});
