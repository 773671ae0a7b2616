import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ConfabError, ID_PATTERN } from '@confab/protocol';
import { deadline } from '../deadline.js';
import type { ByteRange } from './byte-range.js';
import { EMPTY_PAYLOAD_HASH, amzDate, signRequest, uriEncode } from './sigv4.js';
import { parseStoredMeta, type StoredUpload, type StoredUploadEntry, type StoredUploadMeta, type UploadStorage } from './upload-storage.js';

/** Options of {@link S3Storage}. */
export interface S3StorageOptions {
  /** The service's base URL, e.g. `https://s3.eu-central-1.amazonaws.com` or `http://127.0.0.1:9000` (MinIO). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Prepended to every object key, e.g. `confab/uploads/`. @default '' */
  prefix?: string;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint host>/<key>`; MinIO needs it. @default false */
  forcePathStyle?: boolean;
  /** Injected for tests. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Injected for tests. @default Date.now */
  now?: () => number;
  /** How long one request may take. @default 30000 */
  timeoutMs?: number;
}

// Metadata travels as x-amz-meta-* headers, which carry ASCII only: text values are percent-encoded.
const META_PREFIX = 'x-amz-meta-';

function metaHeaders(meta: StoredUploadMeta): Record<string, string> {
  const headers: Record<string, string> = {
    [`${META_PREFIX}conversation-id`]: meta.conversationId,
    [`${META_PREFIX}name`]: encodeURIComponent(meta.name),
    [`${META_PREFIX}type`]: meta.type,
    [`${META_PREFIX}size`]: String(meta.size),
    [`${META_PREFIX}created-at`]: String(meta.createdAt),
  };
  if (meta.width !== undefined && meta.height !== undefined) {
    headers[`${META_PREFIX}width`] = String(meta.width);
    headers[`${META_PREFIX}height`] = String(meta.height);
  }
  return headers;
}

function metaFromHeaders(headers: Headers): StoredUploadMeta | undefined {
  const read = (name: string) => headers.get(`${META_PREFIX}${name}`) ?? undefined;
  const number = (name: string) => {
    const text = read(name);
    return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
  };
  let name: string | undefined;
  try {
    name = decodeURIComponent(read('name') ?? '');
  } catch {
    return undefined;
  }
  return parseStoredMeta({
    conversationId: read('conversation-id'),
    name,
    type: read('type'),
    size: number('size'),
    createdAt: number('created-at'),
    width: number('width'),
    height: number('height'),
  });
}

/**
 * Keeps uploads in a bucket of any S3-compatible service (AWS S3, MinIO, Cloudflare R2, …): one
 * object per upload, metadata in `x-amz-meta-*` headers, requests signed with Signature V4. An
 * object is written in one PUT, so it is either wholly there or absent.
 */
export class S3Storage implements UploadStorage {
  readonly #options: Required<Omit<S3StorageOptions, 'fetch' | 'now'>>;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;

  constructor(options: S3StorageOptions) {
    this.#options = { prefix: '', forcePathStyle: false, timeoutMs: 30_000, ...options };
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#now = options.now ?? Date.now;
  }

  /** The object URL of an upload, path-style or virtual-host style. */
  objectUrl(id: string): URL {
    const { prefix } = this.#options;
    const key = `${prefix}${id}`.split('/').map(encodeURIComponent).join('/');
    return new URL(`${this.#bucketBase()}/${key}`);
  }

  /** The bucket's URL with a query, as ListObjectsV2 takes it (`GET /?list-type=2`, path-style `GET /<bucket>?list-type=2`). */
  bucketUrl(query: Readonly<Record<string, string>>): URL {
    const search = Object.entries(query).map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).join('&');
    const base = this.#bucketBase();
    return new URL(`${this.#options.forcePathStyle ? base : `${base}/`}?${search}`);
  }

  /** `<endpoint>/<bucket>` or `<bucket>.<endpoint host>`, with the endpoint's path and no trailing slash. */
  #bucketBase(): string {
    const { endpoint, bucket, forcePathStyle } = this.#options;
    const base = new URL(endpoint);
    const basePath = base.pathname.replace(/\/+$/, '');
    if (forcePathStyle) return `${base.protocol}//${base.host}${basePath}/${encodeURIComponent(bucket)}`;
    return `${base.protocol}//${bucket}.${base.host}${basePath}`;
  }

  async put(id: string, bytes: Uint8Array, meta: StoredUploadMeta): Promise<void> {
    checkId(id);
    const payloadHash = createHash('sha256').update(bytes).digest('hex');
    const response = await this.#send('PUT', this.objectUrl(id), id, payloadHash, bytes, { 'content-type': meta.type, 'content-length': String(bytes.length), ...metaHeaders(meta) });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw failure('store', id, response.status);
  }

  /**
   * A GET of the object, or of `range` with `Range: bytes=<start>-<end>`; the body streams as it is
   * read. A service that ignores the Range and answers 200 with the whole object is cut down to the
   * range here, so the client never gets bytes it did not ask for.
   */
  async get(id: string, range?: ByteRange): Promise<StoredUpload | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const rangeHeader: Record<string, string> = range === undefined ? {} : { range: `bytes=${range.start}-${range.end}` };
    // The body streams at the pace of the client downloading it: the timeout covers the wait for the answer only.
    const response = await this.#send('GET', this.objectUrl(id), id, EMPTY_PAYLOAD_HASH, undefined, rangeHeader, 'until-headers');
    if (response.status === 404) {
      await response.arrayBuffer().catch(() => undefined);
      return undefined;
    }
    const isWholeObject = response.status === 200;
    const isAskedRange = range !== undefined && response.status === 206 && response.headers.get('content-range')?.startsWith(`bytes ${range.start}-${range.end}/`) === true;
    if (!isWholeObject && !isAskedRange) {
      await response.arrayBuffer().catch(() => undefined);
      if (response.status !== 206) throw failure('read', id, response.status);
      throw new ConfabError('CONFAB_STORE_FAILED', `The bucket answered bytes ${JSON.stringify(response.headers.get('content-range'))} of upload "${id}" when ${range === undefined ? 'the whole object was' : `bytes ${range.start}-${range.end} were`} asked for`);
    }
    const meta = metaFromHeaders(response.headers);
    if (meta === undefined) {
      await response.body?.cancel().catch(() => undefined);
      throw new ConfabError('CONFAB_STORE_FAILED', `Object "${id}" in the bucket carries no Confab upload metadata`);
    }
    if (response.body === null) return { meta, body: Readable.from([]) };
    const body = response.body as NodeReadableStream<Uint8Array>;
    return { meta, body: range !== undefined && isWholeObject ? sliceOfWholeBody(id, body, range) : Readable.fromWeb(body) };
  }

  /** A HEAD of the object; undefined when it is missing or carries no Confab upload metadata (not one of ours). */
  async readMeta(id: string): Promise<StoredUploadMeta | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    const response = await this.#send('HEAD', this.objectUrl(id), id, EMPTY_PAYLOAD_HASH);
    await response.arrayBuffer().catch(() => undefined);
    if (response.status === 404) return undefined;
    if (!response.ok) throw failure('read', id, response.status);
    return metaFromHeaders(response.headers);
  }

  /**
   * The objects under the prefix whose key is an upload id, by ListObjectsV2 pages of up to
   * 1000 keys; `storedAt` is `LastModified`. Needs `s3:ListBucket`.
   */
  async *list(): AsyncIterable<StoredUploadEntry> {
    const { prefix } = this.#options;
    let continuationToken: string | undefined;
    do {
      const url = this.bucketUrl({ 'list-type': '2', 'max-keys': String(LIST_PAGE_SIZE), prefix, ...(continuationToken === undefined ? {} : { 'continuation-token': continuationToken }) });
      const response = await this.#send('GET', url, 'list', EMPTY_PAYLOAD_HASH);
      const xml = await response.text().catch((error: unknown) => {
        throw new ConfabError('CONFAB_STORE_FAILED', `Could not read the bucket listing: ${(error as Error).message}`, { cause: error });
      });
      if (!response.ok) throw failure('list', 'list', response.status);
      const page = parseListing(xml);
      for (const { key, lastModified } of page.objects) {
        const id = key.startsWith(prefix) ? key.slice(prefix.length) : '';
        const storedAt = Date.parse(lastModified);
        if (ID_PATTERN.test(id) && Number.isFinite(storedAt)) yield { id, storedAt };
      }
      continuationToken = page.nextContinuationToken;
    } while (continuationToken !== undefined);
  }

  async remove(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    const response = await this.#send('DELETE', this.objectUrl(id), id, EMPTY_PAYLOAD_HASH);
    await response.arrayBuffer().catch(() => undefined);
    // S3 answers 204 whether or not the object existed; some compatible services say 404.
    if (!response.ok && response.status !== 404) throw failure('remove', id, response.status);
  }

  /**
   * Signs and sends one request; `what` (an upload id, or `list`) names it in errors. The timeout
   * covers the whole exchange, or with `until-headers` only the wait for the status and headers.
   */
  async #send(
    method: string,
    url: URL,
    what: string,
    payloadHash: string,
    body?: Uint8Array,
    extraHeaders: Record<string, string> = {},
    timeout: 'whole-exchange' | 'until-headers' = 'whole-exchange',
  ): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders, 'x-amz-date': amzDate(new Date(this.#now())), 'x-amz-content-sha256': payloadHash };
    const { authorization } = signRequest({ method, url, headers, payloadHash }, this.#options);
    // Node's fetch sets content-length and host itself; both were signed with the values it sends.
    const { 'content-length': _length, ...sent } = headers;
    // 'whole-exchange' lets the limit lapse by itself, so it also covers the caller reading the body.
    const limit = deadline(this.#options.timeoutMs);
    try {
      return await this.#fetch(url, {
        method,
        headers: { ...sent, authorization },
        // Never a SharedArrayBuffer here; DOM's BodyInit type insists on saying so.
        ...(body === undefined ? {} : { body: body as Uint8Array<ArrayBuffer> }),
        signal: limit.signal,
      });
    } catch (error) {
      throw new ConfabError('CONFAB_STORE_FAILED', `The upload bucket at ${url.origin} could not be reached for ${method} "${what}": ${(error as Error).message}`, { cause: error });
    } finally {
      if (timeout === 'until-headers') limit.clear();
    }
  }
}

/**
 * The bytes of `range` out of a whole-object body (a service that answered a Range request with
 * 200): the bytes before it are skipped, and the download is cancelled once the range is complete.
 */
function sliceOfWholeBody(id: string, body: NodeReadableStream<Uint8Array>, range: ByteRange): Readable {
  const reader = body.getReader();
  let position = 0;
  return new Readable({
    async read() {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) throw new ConfabError('CONFAB_STORE_FAILED', `Upload "${id}" in the bucket ended at byte ${position}, before the bytes ${range.start}-${range.end} asked for`);
          const chunkStart = position;
          position += value.length;
          if (position <= range.start) continue;
          this.push(value.subarray(Math.max(0, range.start - chunkStart), range.end + 1 - chunkStart));
          if (position > range.end) this.push(null);
          return;
        }
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      // Ended or abandoned: either way the rest of the object is not wanted.
      reader.cancel().catch(() => undefined);
      callback(error);
    },
  });
}

/** Keys per ListObjectsV2 page: the most S3 returns in one. */
const LIST_PAGE_SIZE = 1000;

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (entity, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
    return XML_ENTITIES[name!] ?? entity;
  });
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match === null ? undefined : xmlText(match[1]!);
}

/** The keys, their `LastModified` and the next page's token from a ListObjectsV2 answer (`ListBucketResult`). */
function parseListing(xml: string): { objects: { key: string; lastModified: string }[]; nextContinuationToken: string | undefined } {
  const objects: { key: string; lastModified: string }[] = [];
  for (const [, contents] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    const key = element(contents!, 'Key');
    const lastModified = element(contents!, 'LastModified');
    if (key !== undefined && lastModified !== undefined) objects.push({ key, lastModified });
  }
  const isTruncated = element(xml, 'IsTruncated') === 'true';
  // A truncated page without a token would list the first page again, forever: stop there instead.
  return { objects, nextContinuationToken: isTruncated ? element(xml, 'NextContinuationToken') : undefined };
}

function checkId(id: string): void {
  if (!ID_PATTERN.test(id)) throw new ConfabError('CONFAB_REQUEST_INVALID', `Upload id ${JSON.stringify(id)} is not an id of 8 to 64 URL-safe characters`);
}

function failure(action: string, id: string, status: number): ConfabError {
  const hint = status !== 403 ? '' : action === 'list' ? ' (check the access key, secret, region and the s3:ListBucket permission)' : ' (check the access key, secret and region)';
  const subject = action === 'list' ? 'the uploads' : `upload "${id}"`;
  return new ConfabError('CONFAB_STORE_FAILED', `Could not ${action} ${subject} in the bucket: HTTP ${status}${hint}`);
}
