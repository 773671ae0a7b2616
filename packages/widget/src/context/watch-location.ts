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
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  const candidate = (win as Window & { navigation?: NavigationLike }).navigation;
  const navigation = typeof candidate?.addEventListener === 'function' ? candidate : undefined;
  let interval: ReturnType<typeof setInterval> | undefined;
  if (navigation) {
    navigation.addEventListener('currententrychange', check);
  } else {
    interval = setInterval(check, options.pollMs ?? 1000);
  }
  return () => {
    win.removeEventListener('popstate', check);
    win.removeEventListener('hashchange', check);
    navigation?.removeEventListener('currententrychange', check);
    if (interval !== undefined) clearInterval(interval);
  };
}
