import { createRequire } from 'node:module';
import { createId, type Attachment } from '@confab/protocol';

// The client package has no server dependencies (it stays dependency-free); the relay's Fastify
// is borrowed for these tests instead of adding a devDependency just for them.
const requireFromRelay = createRequire(new URL('../../../relay/package.json', import.meta.url));
const Fastify = requireFromRelay('fastify') as (options: object) => FastifyLike;

interface ReplyLike {
  code(status: number): ReplyLike;
  send(body: unknown): unknown;
}
interface RequestLike {
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: Buffer;
}
interface FastifyLike {
  addContentTypeParser(type: string | RegExp, options: object, parser: (request: unknown, body: Buffer, done: (error: null, body: Buffer) => void) => void): void;
  post(path: string, handler: (request: RequestLike, reply: ReplyLike) => unknown): void;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
}

/** One upload the server received. */
export interface ReceivedUpload {
  name: string;
  contentType: string | undefined;
  authorization: string | undefined;
  bytes: Buffer;
}

/**
 * A Fastify server on a loopback port speaking the relay's upload contract: `POST
 * <base>/v1/uploads?name=…` with a bearer token and the raw bytes; 201 with an `Attachment` whose
 * `url` is relative, or the error bodies `{ statusCode, code, error, message }`.
 */
export interface UploadServer {
  /** `http://127.0.0.1:<port>` plus the base path. */
  readonly url: string;
  readonly received: ReceivedUpload[];
  /** The only token accepted; anything else gets 401 CONFAB_AUTH_REJECTED. */
  token: string | undefined;
  maxBytes: number;
  /** Types taken, by exact match on the sniffed type (here: the Content-Type). */
  types: string[];
  close(): Promise<void>;
}

/** Starts an {@link UploadServer} under `basePath` (e.g. `/chat`). */
export async function startUploadServer(basePath = ''): Promise<UploadServer> {
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  app.addContentTypeParser(/^.*/, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const server: UploadServer = {
    url: '',
    received: [],
    token: undefined,
    maxBytes: 1024,
    types: ['image/png', 'text/plain'],
    close: () => app.close(),
  };
  const refuse = (reply: ReplyLike, statusCode: number, code: string, error: string, message: string) =>
    reply.code(statusCode).send({ statusCode, code, error, message });
  app.post(`${basePath}/v1/uploads`, (request, reply) => {
    const name = request.query['name'] ?? '';
    const contentType = request.headers['content-type'];
    const authorization = request.headers['authorization'];
    const bytes = request.body ?? Buffer.alloc(0);
    server.received.push({ name, contentType, authorization, bytes });
    if (authorization !== `Bearer ${server.token}`) return refuse(reply, 401, 'CONFAB_AUTH_REJECTED', 'Unauthorized', 'Unknown session token');
    if (bytes.length > server.maxBytes) return refuse(reply, 413, 'CONFAB_UPLOAD_TOO_LARGE', 'Payload Too Large', 'Too large');
    if (!server.types.includes(contentType ?? '')) return refuse(reply, 415, 'CONFAB_UPLOAD_TYPE_REFUSED', 'Unsupported Media Type', 'Refused type');
    const id = createId();
    const attachment: Attachment = { id, name, type: contentType!, size: bytes.length, url: `/v1/uploads/${id}/${encodeURIComponent(name)}` };
    return reply.code(201).send(attachment);
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return Object.assign(server, { url: `${address}${basePath}` });
}
