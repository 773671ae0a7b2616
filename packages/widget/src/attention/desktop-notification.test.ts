import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canNotify, notifyPermission, requestNotifyPermission, showNotification } from './desktop-notification.js';

/** A stand-in for the browser's `Notification`: records what was shown and answers the prompt with `answer`. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static answer: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission(callback?: (permission: NotificationPermission) => void): Promise<NotificationPermission> {
    FakeNotification.permission = FakeNotification.answer;
    callback?.(FakeNotification.answer);
    return Promise.resolve(FakeNotification.answer);
  }
  readonly title: string;
  readonly options: NotificationOptions;
  onclick: (() => void) | null = null;
  isClosed = false;
  constructor(title: string, options: NotificationOptions = {}) {
    this.title = title;
    this.options = options;
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.isClosed = true;
  }
}

let visibility: DocumentVisibilityState;

beforeEach(() => {
  FakeNotification.permission = 'granted';
  FakeNotification.answer = 'granted';
  FakeNotification.shown = [];
  vi.stubGlobal('Notification', FakeNotification);
  visibility = 'hidden';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const reply = { title: 'New message from Anna', body: 'Your parcel left our warehouse today.', tag: 'confab:conv-1' };

describe('desktop notifications', () => {
  it('report the permission, and unsupported where the browser has none', () => {
    expect([notifyPermission(), canNotify()]).toEqual(['granted', true]);
    FakeNotification.permission = 'denied';
    expect([notifyPermission(), canNotify()]).toEqual(['denied', false]);
    vi.stubGlobal('Notification', undefined);
    expect([notifyPermission(), canNotify()]).toEqual(['unsupported', false]);
  });

  it('ask for permission and resolve with the answer, never rejecting', async () => {
    FakeNotification.permission = 'default';
    FakeNotification.answer = 'denied';
    expect(await requestNotifyPermission()).toBe('denied');
    const Blocked = class extends FakeNotification {};
    Blocked.permission = 'default';
    Blocked.requestPermission = () => Promise.reject(new Error('blocked'));
    vi.stubGlobal('Notification', Blocked);
    expect(await requestNotifyPermission()).toBe('default');
    vi.stubGlobal('Notification', undefined);
    expect(await requestNotifyPermission()).toBe('unsupported');
  });

  it('work with browsers whose requestPermission only takes a callback', async () => {
    const Legacy = class extends FakeNotification {};
    Legacy.permission = 'default';
    Legacy.requestPermission = ((callback: (permission: NotificationPermission) => void) => {
      callback('granted');
      return undefined;
    }) as never;
    vi.stubGlobal('Notification', Legacy);
    expect(await requestNotifyPermission()).toBe('granted');
  });

  it('show a reply in a hidden page, tagged by conversation', () => {
    const notification = showNotification(reply) as unknown as FakeNotification;
    expect(FakeNotification.shown).toEqual([notification]);
    expect(notification.title).toBe('New message from Anna');
    expect(notification.options).toEqual({ body: 'Your parcel left our warehouse today.', tag: 'confab:conv-1' });
  });

  it('show nothing while the page is visible, without permission, or without the API', () => {
    visibility = 'visible';
    expect(showNotification(reply)).toBeUndefined();
    visibility = 'hidden';
    FakeNotification.permission = 'default';
    expect(showNotification(reply)).toBeUndefined();
    expect(FakeNotification.shown).toEqual([]);
    vi.stubGlobal('Notification', undefined);
    expect(() => showNotification(reply)).not.toThrow();
  });

  it('never throw where only a service worker may show notifications', () => {
    vi.stubGlobal(
      'Notification',
      class extends FakeNotification {
        constructor() {
          super('');
          throw new TypeError("Failed to construct 'Notification': Illegal constructor.");
        }
      },
    );
    expect(showNotification(reply)).toBeUndefined();
  });

  it('cut long bodies to 120 characters without splitting an emoji', () => {
    const body = `${'a'.repeat(118)}😀😀 and more`;
    const shown = (showNotification({ ...reply, body }) as unknown as FakeNotification).options.body!;
    expect(Array.from(shown)).toHaveLength(120);
    expect(shown).toBe(`${'a'.repeat(118)}😀…`);
    const short = (showNotification({ ...reply, body: '  Thanks\n\nfor waiting  ' }) as unknown as FakeNotification).options.body;
    expect(short).toBe('Thanks for waiting');
  });

  it('focus the window, close and call onClick when clicked', () => {
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {});
    const onClick = vi.fn();
    const notification = showNotification({ ...reply, onClick }) as unknown as FakeNotification;
    notification.onclick!();
    expect(focus).toHaveBeenCalledOnce();
    expect(notification.isClosed).toBe(true);
    expect(onClick).toHaveBeenCalledOnce();
  });
});
