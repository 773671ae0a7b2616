import { createHmac } from 'node:crypto';
import { ConfabError } from '@confab/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startTestRelay } from '../../relay/src/test-support/relay.js';
import { createClient, type ChatClient } from './chat-client.js';
import type { ClientStorage } from './storage.js';

/** A storage whose keys a test can list, like `localStorage`'s. */
function listableStorage(): ClientStorage & { keys(): string[] } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    keys: () => [...items.keys()].sort(),
  };
}

const SECRET = 'shop-identity-secret-0123456789';

/** An HS256 JWT for `payload`, as a shop's server would sign it. */
function jwtFor(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${signingInput}.${createHmac('sha256', SECRET).update(signingInput).digest('base64url')}`;
}

/** A 1×1 PNG, which the relay sniffs as image/png and measures. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('ChatClient on the real relay', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Resolves once `check` holds, re-checking on every event. */
  function until(client: ChatClient, check: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => reject(new Error('condition not met within 5 s')), 5_000);
      const offs = (['state', 'session', 'message', 'delivery'] as const).map((event) =>
        client.on(event, () => {
          if (!check()) return;
          clearTimeout(timer);
          for (const off of offs) off();
          resolve();
        }),
      );
    });
  }

  it('starts a brand-new conversation after reset(), with nothing of the old one in storage or memory', async () => {
    const relay = await startTestRelay();
    cleanups.push(() => relay.close());
    const storage = listableStorage();
    const client = createClient({ url: relay.baseUrl, WebSocket, storage, backoff: { baseMs: 10, maxMs: 50 } });
    cleanups.push(() => client.close());
    await until(client, () => client.state === 'open');
    await client.send('My order never came');
    const oldConversation = client.conversationId!;
    const oldToken = storage.getItem('confab:token');
    expect(oldToken).toMatch(/^[A-Za-z0-9_-]{21,}$/);

    client.reset();
    expect(storage.keys()).toEqual([]);
    expect(client.messages).toEqual([]);
    client.connect();
    await until(client, () => client.state === 'open');
    expect(client.conversationId).toBeDefined();
    expect(client.conversationId).not.toBe(oldConversation);
    expect(client.messages).toEqual([]);
    expect(storage.getItem('confab:token')).not.toBe(oldToken);
    await client.send('Hello again');
    expect(client.messages.map((message) => message.text)).toEqual(['Hello again']);

    // The old conversation is still on the relay for the agents, untouched.
    const page = await relay.api<{ messages: { text: string }[] }>('GET', `/v1/agent/conversations/${oldConversation}/messages`);
    expect(page.body.messages.map((message) => message.text)).toEqual(['My order never came']);
  });

  async function connected(options: Parameters<typeof startTestRelay>[0] = {}) {
    const relay = await startTestRelay(options);
    cleanups.push(() => relay.close());
    const storage = listableStorage();
    const client = createClient({ url: relay.baseUrl, WebSocket, storage, backoff: { baseMs: 10, maxMs: 50 } });
    cleanups.push(() => client.close());
    await until(client, () => client.state === 'open');
    return { relay, client, storage };
  }

  it('uploads a file, sends it with an empty text, and both the client and the relay serve it under one absolute URL', async () => {
    const { relay, client, storage } = await connected();
    expect(client.limits.maxUploadBytes).toBeGreaterThan(0);
    const attachment = await client.upload(new Blob([PNG], { type: 'image/png' }), 'dot.png');
    expect(attachment).toMatchObject({ name: 'dot.png', type: 'image/png', size: PNG.length, width: 1, height: 1 });
    expect(attachment.url.startsWith(`${relay.baseUrl}/`)).toBe(true);
    const sent = await client.send('', { attachments: [attachment] });
    expect(sent.attachments).toEqual([attachment]);
    const served = await fetch(attachment.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);

    // The relay stores the URL relative to itself; a second client on the same session (a reload)
    // gets the stored message from the relay with the URL made absolute again.
    const page = await relay.api<{ messages: { attachments?: { url: string }[] }[] }>(
      'GET',
      `/v1/agent/conversations/${client.conversationId}/messages`,
    );
    expect(page.body.messages[0]!.attachments![0]!.url).toBe(new URL(attachment.url).pathname);
    client.close();
    const reloaded = createClient({ url: relay.baseUrl, WebSocket, storage, backoff: { baseMs: 10, maxMs: 50 } });
    cleanups.push(() => reloaded.close());
    await until(reloaded, () => reloaded.messages.length === 1);
    expect(reloaded.messages[0]!.attachments).toEqual([attachment]);
  });

  it('is refused by the relay’s sniffing what the Blob type claimed, with CONFAB_UPLOAD_TYPE_REFUSED', async () => {
    const { client } = await connected();
    const error = await client.upload(new Blob([Buffer.from('MZ\x90\x00 not really an image')], { type: 'image/png' }), 'x.png').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfabError);
    expect((error as ConfabError).code).toBe('CONFAB_UPLOAD_TYPE_REFUSED');
  });

  it('identifies with a hash, refuses a wrong one, and refreshes an expired JWT once', async () => {
    const { relay, client } = await connected({ identitySecret: SECRET });
    const hash = createHmac('sha256', SECRET).update('user-42').digest('hex');
    await client.identify({ userId: 'user-42', name: 'Ana', hash });
    expect(client.isIdentified).toBe(true);
    const summary = await relay.api<{ identity?: unknown }>('GET', `/v1/agent/conversations/${client.conversationId}`);
    expect(summary.body.identity).toEqual({ userId: 'user-42', name: 'Ana', isVerified: true });

    const wrong = await client.identify({ userId: 'user-42', hash: 'f'.repeat(64) }).catch((caught: unknown) => caught);
    expect((wrong as ConfabError).code).toBe('CONFAB_IDENTITY_INVALID');

    const expired = jwtFor({ sub: 'user-7', exp: Math.floor(Date.now() / 1000) - 60 });
    const refresh = vi.fn(async () => jwtFor({ sub: 'user-7', name: 'Mei', exp: Math.floor(Date.now() / 1000) + 600 }));
    await client.identify({ jwt: expired, refresh });
    expect(refresh).toHaveBeenCalledTimes(1);
    const after = await relay.api<{ identity?: unknown }>('GET', `/v1/agent/conversations/${client.conversationId}`);
    expect(after.body.identity).toEqual({ userId: 'user-7', name: 'Mei', isVerified: true });
  });

  it('shows the pre-chat form until the profile is stored, and not after a reload', async () => {
    const preChat = { when: 'always' as const, fields: [{ key: 'name', isRequired: true }, { key: 'order' }] };
    const { relay, client, storage } = await connected({ preChat });
    expect(client.preChat).toEqual(preChat);
    await client.submitProfile({ name: 'Ana', order: 'A-1042' });
    expect(client.preChat).toBeUndefined();
    const summary = await relay.api<{ profile?: unknown }>('GET', `/v1/agent/conversations/${client.conversationId}`);
    expect(summary.body.profile).toEqual({ name: 'Ana', order: 'A-1042' });
    client.close();
    const reloaded = createClient({ url: relay.baseUrl, WebSocket, storage, backoff: { baseMs: 10, maxMs: 50 } });
    cleanups.push(() => reloaded.close());
    await until(reloaded, () => reloaded.state === 'open');
    expect(reloaded.conversationId).toBe(client.conversationId);
    expect(reloaded.preChat).toBeUndefined();
  });
});
