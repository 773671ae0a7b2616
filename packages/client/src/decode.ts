import { ConfabError, serverMessageSchemas, type Schema, type ServerMessage } from '@confab/protocol';

// Why not `decodeServerMessage` from @confab/protocol: its module builds the dispatch tables of
// all four endpoints (agent stream included) at load time, so no bundler can drop the agent
// schemas, and they cost 0.7 KB of the client's 8 KB gzip budget. Same schemas, same codes, same
// prototype-safe lookup; decode.test.ts checks both agree on every kind of input. Switch back once
// protocol builds its tables lazily.
const SCHEMAS: ReadonlyMap<string, Schema<unknown>> = new Map(Object.entries(serverMessageSchemas));

/**
 * Decodes and validates a frame from the relay. Throws a `ConfabError` with code
 * `CONFAB_JSON_INVALID` (binary or not JSON), `CONFAB_FRAME_INVALID` (not an object with a string
 * `type`, or a field that breaks the schema) or `CONFAB_TYPE_UNKNOWN`.
 */
export function decodeFrame(raw: unknown): ServerMessage {
  if (typeof raw !== 'string') throw new ConfabError('CONFAB_JSON_INVALID', 'Frames must be UTF-8 JSON text, not binary');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfabError('CONFAB_JSON_INVALID', `Frame is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const type: unknown =
    typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, 'type') ? (parsed as { type: unknown }).type : undefined;
  if (typeof type !== 'string') throw new ConfabError('CONFAB_FRAME_INVALID', 'Frame must be a JSON object with a string "type"');
  const schema = SCHEMAS.get(type);
  if (!schema) throw new ConfabError('CONFAB_TYPE_UNKNOWN', `Unknown frame type ${JSON.stringify(type.slice(0, 64))} (from a newer relay?)`);
  try {
    return schema.parse(parsed, '') as ServerMessage;
  } catch (error) {
    throw new ConfabError('CONFAB_FRAME_INVALID', `Invalid "${type}" frame: ${(error as Error).message}`, { cause: error });
  }
}

/** JSON text of a frame: what goes on the wire. */
export const encode: (frame: object) => string = JSON.stringify;

/** UTF-8 byte length of a string (lone surrogates are refused before this is asked). */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
