import type { BroadcastChannelLike, ChannelLike, LocksLike, PageLike } from '../tabs.js';

type MessageListener = (event: { data: unknown }) => void;

/**
 * The BroadcastChannels of one origin: a channel's message reaches every other open channel of
 * the same name (never the sender), as a structured clone, in a later microtask. Posting on a
 * closed channel throws, as in browsers.
 */
export class FakeChannels {
  /** Every message posted, with the channel name, in order. */
  readonly posted: { name: string; data: unknown }[] = [];
  /** Messages are queued instead of delivered until `release()`. */
  isHolding = false;
  readonly #open = new Set<FakeChannel>();
  #held: (() => void)[] = [];

  /** The constructor to use as `BroadcastChannel`. */
  get BroadcastChannel(): BroadcastChannelLike {
    const channels = this;
    return class extends FakeChannel {
      constructor(name: string) {
        super(name, channels);
      }
    };
  }

  /** How many channels are open. */
  get openCount(): number {
    return this.#open.size;
  }

  /** Delivers the held messages, in order. */
  release(): void {
    const held = this.#held;
    this.#held = [];
    for (const deliver of held) deliver();
  }

  /** Posts `data` as a script on the page would: to every open channel of that name. */
  inject(name: string, data: unknown): void {
    this.#send(undefined, name, data);
  }

  /** @internal */
  join(channel: FakeChannel): void {
    this.#open.add(channel);
  }

  /** @internal */
  leave(channel: FakeChannel): void {
    this.#open.delete(channel);
  }

  /** @internal */
  send(from: FakeChannel, data: unknown): void {
    this.posted.push({ name: from.name, data });
    this.#send(from, from.name, data);
  }

  #send(from: FakeChannel | undefined, name: string, data: unknown): void {
    const copy = structuredClone(data);
    const deliver = (): void => {
      for (const channel of this.#open) if (channel !== from && channel.name === name) channel.dispatch(structuredClone(copy));
    };
    if (this.isHolding) this.#held.push(deliver);
    else queueMicrotask(deliver);
  }
}

class FakeChannel implements ChannelLike {
  readonly name: string;
  readonly #channels: FakeChannels;
  readonly #listeners: MessageListener[] = [];
  #isClosed = false;

  constructor(name: string, channels: FakeChannels) {
    this.name = name;
    this.#channels = channels;
    channels.join(this);
  }

  postMessage(message: unknown): void {
    if (this.#isClosed) throw new DOMException('BroadcastChannel is closed', 'InvalidStateError');
    this.#channels.send(this, message);
  }

  addEventListener(_type: 'message', listener: MessageListener): void {
    this.#listeners.push(listener);
  }

  close(): void {
    this.#isClosed = true;
    this.#channels.leave(this);
  }

  dispatch(data: unknown): void {
    if (!this.#isClosed) for (const listener of this.#listeners) listener({ data });
  }
}

interface Request {
  callback: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The Web Locks of one origin, exclusive mode only: `request()` waits in line, `steal` takes the
 * lock from its holder (whose request then rejects with an AbortError), and a lock is held until
 * the promise its callback returned settles. Grants happen in a microtask.
 */
export class FakeLocks implements LocksLike {
  readonly #held = new Map<string, Request>();
  readonly #queues = new Map<string, Request[]>();

  /** How many requests wait in line for `name`. */
  waiting(name: string): number {
    return this.#queues.get(name)?.length ?? 0;
  }

  /** Whether someone holds `name`. */
  isHeld(name: string): boolean {
    return this.#held.has(name);
  }

  request(name: string, options: { steal: boolean }, callback: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request = { callback, resolve, reject };
      if (options.steal) {
        const holder = this.#held.get(name);
        if (holder) holder.reject(new DOMException('The lock was stolen', 'AbortError'));
        this.#grant(name, request);
        return;
      }
      const queue = this.#queues.get(name) ?? [];
      this.#queues.set(name, [...queue, request]);
      this.#next(name);
    });
  }

  #next(name: string): void {
    if (this.#held.has(name)) return;
    const [first, ...rest] = this.#queues.get(name) ?? [];
    if (!first) return;
    this.#queues.set(name, rest);
    this.#grant(name, first);
  }

  #grant(name: string, request: Request): void {
    this.#held.set(name, request);
    const release = (): void => {
      if (this.#held.get(name) !== request) return;
      this.#held.delete(name);
      this.#next(name);
    };
    queueMicrotask(() => {
      Promise.resolve(request.callback()).then(
        (value) => {
          release();
          request.resolve(value);
        },
        (error: unknown) => {
          release();
          request.reject(error);
        },
      );
    });
  }
}

/** A page whose visibility a test sets; `document` for one tab. */
export class FakePage extends EventTarget implements PageLike {
  visibilityState: 'visible' | 'hidden';

  constructor(visibilityState: 'visible' | 'hidden' = 'visible') {
    super();
    this.visibilityState = visibilityState;
  }

  /** Shows or hides the page, firing `visibilitychange`. */
  show(isVisible: boolean): void {
    this.visibilityState = isVisible ? 'visible' : 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}
