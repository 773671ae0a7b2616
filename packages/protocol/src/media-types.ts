/**
 * Whether media type `type` is one of `accepted`, which may hold wildcards such as `image/*` and
 * `*\/*`. Case and parameters (`; charset=utf-8`) do not matter. The relay checks a sniffed type
 * with it; the client and the widget check the browser's guess before uploading, the same way.
 * @example isTypeAccepted('image/png', ['image/*', 'application/pdf']) // true
 */
export function isTypeAccepted(type: string, accepted: readonly string[]): boolean {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return accepted.some((pattern) => {
    const wanted = pattern.trim().toLowerCase();
    return wanted === bare || wanted === '*/*' || (wanted.endsWith('/*') && bare.startsWith(wanted.slice(0, -1)));
  });
}
