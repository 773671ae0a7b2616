/**
 * WebSocket close codes the relay uses, from the private range 4000–4999 (RFC 6455 §7.4.2), plus
 * the standard codes it relies on. Documented in docs/protocol.md; the client decides from the
 * code whether reconnecting could help.
 */
export const CLOSE_CODES = {
  /** Normal closure: the client called close(), or the relay ended the session on purpose. */
  NORMAL: 1000,
  /** A frame exceeded the relay's `maxFrameBytes`; raised by the WebSocket layer itself. */
  FRAME_TOO_LARGE: 1009,
  /** The relay hit an unexpected condition (its store failed during the handshake). Reconnect. */
  INTERNAL_ERROR: 1011,
  /** No `hello` arrived within the handshake timeout. */
  HANDSHAKE_TIMEOUT: 4000,
  /** A frame other than `hello` came first, or a second `hello` came. */
  HANDSHAKE_REQUIRED: 4001,
  /** None of the protocol versions the client offered is spoken by this relay. Do not retry. */
  VERSION_UNSUPPORTED: 4002,
  /** The agent token was refused. Do not retry. (Origins are refused before the upgrade, with HTTP 403.) */
  AUTH_REJECTED: 4003,
  /** Too many invalid frames or messages in a short time. Retry after backing off. */
  RATE_LIMITED: 4008,
  /**
   * The client read too slowly: its send queue on the relay passed the bound. Nothing is lost;
   * reconnect and resume from the last `seq` held.
   */
  SLOW_CONSUMER: 4009,
  /** The relay is shutting down or restarting; reconnect (to another relay if there is one). */
  GOING_AWAY: 4010,
} as const;

/** A close code from {@link CLOSE_CODES}. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** Close codes after which reconnecting with the same settings cannot succeed. */
const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE_CODES.VERSION_UNSUPPORTED, CLOSE_CODES.AUTH_REJECTED]);

/** Whether a client should stop reconnecting after the socket closed with `code`. */
export function isFatalCloseCode(code: number): boolean {
  return FATAL_CLOSE_CODES.has(code);
}
