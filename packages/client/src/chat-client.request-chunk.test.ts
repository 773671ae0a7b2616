import { ConfabError } from '@confab/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setup, tick } from './test-support/harness.js';

// The checks of leaveEmail(), rate(), identify() and submitProfile() are a chunk of their own
// (request-frames.ts), fetched by the first of them: here its download fails, as it would on a
// flaky network.
vi.mock('./request-frames.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module: request-frames.js');
});

describe('ChatClient requests when their code cannot be loaded', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects each with CONFAB_NOT_CONNECTED, sends none of them, and the chat goes on', async () => {
    const { relay, client } = setup();
    await tick();
    const requests = [
      client.leaveEmail('ana@example.com'),
      client.rate(5),
      client.identify({ userId: 'u_123' }),
      client.submitProfile({ name: 'Ana' }),
    ];
    // Waits behind the requests, and goes out once they failed.
    const sent = client.send('Still here?');
    for (const request of requests) {
      const error = await request.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ConfabError);
      expect(error).toMatchObject({ code: 'CONFAB_NOT_CONNECTED', message: expect.stringContaining('request code') });
    }
    await expect(sent).resolves.toMatchObject({ text: 'Still here?', status: 'sent' });
    expect(relay.requests).toEqual([]);
    expect(relay.identifies).toEqual([]);
    expect(relay.profiles).toEqual([]);
    // A reconnect needs no request code when identify() never succeeded.
    relay.dropAll();
    await tick(1000);
    expect(client.state).toBe('open');
    expect(relay.identifies).toEqual([]);
    await expect(client.send('And now?')).resolves.toMatchObject({ status: 'sent' });
    client.close();
  });
});
