import { describe, expect, it } from 'vitest';
import { createId, ID_PATTERN, TOKEN_PATTERN } from './ids.js';

describe('createId', () => {
  it('makes 21-character URL-safe ids that pass both id and token patterns', () => {
    const id = createId();
    expect(id).toHaveLength(21);
    expect(id).toMatch(ID_PATTERN);
    expect(id).toMatch(TOKEN_PATTERN);
  });

  it('does not repeat across many draws', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createId()));
    expect(ids.size).toBe(10_000);
  });
});
