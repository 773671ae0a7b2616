import type { AgentClientMessage, AgentServerMessage } from './agent-messages.js';
import { ConfabError } from './errors.js';
import type { ClientMessage } from './client-messages.js';
import { serverMessageSchemas, type ServerMessage } from './messages.js';
import { SchemaViolation, isPlainObject, type Schema } from './schema.js';

/** Options for the decode functions. */
export interface DecodeOptions {
  /** Reject frames whose UTF-8 encoding is larger than this many bytes. */
  maxFrameBytes?: number;
}

/** Serialises a frame for sending. Frames are plain JSON text. */
export function encode(frame: ClientMessage | ServerMessage | AgentClientMessage | AgentServerMessage): string {
  return JSON.stringify(frame);
}

/** UTF-8 byte length of a string, without allocating the encoded bytes. */
export function utf8Length(text: string): number {
  let bytes = 0;
  // By code point: a lone surrogate counts 3 bytes, as the U+FFFD it would be encoded as.
  for (const char of text) {
    const point = char.codePointAt(0)!;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Throws `CONFAB_FRAME_TOO_LARGE` when the UTF-8 encoding of frame text `raw` is larger than
 * `maxBytes`: the relay's check of every frame, and the client's before it sends one.
 */
export function checkFrameSize(raw: string, maxBytes: number): void {
  // Three bytes per UTF-16 unit is the most UTF-8 can need, so most frames skip the exact count.
  const bytes = raw.length * 3 <= maxBytes ? raw.length : utf8Length(raw);
  if (bytes > maxBytes) throw new ConfabError('CONFAB_FRAME_TOO_LARGE', `Frame is ${bytes} bytes; the limit is ${maxBytes} bytes`);
}

type SchemaTable = Record<string, Schema<unknown>>;

/**
 * Builds a frame-type lookup. A Map, not an object, so a `type` of "__proto__" or "constructor"
 * finds nothing.
 */
export function dispatchTable(schemas: SchemaTable): ReadonlyMap<string, Schema<unknown>> {
  return new Map(Object.entries(schemas));
}

// The other endpoints' tables live in client-codec.ts and agent-codec.ts, so that a browser
// bundle of the visitor client carries only the schemas it decodes with.
const SERVER_TABLE = dispatchTable(serverMessageSchemas);

/** Decodes raw frame text with the schema its `type` selects in `table`; see `decodeClientMessage`. */
export function decodeWith<T>(raw: string, table: ReadonlyMap<string, Schema<unknown>>, options: DecodeOptions): T {
  if (typeof raw !== 'string') {
    throw new ConfabError('CONFAB_JSON_INVALID', 'Frames must be UTF-8 JSON text, not binary');
  }
  if (options.maxFrameBytes !== undefined) checkFrameSize(raw, options.maxFrameBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    // JSON.parse throws SyntaxError for bad JSON and RangeError for absurd nesting; both are bad input.
    throw new ConfabError('CONFAB_JSON_INVALID', `Frame is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const type: unknown = isPlainObject(parsed) && Object.hasOwn(parsed, 'type') ? parsed.type : undefined;
  if (typeof type !== 'string') {
    throw new ConfabError('CONFAB_FRAME_INVALID', 'Frame must be a JSON object with a string "type"');
  }
  const schema = table.get(type);
  if (!schema) {
    throw new ConfabError(
      'CONFAB_TYPE_UNKNOWN',
      `Unknown frame type ${JSON.stringify(type.slice(0, 64))}; expected one of ${[...table.keys()].join(', ')}`,
    );
  }
  try {
    return schema.parse(parsed, '') as T;
  } catch (error) {
    if (error instanceof SchemaViolation) {
      throw new ConfabError('CONFAB_FRAME_INVALID', `Invalid "${type}" frame: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Decodes and validates a frame sent by the relay to a visitor client; throws like `decodeClientMessage`. */
export function decodeServerMessage(raw: string, options: DecodeOptions = {}): ServerMessage {
  return decodeWith<ServerMessage>(raw, SERVER_TABLE, options);
}

/** Picks the highest version both sides speak, or `undefined` when there is none. */
export function negotiateVersion(offered: readonly number[], supported: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const version of offered) {
    if (supported.includes(version) && (best === undefined || version > best)) best = version;
  }
  return best;
}
