export { createClient } from './chat-client.js';
export type { ChatClient, HistoryOptions, HistoryPage, SendOptions, VisitorIdentity } from './chat-client.js';
export type { ClientEvents, CloseReason, ConnectionState, DeliveryStatus, Draft, TranscriptMessage } from './events.js';
export { defaults } from './options.js';
export type { ClientOptions, FetchLike, SocketLike, Timers, WebSocketLike } from './options.js';
export type { UploadOptions } from './relay-answers.js';
export { memoryStorage, storageFor } from './storage.js';
export type { ClientStorage, StorageMode } from './storage.js';
export { backoffDelay } from '@confab/protocol';
export type { BackoffOptions } from '@confab/protocol';
export { Emitter } from './emitter.js';
export type { Listener } from './emitter.js';
export { ConfabError, EMAIL_PATTERN, ERROR_CODES, isErrorCode } from '@confab/protocol';
export type {
  Attachment,
  Author,
  AuthorRole,
  Availability,
  ChatMessage,
  ConversationStatus,
  ErrorCode,
  Limits,
  LinkButton,
  PreChatField,
  PreChatForm,
  ProductContext,
  VisitorContext,
} from '@confab/protocol';
