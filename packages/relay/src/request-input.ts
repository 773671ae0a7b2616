import { SchemaViolation, type Schema } from '@confab/protocol';
import { RequestInvalidError } from './errors.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse<T>(schema: Schema<T>, value: unknown, where: string): T {
  try {
    return schema.parse(value, '');
  } catch (error) {
    if (error instanceof SchemaViolation) throw new RequestInvalidError(`Invalid ${where}: ${error.message}`);
    throw error;
  }
}

/**
 * Validates a JSON request body with a schema from `@confab/protocol`; throws 400
 * `CONFAB_REQUEST_INVALID` naming the field (e.g. "Invalid request body: text must be present").
 */
export function parseBody<T>(schema: Schema<T>, body: unknown): T {
  if (!isPlainObject(body)) {
    throw new RequestInvalidError('The request body must be a JSON object, sent with Content-Type: application/json');
  }
  return parse(schema, body, 'request body');
}

/**
 * Validates a query string. Query values arrive as text, so the keys listed in `integerKeys` are
 * turned into numbers first when they are written as integers; anything else is left for the
 * schema to refuse with a message naming the parameter.
 */
export function parseQuery<T>(schema: Schema<T>, query: unknown, integerKeys: readonly string[]): T {
  const values: Record<string, unknown> = {};
  if (isPlainObject(query)) {
    for (const [key, value] of Object.entries(query)) {
      values[key] = integerKeys.includes(key) && typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
    }
  }
  return parse(schema, values, 'query parameter');
}
