import { expect } from 'vitest';
import type { Attachment } from '@confab/protocol';
import type { Adapter, AdapterDelivery } from '../adapters/adapter.js';
import type { TestRelay } from './relay.js';

/**
 * Posts a file to a test relay's upload endpoint as a visitor (their session token) or as an
 * agent (the agent token and `conversationId`), and returns the answer as it came.
 */
export async function postUpload(
  relay: TestRelay,
  token: string,
  name: string,
  bytes: Uint8Array,
  conversationId?: string,
): Promise<{ status: number; body: Attachment }> {
  const query = new URLSearchParams({ name, ...(conversationId === undefined ? {} : { conversationId }) });
  const response = await fetch(`${relay.baseUrl}/v1/uploads?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as Attachment };
}

/** {@link postUpload} that must succeed: the stored attachment. */
export async function upload(relay: TestRelay, token: string, name: string, bytes: Uint8Array, conversationId?: string): Promise<Attachment> {
  const { status, body } = await postUpload(relay, token, name, bytes, conversationId);
  expect(status).toBe(201);
  return body;
}

/** An adapter that takes every delivery and keeps it, for tests to look at. */
export function recordingAdapter(name = 'desk'): { adapter: Adapter; seen: AdapterDelivery[] } {
  const seen: AdapterDelivery[] = [];
  return {
    seen,
    adapter: {
      name,
      async attempt(delivery) {
        seen.push(delivery);
        return { kind: 'delivered' };
      },
    },
  };
}
