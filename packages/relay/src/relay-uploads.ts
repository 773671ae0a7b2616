import type { FastifyInstance } from 'fastify';
import type { Clock } from './rate-limit.js';
import type { UploadsSetting } from './settings.js';
import { UploadService, createUploadStorage, resolveUploadSettings, uploadsPlugin, type UploadRecords } from './uploads/index.js';

/** What the relay's upload endpoint needs besides the service (see `uploadsPlugin`). */
export interface UploadRoutesOptions {
  agentToken: string;
  allowedOrigins: ReadonlySet<string>;
  /** The conversation a visitor session token opens, or undefined for an unknown token. */
  authenticateVisitor(token: string): Promise<string | undefined>;
  /** The relay's store: agent uploads must name a conversation in it, and files no message in it carries are swept. */
  records: UploadRecords;
}

/** The relay's attachments: the service that stores and resolves them, its limits, and its routes. */
export interface RelayUploads {
  readonly service: UploadService;
  /** Largest file taken, in bytes (announced as `welcome.limits.maxUploadBytes`). */
  readonly maxBytes: number;
  /** Media types taken (announced as `welcome.limits.uploadTypes`). */
  readonly types: readonly string[];
  /** Registers `POST /v1/uploads` and `GET /v1/uploads/:id/:name`. */
  register(app: FastifyInstance, options: UploadRoutesOptions): Promise<void>;
}

/**
 * Sets up attachments from the `uploads` setting: undefined when it is `false`; otherwise the
 * settings are checked (throwing `CONFAB_CONFIG_INVALID` naming the bad field) and the storage is
 * made, by default a folder in `<dataDir>/uploads`.
 */
export function createRelayUploads(setting: UploadsSetting, dataDir: string, now: Clock): RelayUploads | undefined {
  if (setting === false) return undefined;
  const settings = resolveUploadSettings(setting === true ? {} : setting, dataDir);
  if (settings === undefined) return undefined;
  const service = new UploadService({
    storage: createUploadStorage(settings),
    maxBytes: settings.maxBytes,
    types: settings.types,
    unsentRetentionMinutes: settings.unsentRetentionMinutes,
    now,
  });
  return {
    service,
    maxBytes: settings.maxBytes,
    types: settings.types,
    async register(app, options) {
      await app.register(uploadsPlugin, { service, ...options });
    },
  };
}
