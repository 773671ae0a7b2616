/** Options of {@link watchLocation}. */
export interface WatchLocationOptions {
  /** @default window */
  window?: Window;
  /** How often to compare `location.href` where the Navigation API is missing. @default 1000 */
  pollMs?: number;
}

// The Navigation API (https://developer.mozilla.org/docs/Web/API/Navigation_API) is not in
// TypeScript's DOM library yet; this is the one part of it we use.
interface NavigationLike {
  addEventListener(type: 'currententrychange', listener: () => void): void;
  removeEventListener(type: 'currententrychange', listener: () => void): void;
}

/**
 * Calls `onChange(href)` when the page URL changes without a page load, as single-page shops do
 * with `history.pushState()`.
 *
 * We never wrap `history.pushState`: other scripts (routers, analytics) wrap it too, the order of
 * wrappers is fragile, and a wrapper cannot be removed safely. Instead we listen to `popstate`
 * and `hashchange`, plus the Navigation API's `currententrychange`, which also reports
 * `pushState` and `replaceState` where it exists (Chromium). Elsewhere we compare
 * `location.href` on a slow interval: one string comparison a second costs nothing measurable,
 * and browsers throttle it further in background tabs.
 *
 * @returns a function that stops watching.
 */
export function watchLocation(onChange: (href: string) => void, options: WatchLocationOptions = {}): () => void {
  const win = options.window ?? window;
  let last = win.location.href;
  const check = () => {
    const href = win.location.href;
    if (href === last) return;
    last = href;
    onChange(href);
  };
  const candidate = (win as Window & { navigation?: NavigationLike }).navigation;
  const navigation = typeof candidate?.addEventListener === 'function' ? candidate : undefined;
  // Each target with the event to listen to there.
  const events: Array<[Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, string]> = [
    [win, 'popstate'],
    [win, 'hashchange'],
  ];
  if (navigation) events.push([navigation, 'currententrychange']);
  for (const [target, type] of events) target.addEventListener(type, check);
  const interval = navigation ? undefined : setInterval(check, options.pollMs ?? 1000);
  return () => {
    for (const [target, type] of events) target.removeEventListener(type, check);
    clearInterval(interval);
  };
}
