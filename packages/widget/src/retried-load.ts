/**
 * `load`, run on the first call and its promise kept for the later ones. A load that fails
 * (offline, a blocked chunk) resolves to `undefined` and is forgotten, so the next call tries
 * again: a lazy part that cannot arrive costs one render or one notice, not the feature.
 */
export function retriedLoad<T>(load: () => Promise<T>): () => Promise<T | undefined> {
  let kept: Promise<T | undefined> | undefined;
  return () => (kept ??= load().catch(() => (kept = undefined)));
}
