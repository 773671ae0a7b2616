import Fastify, { type FastifyInstance } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, type Limits } from '@confab/protocol';
import { ConversationService } from './conversations.js';
import { NotFoundError, ShuttingDownError, toHttpErrorReply } from './errors.js';
import { startHeartbeat, type Heartbeat } from './heartbeat.js';
import { InProcessHub, type Hub } from './hub.js';
import { resolveRelayOptions, type RelayOptions, type ResolvedRelayOptions } from './options.js';
import type { Adapter, AdapterContext, AdapterDelivery } from './adapters/adapter.js';
import { createAdapterContext } from './adapters/adapter-context.js';
import { consoleAdapter } from './adapters/console/console.js';
import { createAdapter } from './adapters/create-adapter.js';
import { OutboxDispatcher } from './outbox/outbox-dispatcher.js';
import { OutboxService } from './outbox/outbox-service.js';
import { agentApi } from './plugins/agent-api.js';
import { agentSocket } from './plugins/agent-socket.js';
import { health } from './plugins/health.js';
import { rememberUpgradeResponse } from './plugins/socket-handover.js';
import { defaultConsoleDir, findWidgetScriptDir, staticFiles } from './plugins/static-files.js';
import { visitorSocket } from './plugins/visitor-socket.js';
import { widgetConfig } from './plugins/widget-config.js';
import { QuickReplyService } from './quick-replies.js';
import { createRelayUploads, type RelayUploads } from './relay-uploads.js';
import { hashToken } from './secrets.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { Delivery, Store } from './store/store.js';

/** What a relay app exposes to code that embeds it (tests, custom servers); see `app.confab`. */
export interface RelayContext {
  /** The settings the relay runs with, including the (possibly generated) agent token. */
  readonly options: ResolvedRelayOptions;
  readonly store: Store;
  readonly hub: Hub;
  readonly conversations: ConversationService;
  /** True from the moment shutdown starts. */
  isDraining(): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The relay's settings, store and hub. */
    confab: RelayContext;
  }
}

function closeSocket(socket: WebSocket, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) return resolve();
    const timer = setTimeout(() => socket.terminate(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close(CLOSE_CODES.GOING_AWAY, 'relay shutting down');
  });
}

/**
 * Builds the relay: a Fastify app with the visitor socket, the agent stream and API, `/healthz`,
 * the widget, console and (dev) demo files. It does not listen; call `app.listen()` or use
 * `startRelay()`. `app.close()` drains: sockets close with 4010, then the store is flushed and closed.
 * Throws `CONFAB_CONFIG_INVALID` for bad options and `CONFAB_STORE_FAILED` when the data
 * directory cannot be used.
 * @example
 * const app = await createRelay({ dataDir: './.confab-data', agentToken: process.env.TOKEN });
 * await app.listen({ port: 8787, host: '127.0.0.1' });
 */
export async function createRelay(options: RelayOptions = {}): Promise<FastifyInstance> {
  const settings = resolveRelayOptions(options);
  const ownsStore = settings.store === undefined;
  const store = settings.store ?? SqliteStore.open({ dataDir: settings.dataDir });
  const hub = settings.hub ?? new InProcessHub();
  let uploads: RelayUploads | undefined;
  try {
    uploads = createRelayUploads(settings.uploads, settings.dataDir, settings.now);
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  const limits: Limits = {
    maxTextLength: settings.maxTextLength,
    maxFrameBytes: settings.maxFrameBytes,
    ...(uploads === undefined ? {} : { maxUploadBytes: uploads.maxBytes, uploadTypes: [...uploads.types] }),
  };
  const adapters = [...settings.adapters.map(createAdapter), ...settings.customAdapters];
  const { chain } = settings.routing;
  // The console answers by name in a chain without being configured as an adapter.
  if (chain.includes('console') && !adapters.some((adapter) => adapter.name === 'console')) adapters.push(consoleAdapter({ type: 'console', name: 'console' }));
  const consoleName = settings.adapters.find((config) => config.type === 'console')?.name ?? (chain.includes('console') ? 'console' : undefined);
  /** Each adapter's outbox dispatcher and context, by adapter name. */
  const dispatchers = new Map<string, OutboxDispatcher>();
  const contexts = new Map<string, AdapterContext>();
  const conversations = new ConversationService({
    store,
    hub,
    maxTextLength: settings.maxTextLength,
    now: settings.now,
    typingExpiryMs: settings.typingExpiryMs,
    audience: { observers: adapters.map((adapter) => adapter.name).filter((name) => !chain.includes(name)), chain },
    ...(consoleName === undefined ? {} : { consoleAdapter: consoleName }),
    ...(uploads === undefined ? {} : { uploads: uploads.service }),
    onDeliveries: () => dispatchers.forEach((dispatcher) => dispatcher.wake()),
    onLiveEvent: (event, recipients) => {
      for (const adapter of adapters) {
        if (!adapter.notify || !recipients.includes(adapter.name)) continue;
        try {
          adapter.notify(event, contexts.get(adapter.name)!);
        } catch (error) {
          app.log.warn({ err: error, adapter: adapter.name }, 'adapter failed to take a live event');
        }
      }
    },
  });
  const quickReplies = new QuickReplyService({ store, hub, now: settings.now });
  let draining = false;

  let app: FastifyInstance;
  try {
    app = Fastify({
      logger: {
        level: settings.logLevel,
        ...(settings.logStream ? { stream: settings.logStream } : {}),
        // Tokens never reach the logs, even if a serializer starts logging headers one day.
        redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      },
      // Draining answers carry our error body (CONFAB_SHUTTING_DOWN), from the hook below.
      return503OnClosing: false,
    });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }

  app.decorate('confab', {
    options: settings,
    store,
    hub,
    conversations,
    isDraining: () => draining,
  } satisfies RelayContext);

  for (const adapter of adapters) {
    const log = app.log.child({ adapter: adapter.name });
    const context = createAdapterContext(adapter.name, conversations, store, log);
    contexts.set(adapter.name, context);
    const target = {
      name: adapter.name,
      attempt: (delivery: Delivery, signal: AbortSignal) => adapter.attempt(delivery as unknown as AdapterDelivery, { ...context, signal }),
    };
    dispatchers.set(adapter.name, new OutboxDispatcher({ store, target, log, now: settings.now }));
  }
  const outbox = new OutboxService({ store, dispatchers, now: settings.now });
  // Deliveries left by an earlier run go out as soon as the relay is up.
  app.addHook('onReady', async () => dispatchers.forEach((dispatcher) => dispatcher.start()));
  let heartbeat: Heartbeat | undefined;
  app.addHook('onClose', async () => {
    heartbeat?.stop();
    conversations.dispose();
    await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.stop()));
    for (const adapter of adapters) await adapter.close?.().catch((error: unknown) => app.log.warn({ err: error, adapter: adapter.name }, 'adapter failed to close'));
    if (ownsStore) await store.close();
  });
  try {
    await registerRoutes(app, settings, { conversations, quickReplies, hub, limits, adapters, contexts, outbox, uploads }, {
      isDraining: () => draining,
      startDraining: () => {
        draining = true;
      },
      startHeartbeat: (started) => {
        heartbeat = started;
      },
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

interface Services {
  adapters: readonly Adapter[];
  contexts: ReadonlyMap<string, AdapterContext>;
  outbox: OutboxService;
  conversations: ConversationService;
  quickReplies: QuickReplyService;
  hub: Hub;
  limits: Limits;
  /** Undefined when the relay takes no files (setting `uploads: false`). */
  uploads: RelayUploads | undefined;
}

interface LifecycleHooks {
  isDraining(): boolean;
  startDraining(): void;
  startHeartbeat(heartbeat: Heartbeat): void;
}

/** Registers the error replies, the drain guard, the WebSocket server and every route plugin. */
async function registerRoutes(
  app: FastifyInstance,
  settings: ResolvedRelayOptions,
  { conversations, quickReplies, hub, limits, adapters, contexts, outbox, uploads }: Services,
  hooks: LifecycleHooks,
): Promise<void> {
  for (const warning of settings.warnings) app.log.warn(warning);

  app.setErrorHandler((error, request, reply) => {
    const { body, isServerFault } = toHttpErrorReply(error, request.id);
    if (isServerFault) request.log.error({ err: error }, 'request failed');
    return reply.code(body.statusCode).send(body);
  });
  app.setNotFoundHandler((request) => {
    throw new NotFoundError(`Nothing at ${request.method} ${request.url.split('?')[0]}`);
  });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: settings.maxFrameBytes },
    // Only errors thrown by a route handler reach this: once a connection is set up, its
    // SocketChannel owns the socket's 'error' events (see plugins/socket-handover.ts).
    errorHandler(error, socket, request) {
      request.log.error({ err: error }, 'websocket handler failed');
      socket.terminate();
    },
    async preClose() {
      hooks.startDraining();
      const server = app.websocketServer;
      await Promise.all([...server.clients].map((socket) => closeSocket(socket, settings.shutdownGraceMs)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  hooks.startHeartbeat(startHeartbeat(app.websocketServer, settings.heartbeatMs));
  // Added after the WebSocket plugin on purpose: its own onRequest hook must mark upgrade requests
  // first, or a refused upgrade's socket would never be destroyed and would hold shutdown open.
  app.addHook('onRequest', async (request) => {
    if (hooks.isDraining() && request.url !== '/healthz') throw new ShuttingDownError();
  });
  app.addHook('onRequest', rememberUpgradeResponse);

  await app.register(health, { hub, store: app.confab.store, startedAt: Date.now(), isDraining: hooks.isDraining });
  await app.register(visitorSocket, {
    conversations,
    allowedOrigins: new Set(settings.allowedOrigins),
    limits,
    heartbeatMs: settings.heartbeatMs,
    handshakeTimeoutMs: settings.handshakeTimeoutMs,
    messagesPerMinute: settings.messagesPerMinute,
    maxQueuedBytes: settings.maxQueuedBytes,
    closeGraceMs: settings.closeGraceMs,
    now: settings.now,
    businessHours: settings.businessHours,
    preChat: settings.preChat,
    identitySecret: settings.identitySecret,
  });
  await app.register(agentSocket, {
    hub,
    agentToken: settings.agentToken,
    heartbeatMs: settings.heartbeatMs,
    handshakeTimeoutMs: settings.handshakeTimeoutMs,
    maxQueuedBytes: settings.maxQueuedBytes,
    closeGraceMs: settings.closeGraceMs,
    now: settings.now,
  });
  await app.register(agentApi, { prefix: '/v1/agent', conversations, quickReplies, outbox, agentToken: settings.agentToken });
  await app.register(widgetConfig, { proactive: settings.proactive });
  if (uploads) {
    const { store } = app.confab;
    await uploads.register(app, {
      agentToken: settings.agentToken,
      allowedOrigins: new Set(settings.allowedOrigins),
      // A visitor uploads with its session token, looked up like `hello` does (only hashes are stored).
      authenticateVisitor: async (token) => (await store.findConversationBySession(hashToken(token)))?.id,
      records: store,
    });
  }
  for (const adapter of adapters) {
    const { routes } = adapter;
    if (!routes) continue;
    await app.register(async (scope) => routes(scope, contexts.get(adapter.name)!), {
      prefix: `/v1/adapters/${adapter.name}`,
    });
  }
  await app.register(staticFiles, {
    widgetDir: settings.widgetDir ?? findWidgetScriptDir(),
    consoleDir: settings.consoleDir ?? defaultConsoleDir(),
    demoDir: settings.demoDir,
    dev: settings.dev,
  });
}
