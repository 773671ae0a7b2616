import { ConfabError } from '@confab/protocol';
import { expect, vi } from 'vitest';
import { createClient, type ChatClient } from '../chat-client.js';
import type { ClientEvents } from '../events.js';
import type { ClientOptions } from '../options.js';
import { memoryStorage, type ClientStorage } from '../storage.js';
import { FakeRelay } from './fake-relay.js';
import { FakeChannels, FakeLocks } from './fake-tabs.js';

type EventName = keyof ClientEvents;
type Entry = { [K in EventName]: [K, ClientEvents[K]] }[EventName];
const EVENT_NAMES: EventName[] = [
  'state',
  'session',
  'message',
  'delivery',
  'typing',
  'read',
  'seen',
  'notify',
  'conversation',
  'draft',
  'draft-end',
  'availability',
  'pre-chat',
  'identity',
  'reset',
  'error',
];

/** Every event a client emitted, in order. */
export interface EventLog {
  readonly all: Entry[];
  of<K extends EventName>(name: K): ClientEvents[K][];
}

/** Records every event of `client`. */
export function recordEvents(client: ChatClient): EventLog {
  const all: Entry[] = [];
  for (const name of EVENT_NAMES) client.on(name, (payload) => all.push([name, payload] as Entry));
  return {
    all,
    of: <K extends EventName>(name: K) => all.filter((entry) => entry[0] === name).map((entry) => entry[1] as ClientEvents[K]),
  };
}

/** Lets fake time pass (0: just run what is due, including microtasks). Needs `vi.useFakeTimers()`. */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/** A client wired to a fake relay, with fake-timer-friendly defaults and an event log. */
export interface Setup {
  relay: FakeRelay;
  client: ChatClient;
  storage: ClientStorage;
  events: EventLog;
}

/** Creates a client on `relay` (a new one by default) with in-memory storage and `random` fixed at 0.5. */
export function setup(options: Partial<ClientOptions> & { relay?: FakeRelay } = {}): Setup {
  const { relay = new FakeRelay(), ...rest } = options;
  // A mode ('local', 'session', 'none') goes to the client as is; the harness then keeps its own memory storage to inspect.
  const storage = typeof rest.storage === 'object' ? rest.storage : memoryStorage();
  const client = createClient({ url: 'wss://relay.test', WebSocket: relay.WebSocket, storage, random: () => 0.5, ...rest });
  return { relay, client, storage, events: recordEvents(client) };
}

/**
 * One browser origin whose tabs share `localStorage`, BroadcastChannels and Web Locks, installed
 * as globals (undo with `vi.unstubAllGlobals()`). Clients on `storage` join each other as tabs.
 */
export function browserOrigin(): { storage: ClientStorage; channels: FakeChannels; locks: FakeLocks } {
  const storage = memoryStorage();
  const channels = new FakeChannels();
  const locks = new FakeLocks();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('BroadcastChannel', channels.BroadcastChannel);
  vi.stubGlobal('navigator', { locks });
  return { storage, channels, locks };
}

/** Resolves with the `ConfabError` `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<ConfabError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfabError);
    return error as ConfabError;
  }
  throw new Error('expected a rejection');
}
