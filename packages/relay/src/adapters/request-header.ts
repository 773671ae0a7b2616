/** Incoming request headers as Node gives them, or a plain record written by hand or a test. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The first value of header `name` (lowercase). Node lowercases incoming names, but a plain record
 * may not (`Webhook-Id`), so other spellings are found too.
 */
export function requestHeader(headers: RequestHeaders, name: string): string | undefined {
  const key = name in headers ? name : Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}
