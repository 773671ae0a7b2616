import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { signRequest } from '../sigv4.js';

/** An object held by the fake server. */
export interface FakeS3Object {
  body: Buffer;
  headers: Record<string, string>;
}

/** A running fake S3 service. */
export interface FakeS3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Objects by `<bucket>/<key>`. */
  readonly objects: Map<string, FakeS3Object>;
  /** How many requests were refused for their signature. */
  readonly refusals: () => number;
  close(): Promise<void>;
}

/**
 * A tiny S3-compatible server on 127.0.0.1 for tests: path-style PUT, GET and DELETE of objects
 * kept in memory. Each request's SigV4 signature is recomputed from what arrived, with the
 * credentials given; a mismatch, a wrong key id or a body that does not match its hash is 403.
 */
export async function startFakeS3Server(credentials: { accessKeyId: string; secretAccessKey: string; region: string }): Promise<FakeS3Server> {
  const objects = new Map<string, FakeS3Object>();
  let refusals = 0;

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
    const expected = signRequest({ method: request.method ?? 'GET', url: new URL(request.url ?? '/', 'http://placeholder'), headers, payloadHash }, credentials).signature;
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
      const key = decodeURIComponent(new URL(request.url ?? '/', 'http://placeholder').pathname.slice(1));
      if (request.method === 'PUT') {
        const headers: Record<string, string> = { 'content-type': String(request.headers['content-type'] ?? 'binary/octet-stream') };
        for (const [name, value] of Object.entries(request.headers)) if (name.startsWith('x-amz-meta-') && typeof value === 'string') headers[name] = value;
        objects.set(key, { body, headers });
        response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      } else if (request.method === 'GET') {
        const object = objects.get(key);
        if (!object) response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
        else response.writeHead(200, { ...object.headers, 'content-length': object.body.length }).end(object.body);
      } else if (request.method === 'DELETE') {
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
