import { ConfabError } from '@confab/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRelay } from './test-support/fake-relay.js';
import { setup } from './test-support/harness.js';

// The upload code is a chunk of its own (post-upload.ts), fetched by the first upload(): here its
// download fails, as it would on a flaky network.
vi.mock('./post-upload.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module: post-upload.js');
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('ChatClient.upload() when its code cannot be loaded', () => {
  it('rejects with CONFAB_NOT_CONNECTED, sends nothing, and the chat goes on', async () => {
    const relay = new FakeRelay();
    const fetch = vi.fn();
    const { client } = setup({ relay, fetch });
    cleanups.push(() => client.close());
    const error = await client.upload(new Blob([new Uint8Array(4)], { type: 'image/png' }), 'photo.png').then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ConfabError);
    expect(error).toMatchObject({ code: 'CONFAB_NOT_CONNECTED', message: expect.stringContaining('upload code') });
    expect(fetch).not.toHaveBeenCalled();
    const sent = await client.send('Still here?');
    expect(sent.text).toBe('Still here?');
  });
});
