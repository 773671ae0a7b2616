import { clientMessageSchemas, type ClientMessage } from './client-messages.js';
import { decodeWith, dispatchTable, type DecodeOptions } from './codec.js';

const CLIENT_TABLE = dispatchTable(clientMessageSchemas);

/**
 * Decodes and validates a frame sent by a visitor client. Throws a `ConfabError` with code
 * `CONFAB_FRAME_TOO_LARGE`, `CONFAB_JSON_INVALID`, `CONFAB_TYPE_UNKNOWN` or `CONFAB_FRAME_INVALID`.
 * @example
 * const frame = decodeClientMessage(raw, { maxFrameBytes: 65536 });
 * if (frame.type === 'message') store(frame.id, frame.text);
 */
export function decodeClientMessage(raw: string, options: DecodeOptions = {}): ClientMessage {
  return decodeWith<ClientMessage>(raw, CLIENT_TABLE, options);
}
