/** Longer bodies are cut here: notification bubbles show two or three lines at most. */
const MAX_BODY = 120;

/** Whether desktop notifications may be shown: `unsupported` where the browser has no `Notification`. */
export type NotifyPermission = NotificationPermission | 'unsupported';

/** What a notification says, and what a click on it does. */
export interface ReplyNotification {
  /** The first line, e.g. `strings.notificationTitle(agentName)`. */
  title: string;
  /** The message text; cut to about 120 characters. */
  body: string;
  /**
   * One tag per conversation, so the notifications of several tabs or messages replace each
   * other instead of piling up.
   */
  tag: string;
  /** Called after a click focused the window (open the chat there). */
  onClick?: () => void;
}

const api = (): typeof Notification | undefined => (globalThis as { Notification?: typeof Notification }).Notification;

/** The notification permission of this site, or `unsupported`. */
export function notifyPermission(): NotifyPermission {
  return api()?.permission ?? 'unsupported';
}

/** Whether {@link showNotification} can show something: the browser has notifications and the shopper allowed them. */
export function canNotify(): boolean {
  return notifyPermission() === 'granted';
}

/**
 * Asks the shopper for permission to show notifications. Browsers allow (and show) the prompt
 * only from a user gesture, so call it from a click, never on page load. Resolves with the
 * permission; never rejects.
 */
export async function requestNotifyPermission(): Promise<NotifyPermission> {
  const Notify = api();
  if (!Notify) return 'unsupported';
  try {
    // Safari before 15 only takes a callback and returns undefined.
    return await new Promise<NotificationPermission>((resolve) => {
      const answer = Notify.requestPermission(resolve);
      void answer?.then(resolve, () => resolve(Notify.permission));
    });
  } catch {
    return Notify.permission;
  }
}

/** `text` cut to `max` characters (never inside a surrogate pair), with an ellipsis when cut. */
function truncate(text: string, max: number): string {
  const characters = Array.from(text.trim().replace(/\s+/g, ' '));
  return characters.length <= max ? characters.join('') : `${characters.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * Shows a desktop notification for a reply, if the shopper allowed them and the page is hidden
 * (a visible page shows the reply itself). A click focuses the window, closes the notification
 * and calls `onClick`. Returns the notification, or `undefined` when none was shown. Never throws.
 */
export function showNotification({ title, body, tag, onClick }: ReplyNotification): Notification | undefined {
  const Notify = api();
  if (!Notify || Notify.permission !== 'granted' || document.visibilityState !== 'hidden') return undefined;
  let notification: Notification;
  try {
    notification = new Notify(title, { body: truncate(body, MAX_BODY), tag });
  } catch {
    // Chrome on Android allows notifications only from a service worker and throws here.
    return undefined;
  }
  notification.onclick = () => {
    window.focus();
    notification.close();
    onClick?.();
  };
  return notification;
}
