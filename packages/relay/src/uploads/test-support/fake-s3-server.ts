import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { signRequest } from '../sigv4.js';

// request.url holds only the path and query; a URL needs some origin to parse them against.
const PATH_BASE = 'http://fake-s3.invalid';

/** An object held by the fake server. */
export interface FakeS3Object {
  body: Buffer;
  headers: Record<string, string>;
  /** Milliseconds since the epoch, listed as `LastModified`; tests may move it back to age an object. */
  lastModified: number;
}

/** A running fake S3 service. */
export interface FakeS3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Objects by `<bucket>/<key>`. */
  readonly objects: Map<string, FakeS3Object>;
  /** How many requests were refused for their signature. */
  readonly refusals: () => number;
  /** Keys (`<bucket>/<key>`) whose DELETE answers 500, as a failing service would. */
  readonly failingDeletes: Set<string>;
  /** Every request as `<METHOD> <path and query>`, in arrival order. */
  readonly requests: string[];
  /** The `Range` header of every object GET that carried one, in arrival order. */
  readonly ranges: string[];
  close(): Promise<void>;
}

/** How the fake server behaves. */
export interface FakeS3Options {
  /**
   * Whether an object GET honours one `Range: bytes=…` with 206 and `Content-Range`, as S3 does;
   * `false` answers 200 with the whole object, as a service without range support may. @default true
   */
  honoursRange?: boolean;
}

/** The inclusive range one `bytes=a-b`, `bytes=a-` or `bytes=-n` names in `size` bytes; null for a header S3 would ignore. */
function rangeIn(header: string, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header);
  if (match === null || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') return Number(last) === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - Number(last)), end: size - 1 };
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A tiny S3-compatible server on 127.0.0.1 for tests: path-style PUT, GET (with one `Range`, unless
 * told to ignore it), HEAD and DELETE of objects kept in memory, and ListObjectsV2 (`GET /<bucket>?list-type=2`, pages of `max-keys`). Each request's SigV4 signature is recomputed from what arrived, with the
 * credentials given; a mismatch, a wrong key id or a body that does not match its hash is 403.
 */
export async function startFakeS3Server(credentials: { accessKeyId: string; secretAccessKey: string; region: string }, options: FakeS3Options = {}): Promise<FakeS3Server> {
  const { honoursRange = true } = options;
  const objects = new Map<string, FakeS3Object>();
  const failingDeletes = new Set<string>();
  const requests: string[] = [];
  const ranges: string[] = [];
  let refusals = 0;

  /** ListObjectsV2 over the keys of one bucket, in key order; the continuation token is the last key listed. */
  const listing = (bucket: string, query: URLSearchParams): string => {
    const prefix = query.get('prefix') ?? '';
    const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), 1000);
    const after = query.get('continuation-token');
    const keys = [...objects.keys()]
      .filter((path) => path.startsWith(`${bucket}/${prefix}`))
      .map((path) => path.slice(bucket.length + 1))
      .sort()
      .filter((key) => after === null || key > after);
    const page = keys.slice(0, maxKeys);
    const isTruncated = keys.length > page.length;
    const contents = page.map((key) => {
      const object = objects.get(`${bucket}/${key}`)!;
      return `<Contents><Key>${escapeXml(key)}</Key><LastModified>${new Date(object.lastModified).toISOString()}</LastModified><Size>${object.body.length}</Size></Contents>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${isTruncated}</IsTruncated>${contents.join('')}${isTruncated ? `<NextContinuationToken>${escapeXml(page.at(-1)!)}</NextContinuationToken>` : ''}</ListBucketResult>`;
  };

  const isAuthentic = (request: IncomingMessage, body: Buffer): boolean => {
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([a-z0-9;-]+),Signature=([0-9a-f]{64})$/.exec(request.headers.authorization ?? '');
    if (!match || match[1] !== credentials.accessKeyId || match[3] !== credentials.region) return false;
    const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
    if (payloadHash !== createHash('sha256').update(body).digest('hex')) return false;
    const headers: Record<string, string> = {};
    for (const name of match[4]!.split(';')) {
      const value = request.headers[name];
      if (value === undefined) return false;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const expected = signRequest({ method: request.method ?? 'GET', url: new URL(request.url ?? '/', PATH_BASE), headers, payloadHash }, credentials).signature;
    return timingSafeEqual(Buffer.from(expected), Buffer.from(match[5]!));
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!isAuthentic(request, body)) {
        refusals++;
        response.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      requests.push(`${request.method} ${request.url}`);
      const url = new URL(request.url ?? '/', PATH_BASE);
      const key = decodeURIComponent(url.pathname.slice(1));
      if (request.method === 'GET' && url.searchParams.get('list-type') === '2' && !key.includes('/')) {
        response.writeHead(200, { 'content-type': 'application/xml' }).end(listing(key, url.searchParams));
      } else if (request.method === 'PUT') {
        const headers: Record<string, string> = { 'content-type': String(request.headers['content-type'] ?? 'binary/octet-stream') };
        for (const [name, value] of Object.entries(request.headers)) if (name.startsWith('x-amz-meta-') && typeof value === 'string') headers[name] = value;
        objects.set(key, { body, headers, lastModified: Date.now() });
        response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      } else if (request.method === 'GET' || request.method === 'HEAD') {
        const object = objects.get(key);
        const rangeHeader = request.method === 'GET' ? request.headers.range : undefined;
        if (rangeHeader !== undefined) ranges.push(rangeHeader);
        const range = rangeHeader === undefined || !honoursRange || !object ? null : rangeIn(rangeHeader, object.body.length);
        if (!object) response.writeHead(404, { 'content-type': 'application/xml' }).end(request.method === 'HEAD' ? undefined : '<Error><Code>NoSuchKey</Code></Error>');
        else if (range === 'unsatisfiable') response.writeHead(416, { 'content-type': 'application/xml', 'content-range': `bytes */${object.body.length}` }).end('<Error><Code>InvalidRange</Code></Error>');
        else if (range !== null) {
          response
            .writeHead(206, { ...object.headers, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${object.body.length}` })
            .end(object.body.subarray(range.start, range.end + 1));
        } else response.writeHead(200, { ...object.headers, 'content-length': object.body.length }).end(request.method === 'HEAD' ? undefined : object.body);
      } else if (request.method === 'DELETE') {
        if (failingDeletes.has(key)) {
          response.writeHead(500, { 'content-type': 'application/xml' }).end('<Error><Code>InternalError</Code></Error>');
          return;
        }
        // S3 answers 204 No Content whether or not the key existed.
        objects.delete(key);
        response.writeHead(204).end();
      } else {
        response.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake S3 server did not bind a TCP port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    objects,
    refusals: () => refusals,
    failingDeletes,
    requests,
    ranges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
