import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from './close-codes.js';
import { ConfabError, ERROR_CODES, isErrorCode } from './errors.js';

const docsUrl = new URL('../../../docs/errors.md', import.meta.url);
const protocolDocsUrl = new URL('../../../docs/protocol.md', import.meta.url);

describe('error codes', () => {
  it('has one docs/errors.md section per code and no extra sections', () => {
    const documented = [...readFileSync(docsUrl, 'utf8').matchAll(/^### (CONFAB_[A-Z_]+)\s*$/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('documents every close code in docs/protocol.md', () => {
    const doc = readFileSync(protocolDocsUrl, 'utf8');
    for (const [name, code] of Object.entries(CLOSE_CODES)) {
      expect(doc, `${name} (${code})`).toMatch(new RegExp(`\\|\\s*${code}\\s*\\|`));
    }
  });

  it('carries its code and cause', () => {
    const cause = new Error('disk full');
    const error = new ConfabError('CONFAB_STORE_FAILED', 'Could not store message', { cause });
    expect(error.code).toBe('CONFAB_STORE_FAILED');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ConfabError');
    expect(isErrorCode('CONFAB_STORE_FAILED')).toBe(true);
    expect(isErrorCode('CONFAB_NOPE')).toBe(false);
  });
});
