export { createRelay } from './app.js';
export type { RelayContext } from './app.js';
export { startRelay } from './start.js';
export type { RunningRelay } from './start.js';
export { resolveRelayOptions, CLOSE_GRACE_MS, HANDSHAKE_TIMEOUT_MS, SHUTDOWN_GRACE_MS } from './options.js';
export type { LogStream, RelayOptions, ResolvedRelayOptions } from './options.js';
export { loadConfig, parseArgs, readEnvSettings, readConfigFile, resolveSettings, usage } from './config.js';
export type {
  ConfigSources,
  EnvSettings,
  LoadedConfig,
  ParsedArgs,
  RawSetting,
  RelayConfig,
  ResolvedSettings,
  SettingSource,
} from './config.js';
export { RELAY_SETTINGS, LOG_LEVELS, CONFIG_FILE_FLAG, CONFIG_FILE_ENV, defaultSettings } from './settings.js';
export type { LogLevel, RelaySettings, SettingKey, SettingSpec } from './settings.js';
export { SqliteStore } from './store/sqlite-store.js';
export type { SqliteStoreOptions, WriteStats } from './store/sqlite-store.js';
export { MIGRATIONS, migrate } from './store/migrations.js';
export type { Migration, MigrationReport } from './store/migrations.js';
export type {
  AppendResult,
  ConversationPage,
  ConversationQuery,
  ConversationRecord,
  ConversationUpdate,
  MessagePage,
  MessageQuery,
  NewMessage,
  QuickReplyInput,
  Reader,
  Store,
  WhenClosed,
} from './store/store.js';
export { InProcessHub } from './hub.js';
export type { AgentPeer, ConnectionCounts, Hub, Peer, VisitorPeer } from './hub.js';
export { ConversationService } from './conversations.js';
export type { AgentOutcome, AgentReply, ConversationServiceOptions, OpenedSession, PostedMessage } from './conversations.js';
export { hashToken } from './secrets.js';
