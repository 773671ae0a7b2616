/** The part of a `BroadcastChannel` the client uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** A `BroadcastChannel` constructor: `globalThis.BroadcastChannel` in browsers. */
export type BroadcastChannelLike = new (name: string) => ChannelLike;

/** The part of the Web Locks API (`navigator.locks`) the client uses. */
export interface LocksLike {
  request(name: string, options: { steal: boolean }, callback: () => unknown): Promise<unknown>;
}

/** How a client reaches the shopper's other tabs: the browser's, when its storage is localStorage. */
export interface TabsOptions {
  /** Carries read positions, unsent messages and notification hand-overs between tabs. */
  BroadcastChannel?: BroadcastChannelLike;
  /** Elects the one tab that emits `notify` for a message. */
  locks?: LocksLike;
}

/** The part of `document` the election watches. */
export interface PageLike {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/**
 * What one tab tells the others. `v` is the format version. The channel is open to any script of
 * the origin (and other releases of the SDK), so the receiver checks every field it uses and
 * ignores messages whose version or shape it does not know.
 * - `read`: the shopper has read the conversation up to `seq`;
 * - `notified`: a tab notified up to `seq`, so no tab does it again;
 * - `outbox`: the sender stored a new unsent message; the others adopt it from storage, to show and send it too;
 * - `reset`: the sender's `reset()` wiped the stored session; the others drop theirs from memory.
 *
 * `post()` adds `hidden`: whether the sender's page was hidden then.
 */
export type TabMessage =
  | { v: 1; type: 'read' | 'notified'; conversationId: string; seq: number; hidden?: boolean }
  | { v: 1; type: 'outbox' | 'reset'; hidden?: boolean };

/** The link to the shopper's other tabs that the client uses; see {@link joinTabs}. */
export interface Tabs {
  /** Whether this tab notifies: it holds the lock, or there is no lock to hold. */
  readonly isNotifier: boolean;
  /** Tells the other tabs, adding whether this page is hidden; they see it in a later task, never this one. */
  post(message: TabMessage): void;
  /** Takes over notifying if this tab is visible and does not notify yet (another tab that is hidden did). */
  claim(): void;
  /** Releases the lock and closes the channel. */
  close(): void;
}

/**
 * Joins the other tabs of one shopper (clients on the same storage): opens a BroadcastChannel
 * named `${name}:tabs`, whose messages go to `receive` unchecked, and takes part in electing
 * the tab that notifies. That tab holds the Web Lock `${name}:notify` for as long as its client
 * lives; the others wait in line for it. A visible tab that does not hold it steals it when it
 * becomes visible, and when a hidden tab notified (`claim()`), so a visible tab notifies whenever
 * there is one, and two visible tabs do not take it from each other. Without Web Locks every tab
 * counts as the notifier (a client on its own always is).
 */
export function joinTabs(name: string, options: TabsOptions, receive: (data: unknown) => void, page: PageLike | undefined = globalThis.document): Tabs {
  const { BroadcastChannel, locks } = options;
  const channel = BroadcastChannel && new BroadcastChannel(`${name}:tabs`);
  let isClosed = false;
  let release: (() => void) | undefined;
  // A tab that was stolen from while it already waited in line waits twice; harmless, as each
  // wait granted after close() is released at once (and a tab holds the lock at most once).
  const request = (steal: boolean): unknown =>
    locks!
      .request(`${name}:notify`, { steal }, () => {
        if (isClosed) return;
        tabs.isNotifier = true;
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch((error: Error) => {
        if (isClosed) return;
        // Stolen by a visible tab: wait in line to take over when it goes. Anything else means
        // Web Locks are unusable here (an opaque origin): this tab notifies alone.
        tabs.isNotifier = error.name !== 'AbortError';
        if (!tabs.isNotifier) request(false);
      });
  const tabs = {
    isNotifier: !locks,
    post: (message: TabMessage) => channel?.postMessage({ ...message, hidden: page?.visibilityState !== 'visible' }),
    claim: () => {
      if (page?.visibilityState === 'visible' && !tabs.isNotifier && locks) request(true);
    },
    close() {
      isClosed = true;
      tabs.isNotifier = false;
      release?.();
      page?.removeEventListener('visibilitychange', tabs.claim);
      channel?.close();
    },
  };
  channel?.addEventListener('message', ({ data }) => receive(data));
  if (locks) {
    page?.addEventListener('visibilitychange', tabs.claim);
    request(page?.visibilityState === 'visible');
  }
  return tabs;
}
