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
export type { LogLevel, RelaySettings, SettingKey, SettingSpec, UploadsSetting } from './settings.js';
export { identityHash, verifyIdentity, verifyIdentityJwt } from './identity/verify-identity.js';
export type { IdentityClaim } from './identity/verify-identity.js';
export { checkProfile, parsePreChatForm } from './pre-chat/pre-chat-form.js';
export type { CheckedProfile } from './pre-chat/pre-chat-form.js';
export { parseProactiveMessages, MAX_PROACTIVE_MESSAGES } from './proactive/proactive-messages.js';
export type { ProactiveMessage } from '@confab/protocol';
export { SqliteStore } from './store/sqlite-store.js';
export type { SqliteStoreOptions, WriteStats } from './store/sqlite-store.js';
export { MIGRATIONS, migrate } from './store/migrations.js';
export type { Migration, MigrationReport } from './store/migrations.js';
export type {
  AppendResult,
  Audience,
  ConversationPage,
  ConversationQuery,
  ConversationRecord,
  ConversationUpdate,
  Delivery,
  DeliveryOutcome,
  DeliveryState,
  Identity,
  MessagePage,
  MessageQuery,
  NewDelivery,
  NewMessage,
  OutboxEvent,
  Profile,
  QuickReplyInput,
  Rating,
  Reader,
  ResponderChange,
  ResponderChangeResult,
  Store,
  WhenClosed,
} from './store/store.js';
export type {
  Adapter,
  AdapterContext,
  AdapterConversation,
  AdapterConversations,
  AdapterDelivery,
  AdapterOutcome,
  AdapterReply,
  StreamedReply,
  AdapterState,
  AttemptContext,
  HandoverOutcome,
  PostedReply,
} from './adapters/adapter.js';
export type {
  AdapterEvent,
  AdapterEventType,
  ContactEvent,
  IdentityEvent,
  ProfileEvent,
  ShopperIdentity,
  ConversationStartedEvent,
  HandoverEvent,
  LiveEvent,
  MessageEvent,
  RatingEvent,
  ReadLiveEvent,
  StatusEvent,
  TypingLiveEvent,
} from './adapters/adapter-events.js';
export type { RoutingConfig } from './adapters/routing-config.js';
export { parseBusinessHours, WEEKDAYS } from './business-hours/business-hours.js';
export type { BusinessHours, BusinessHoursOptions, Holiday, TimeRange, Weekday } from './business-hours/business-hours.js';
export { availabilityAt } from './business-hours/availability-at.js';
export { consoleAdapter } from './adapters/console/console.js';
export type { ConsoleAdapterConfig, ConsoleAdapterOptions } from './adapters/console/console-config.js';
export type { AdapterConfig, AdapterOptions } from './adapters/adapter-config.js';
export type { WebhookAdapterConfig, WebhookAdapterOptions } from './adapters/webhook/webhook-config.js';
export { webhook } from './adapters/webhook/webhook.js';
export { signWebhook, verifyWebhook, parseWebhookSecret } from './adapters/standard-webhooks.js';
export type { WebhookHeaders } from './adapters/standard-webhooks.js';
export type { ChatwootAdapterConfig, ChatwootAdapterOptions } from './adapters/chatwoot/chatwoot-config.js';
export { chatwoot } from './adapters/chatwoot/chatwoot.js';
export type { SlackAdapterConfig, SlackAdapterOptions } from './adapters/slack/slack-config.js';
export { slack } from './adapters/slack/slack.js';
export type { OpenAiAdapterConfig, OpenAiAdapterOptions } from './adapters/openai/openai-config.js';
export { openai } from './adapters/openai/openai.js';
export type { FaqAdapterConfig, FaqAdapterOptions } from './adapters/faq/faq-config.js';
export { faq } from './adapters/faq/faq.js';
export { signSlackRequest, verifySlackRequest } from './adapters/slack/slack-signature.js';
export type { DeliveryTarget } from './outbox/outbox-dispatcher.js';
export { DEFAULT_RETRY_POLICY, outcomeOfHttpStatus, parseRetryAfter } from './outbox/retry-policy.js';
export type { AttemptOutcome, RetryPolicy } from './outbox/retry-policy.js';
export { InProcessHub } from './hub.js';
export type { AgentPeer, ConnectionCounts, Hub, Peer, VisitorPeer } from './hub.js';
export { ConversationService } from './conversations.js';
export type { AgentOutcome, AgentReply, ConversationServiceOptions, HandoverResult, OpenedSession, PostedMessage, ReplyOrigin } from './conversations.js';
export { hashToken } from './secrets.js';
