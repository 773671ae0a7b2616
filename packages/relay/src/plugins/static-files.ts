import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** `Cache-Control` of content-hashed files: a new build has new names, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `Cache-Control` of the widget loader: shops pick up a deploy within five minutes (ETag revalidates). */
export const LOADER_CACHE = 'public, max-age=300';
/** `Cache-Control` of HTML entry points: always revalidated, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';

/**
 * Where the built widget script lives: `dist/script/` of the installed `@confab/widget`, or
 * undefined when the package cannot be found.
 */
export function findWidgetScriptDir(): string | undefined {
  try {
    const packageJson = createRequire(import.meta.url).resolve('@confab/widget/package.json');
    return join(dirname(packageJson), 'dist', 'script');
  } catch {
    return undefined;
  }
}

/** Where the console build lands: `packages/relay/console-dist/` (the same from `src/` and `dist/`). */
export function defaultConsoleDir(): string {
  return fileURLToPath(new URL('../../console-dist/', import.meta.url));
}

/** Options of {@link staticFiles}. */
export interface StaticFilesOptions {
  /** The widget's built script folder; undefined when `@confab/widget` is not installed. */
  widgetDir: string | undefined;
  consoleDir: string;
  /** Served at `/` when `dev` is set. */
  demoDir: string | undefined;
  dev: boolean;
}

interface FolderOptions {
  root: string;
  /** Where the folder appears (not `prefix`, which Fastify would apply to the plugin itself as well). */
  urlPrefix: string;
  /** Redirect `/prefix` to `/prefix/`, where index.html is served. */
  hasIndex: boolean;
  /**
   * Serve `<file>.br` or `<file>.gz` where one exists and the client accepts it (the widget build
   * writes both), with `Vary: Accept-Encoding`.
   */
  preCompressed?: boolean;
  /**
   * Sets caching and other headers for a file, given its path relative to `root` with `/`
   * separators: the file asked for, also when its `.br` or `.gz` is what is sent.
   */
  setHeaders(reply: FastifyReply, file: string): void;
}

/** A precompressed file's path without its encoding's extension. */
function withoutEncoding(path: string): string {
  return path.replace(/\.(br|gz)$/, '');
}

const serveFolder: FastifyPluginAsync<FolderOptions> = async (app, options) => {
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: options.urlPrefix,
    decorateReply: false,
    // Cache-Control is chosen per file in setHeaders; ETag and Last-Modified let clients revalidate.
    cacheControl: false,
    etag: true,
    lastModified: true,
    dotfiles: 'ignore',
    // Even where no index.html exists, looking for one turns a folder URL into a 404 (not a 403).
    index: ['index.html'],
    redirect: options.hasIndex,
    // A missing folder is reported once by staticFiles, in words that say what to do.
    suppressWarning: true,
    preCompressed: options.preCompressed ?? false,
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header('x-content-type-options', 'nosniff');
      const file = relative(options.root, options.preCompressed ? withoutEncoding(path) : path);
      options.setHeaders(reply, file.split(sep).join('/'));
    },
  });
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function consoleSecurityPolicy(host: string | undefined): string {
  // The console holds the agent token: only its own scripts may run, and it may talk only to this relay.
  const safeHost = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : undefined;
  const sockets = safeHost ? ` ws://${safeHost} wss://${safeHost}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Lit templates may carry style attributes; styles cannot run code, scripts stay locked down.
    "style-src 'self' 'unsafe-inline'",
    // Product pictures come from the shops' own sites.
    "img-src 'self' data: https: http:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Static files: the widget bundle at `/widget/` (loader cached 5 minutes, hashed chunks forever,
 * readable from any shop's origin), the agent console at `/console/` (HTML revalidated, hashed
 * assets forever) and, in dev mode, the demo shop at `/`. A folder that is not built yet gets one
 * warning and 404s until it appears.
 */
export const staticFiles: FastifyPluginAsync<StaticFilesOptions> = async (app, options) => {
  const { widgetDir, consoleDir, demoDir } = options;

  if (widgetDir === undefined) {
    app.log.warn('The @confab/widget package was not found, so /widget/ answers 404; install and build it (pnpm build)');
  } else {
    if (!isDirectory(widgetDir)) {
      app.log.warn({ dir: widgetDir }, 'The widget bundle is not built, so /widget/ answers 404 until it is; run pnpm build');
    }
    await app.register(serveFolder, {
      root: widgetDir,
      urlPrefix: '/widget/',
      hasIndex: false,
      preCompressed: true,
      setHeaders(reply, file) {
        reply.header('cache-control', file.startsWith('assets/') ? IMMUTABLE : LOADER_CACHE);
        // The loader imports its chunks as ES modules from the shop's page: a cross-origin,
        // CORS-mode fetch. They are public, so any origin may read them.
        reply.header('access-control-allow-origin', '*');
        reply.header('cross-origin-resource-policy', 'cross-origin');
      },
    });
  }

  if (!isDirectory(consoleDir)) {
    app.log.warn({ dir: consoleDir }, 'The agent console is not built, so /console/ answers 404 until it is; run pnpm build');
  }
  await app.register(serveFolder, {
    root: consoleDir,
    // Without the trailing slash, @fastify/static also answers `/console` with a redirect to `/console/`.
    urlPrefix: '/console',
    hasIndex: true,
    preCompressed: true,
    setHeaders(reply, file) {
      if (file.startsWith('assets/')) {
        reply.header('cache-control', IMMUTABLE);
        return;
      }
      reply.header('cache-control', REVALIDATE);
      if (file.endsWith('.html')) {
        reply.header('content-security-policy', consoleSecurityPolicy(reply.request.headers.host));
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-frame-options', 'DENY');
      }
    },
  });

  if (options.dev && demoDir !== undefined) {
    await app.register(serveFolder, {
      root: demoDir,
      urlPrefix: '/',
      hasIndex: true,
      setHeaders(reply) {
        reply.header('cache-control', REVALIDATE);
      },
    });
  }
};
