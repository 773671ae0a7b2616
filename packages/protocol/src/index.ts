export {
  PROTOCOL_VERSION,
  SUPPORTED_VERSIONS,
  VISITOR_SOCKET_PATH,
  AGENT_SOCKET_PATH,
  DEFAULT_LIMITS,
  AUTHOR_ROLES,
  CONVERSATION_STATUSES,
  authorSchema,
  productContextSchema,
  visitorContextSchema,
  chatMessageSchema,
  limitsSchema,
  availabilitySchema,
  attachmentSchema,
  linkButtonSchema,
  preChatFieldSchema,
  preChatFormSchema,
  EMAIL_PATTERN,
  serverMessageSchemas,
} from './messages.js';
export { clientMessageSchemas } from './client-messages.js';
export type { ClientMessage, ClientMessageOf, ClientMessageType } from './client-messages.js';
export type {
  Attachment,
  Author,
  AuthorRole,
  Availability,
  LinkButton,
  PreChatField,
  PreChatForm,
  ProactiveMessage,
  ChatMessage,
  ConversationStatus,
  Limits,
  ProductContext,
  ServerMessage,
  ServerMessageOf,
  ServerMessageType,
  VisitorContext,
} from './messages.js';
export {
  agentClientMessageSchemas,
  agentServerMessageSchemas,
  conversationSummarySchema,
  quickReplySchema,
} from './agent-messages.js';
export type {
  AgentClientMessage,
  AgentServerMessage,
  AgentServerMessageOf,
  ConversationSummary,
  HttpErrorBody,
  QuickReply,
  TranscriptPage,
} from './agent-messages.js';
export { checkFrameSize, encode, decodeServerMessage, negotiateVersion, utf8Length } from './codec.js';
export { decodeClientMessage } from './client-codec.js';
export { decodeAgentClientMessage, decodeAgentServerMessage } from './agent-codec.js';
export type { DecodeOptions } from './codec.js';
export { ERROR_CODES, ConfabError, isErrorCode, errorDocsUrl } from './errors.js';
export type { ErrorCode } from './errors.js';
export { backoffDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { CLOSE_CODES, isFatalCloseCode } from './close-codes.js';
export type { CloseCode } from './close-codes.js';
export { createId, ID_PATTERN, TOKEN_PATTERN } from './ids.js';
export { textLength, validateText } from './text.js';
export { isTypeAccepted } from './media-types.js';
export { LINK_PROTOCOLS, WEB_PROTOCOLS, safeUrl } from './safe-url.js';
export {
  SchemaViolation,
  array,
  boolean,
  either,
  finiteNumber,
  integer,
  literal,
  object,
  oneOf,
  optional,
  record,
  string,
} from './schema.js';
export type { Infer, ObjectOf, OptionalSchema, Schema } from './schema.js';
