import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ConfabError, ID_PATTERN } from '@confab/protocol';
import { AuthRejectedError, NotFoundError, OriginRejectedError, RequestInvalidError, toHttpErrorReply } from '../errors.js';
import { isOriginAllowed } from '../origin.js';
import { isSameSecret } from '../secrets.js';
import { rangeLength, selectByteRange, type ByteRange } from './byte-range.js';
import type { SentUploads } from './unsent-upload-sweeper.js';
import { RangeNotSatisfiableError, UploadTooLargeError, UploadTypeRefusedError } from './upload-errors.js';
import { UPLOADS_PATH, type UploadService } from './upload-service.js';
import type { StoredUploadMeta } from './upload-storage.js';

/** Options of {@link uploadsPlugin}. */
export interface UploadsPluginOptions {
  service: UploadService;
  /** The conversation a visitor session token opens, or undefined for a token the relay never issued. */
  authenticateVisitor(token: string): Promise<string | undefined>;
  /** The agent token; with it, the conversation is named by `?conversationId=`. */
  agentToken: string;
  /** Shop origins whose pages may upload, as for the visitor socket (the relay's own origin always may). */
  allowedOrigins: ReadonlySet<string>;
  /**
   * The relay's conversations and sent messages (its `Store` fits). With them, an agent upload must
   * name a conversation that exists, and from `onReady` to `onClose` files no stored message
   * carries are swept once `service.unsentRetentionMinutes` old. Without them, neither happens.
   */
  records?: UploadRecords;
}

/** What the upload routes ask the relay's store. */
export interface UploadRecords extends SentUploads {
  /** The conversation with this id, or undefined when there is none. */
  getConversation(id: string): Promise<object | undefined>;
}

/** Room for a request that is a few bytes over, so it gets the service's exact message. */
const BODY_LIMIT_MARGIN = 1024;

/** Raster images shown in place; everything else is a download. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/**
 * Types served under their own name. Anything else (SVG, HTML, XML, unknown) is served as
 * `application/octet-stream`: a type a browser will not render is the one protection that does
 * not depend on the browser honouring `nosniff`, `Content-Disposition` and the sandbox CSP.
 */
const SERVED_AS_IS = new Set([
  ...INLINE_TYPES,
  'image/heic',
  'image/bmp',
  'image/x-icon',
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/mp4',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]);

const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, X-Confab-Filename';

/** `Content-Disposition` with an ASCII fallback name and the exact UTF-8 one (RFC 6266, RFC 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The media type a stored upload is served with: text gets its charset, risky types none at all. */
export function servedType(type: string): string {
  if (type === 'text/plain') return 'text/plain; charset=utf-8';
  return SERVED_AS_IS.has(type) ? type : 'application/octet-stream';
}

/** Maps the service's and Fastify's errors to relay HTTP errors carrying their status. */
function asHttpError(error: unknown): unknown {
  const candidate = error as { code?: unknown; message?: string };
  if (candidate?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new UploadTooLargeError('The upload is larger than this relay takes (limits.maxUploadBytes in welcome)');
  if (!(error instanceof ConfabError)) return error;
  if (error.code === 'CONFAB_UPLOAD_TOO_LARGE') return new UploadTooLargeError(error.message);
  if (error.code === 'CONFAB_UPLOAD_TYPE_REFUSED') return new UploadTypeRefusedError(error.message);
  return error;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function fileNameOf(request: FastifyRequest<{ Querystring: { name?: unknown } }>): string {
  const fromQuery = request.query.name;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const header = request.headers['x-confab-filename'];
  if (typeof header !== 'string' || header === '') return '';
  // Headers carry Latin-1 only, so clients percent-encode the name; a name sent raw is kept as is.
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

/**
 * Attachment uploads and downloads (docs/attachments.md):
 * - `POST /v1/uploads?name=<file name>`: the raw file as the body, `Authorization: Bearer <visitor
 *   session token>` (or the agent token plus `?conversationId=`); answers 201 with the `Attachment`.
 * - `GET /v1/uploads/:id/:name`: the file, streamed, with headers that keep it from running as a
 *   page; one `Range` is answered 206 (or 416), and `HEAD` reads only the metadata.
 * CORS is answered for the allowed shop origins, so the widget can upload from the shop's pages.
 */
export const uploadsPlugin: FastifyPluginAsync<UploadsPluginOptions> = async (app, options) => {
  const { service, agentToken, allowedOrigins, records } = options;
  const conversationOf = new WeakMap<FastifyRequest, string>();

  if (records !== undefined) {
    const sweeper = service.unsentSweeper(records, app.log.child({ component: 'unsent-upload-sweeper' }));
    app.addHook('onReady', async () => sweeper.start());
    app.addHook('onClose', async () => sweeper.stop());
  }

  app.setErrorHandler((error, request, reply) => {
    const { body, isServerFault } = toHttpErrorReply(asHttpError(error), request.id);
    if (isServerFault) request.log.error({ err: error }, 'upload request failed');
    return reply.code(body.statusCode).send(body);
  });

  // Set before anything can fail, so that a browser can read error answers too.
  app.addHook('onRequest', async (request, reply) => {
    // Always, so a file cached from an <img> (no Origin) is not reused for a CORS fetch without its allow header.
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (isOriginAllowed(origin, request.headers.host, allowedOrigins)) {
      reply.header('access-control-allow-origin', origin);
      return;
    }
    // Downloads stay open to any page (an <img> on the agent console, a link opened elsewhere): the id is the capability.
    if (request.method === 'GET' || request.method === 'HEAD') return;
    request.log.warn({ origin }, 'upload refused: origin not allowed');
    throw new OriginRejectedError(`Origin ${JSON.stringify(origin)} may not upload files; add it to allowedOrigins (CONFAB_ALLOWED_ORIGINS) on the relay`);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: service.maxBytes + BODY_LIMIT_MARGIN }, (_request, body, done) => done(null, body));

  app.options(UPLOADS_PATH, async (_request, reply) => {
    reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', CORS_ALLOWED_HEADERS)
      .header('access-control-max-age', '600')
      .code(204);
  });

  const authenticate = async (request: FastifyRequest<{ Querystring: { conversationId?: unknown } }>, reply: FastifyReply): Promise<void> => {
    const token = bearerToken(request);
    if (token === undefined) {
      reply.header('www-authenticate', 'Bearer realm="confab-uploads"');
      throw new AuthRejectedError('Missing "Authorization: Bearer <visitor session token>" header');
    }
    if (isSameSecret(token, agentToken)) {
      const conversationId = request.query.conversationId;
      if (typeof conversationId !== 'string' || !ID_PATTERN.test(conversationId)) {
        throw new RequestInvalidError('An agent upload names its conversation: add ?conversationId=<conversation id>');
      }
      // Checked here, before the body is read, so a file is never stored against nothing.
      if (records !== undefined && (await records.getConversation(conversationId)) === undefined) {
        throw new NotFoundError(`Conversation ${JSON.stringify(conversationId)} does not exist; upload to a conversation the agent API lists`);
      }
      conversationOf.set(request, conversationId);
      return;
    }
    const conversationId = await options.authenticateVisitor(token);
    if (conversationId === undefined) {
      reply.header('www-authenticate', 'Bearer realm="confab-uploads"');
      throw new AuthRejectedError('The session token was refused; upload with the token from the chat welcome');
    }
    conversationOf.set(request, conversationId);
  };

  app.post<{ Querystring: { name?: unknown; conversationId?: unknown } }>(
    UPLOADS_PATH,
    // Checked before the body is read: a refused request never gets megabytes buffered.
    { onRequest: authenticate },
    async (request, reply) => {
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const attachment = await service.save({ conversationId: conversationOf.get(request)!, name: fileNameOf(request), bytes });
      return reply.code(201).send(attachment);
    },
  );

  const notFound = (id: string) => new NotFoundError(`Upload ${JSON.stringify(id.slice(0, 64))} does not exist`);

  /** The headers every answer with a stored file's bytes carries, whole or a range, and every HEAD. */
  const fileHeaders = (reply: FastifyReply, meta: StoredUploadMeta): FastifyReply =>
    reply
      .header('accept-ranges', 'bytes')
      .header('content-type', servedType(meta.type))
      .header('content-disposition', contentDisposition(INLINE_TYPES.has(meta.type) ? 'inline' : 'attachment', meta.name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'cross-origin')
      // The id never names other bytes, so a browser may keep the file for good; private: it is one conversation's.
      .header('cache-control', 'private, max-age=31536000, immutable');

  /**
   * The part of the file a GET asks for with `Range`, or undefined for the whole file. Without a
   * Range header, or with `If-Range` (the relay sends no validators to match, so the RFC says: the
   * whole file), the size is not needed and the file is opened in one step.
   */
  const rangeAsked = async (request: FastifyRequest, reply: FastifyReply, id: string): Promise<ByteRange | undefined> => {
    const header = request.headers.range;
    if (header === undefined || request.headers['if-range'] !== undefined) return undefined;
    const meta = await service.readMeta(id);
    if (meta === undefined) throw notFound(id);
    const selection = selectByteRange(header, meta.size);
    if (selection.kind === 'whole') return undefined;
    if (selection.kind === 'part') return selection.range;
    reply.header('accept-ranges', 'bytes').header('content-range', `bytes */${meta.size}`);
    const accepted = meta.size === 0 ? 'the file is empty' : `ask for bytes 0 to ${meta.size - 1}`;
    throw new RangeNotSatisfiableError(`Range ${JSON.stringify(header.slice(0, 100))} asks for no byte of this ${meta.size}-byte file; ${accepted}, or send no Range`);
  };

  // A download in flight would hold close() open until its client had read the last byte (minutes
  // for a slow phone), or keep its connection alive past close when it ends during it: cut them
  // instead, as closing did when files were sent from memory. Ranges let a client resume.
  const downloads = new Set<FastifyReply>();
  app.addHook('preClose', async () => {
    for (const reply of downloads) reply.raw.destroy();
  });

  // HEAD is declared with GET, not derived by Fastify, whose derived HEAD would read the whole file to throw it away.
  app.route<{ Params: { id: string; name: string } }>({
    method: ['GET', 'HEAD'],
    url: `${UPLOADS_PATH}/:id/:name`,
    handler: async (request, reply) => {
      const { id } = request.params;
      if (request.method === 'HEAD') {
        // Range applies to GET only (RFC 9110 section 14.2): a HEAD describes the whole file.
        const meta = await service.readMeta(id);
        if (meta === undefined) throw notFound(id);
        return fileHeaders(reply, meta).header('content-length', String(meta.size)).send();
      }
      const range = await rangeAsked(request, reply, id);
      const upload = await service.open(id, range);
      if (upload === undefined) throw notFound(id);
      const { meta, body } = upload;
      downloads.add(reply);
      reply.raw.once('close', () => downloads.delete(reply));
      fileHeaders(reply, meta);
      if (range === undefined) return reply.header('content-length', String(meta.size)).send(body);
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${meta.size}`)
        .header('content-length', String(rangeLength(range)))
        .send(body);
    },
  });
};
