import { createHash, createHmac } from 'node:crypto';

/** The SHA-256 of an empty payload, which GET and DELETE requests sign. */
export const EMPTY_PAYLOAD_HASH = createHash('sha256').update('').digest('hex');

/** Credentials and scope of AWS Signature Version 4. */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** @default 's3' */
  service?: string;
}

/** A request to sign: every header given is signed (`host` is taken from the URL when absent). */
export interface SigV4Request {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`); sent as `x-amz-content-sha256`. */
  payloadHash: string;
}

/** The parts of a signature, for a caller that checks one (the test S3 server) or logs why it differs. */
export interface SigV4Signature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
  /** The `Authorization` header value. */
  authorization: string;
}

/** Percent-encodes everything but the unreserved characters, as SigV4 requires (RFC 3986, upper-case hex). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20130524T000000Z` for a date. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Each path segment decoded and encoded once: S3 signs the path as sent, without double encoding. */
function canonicalPath(url: URL): string {
  const path = url.pathname === '' ? '/' : url.pathname;
  return path
    .split('/')
    .map((segment) => {
      try {
        return uriEncode(decodeURIComponent(segment));
      } catch {
        return uriEncode(segment);
      }
    })
    .join('/');
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams].map(([key, value]) => [uriEncode(key), uriEncode(value)] as const);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

/**
 * Signs a request with AWS Signature Version 4 (header-based, `AWS4-HMAC-SHA256`), as S3 and
 * S3-compatible services (MinIO, R2) check it. `headers` must already hold `x-amz-date`;
 * `x-amz-content-sha256` is added from `payloadHash` when missing.
 * @example
 * const { authorization } = signRequest({ method: 'GET', url, headers: { 'x-amz-date': amzDate(now) }, payloadHash: EMPTY_PAYLOAD_HASH }, credentials);
 */
export function signRequest(request: SigV4Request, credentials: SigV4Credentials): SigV4Signature {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  if (!headers.has('host')) headers.set('host', request.url.host);
  if (!headers.has('x-amz-content-sha256')) headers.set('x-amz-content-sha256', request.payloadHash);
  const dateTime = headers.get('x-amz-date');
  if (dateTime === undefined || !/^\d{8}T\d{6}Z$/.test(dateTime)) throw new TypeError('signRequest needs an x-amz-date header such as 20130524T000000Z');
  const names = [...headers.keys()].sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.url),
    canonicalQuery(request.url),
    names.map((name) => `${name}:${headers.get(name)}\n`).join(''),
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const day = dateTime.slice(0, 8);
  const service = credentials.service ?? 's3';
  const scope = `${day}/${credentials.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', dateTime, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region), service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    stringToSign,
    signature,
    signedHeaders,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}
