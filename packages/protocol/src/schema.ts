/**
 * A tiny declarative schema language for validating decoded JSON.
 *
 * Each schema both checks a value and rebuilds it: objects come back as fresh plain objects holding
 * only the declared keys, read with `Object.hasOwn`, so `__proto__`, `constructor` and unknown keys
 * in a frame can never reach the code that handles it. Kept here, dependency-free, because the
 * protocol package ships to browsers inside the 8 KB client budget.
 */

/** Thrown by a schema when a value does not match; `path` names the offending field. */
export class SchemaViolation extends Error {
  readonly path: string;
  constructor(path: string, expected: string) {
    super(`${path || 'frame'} must be ${expected}`);
    this.name = 'SchemaViolation';
    this.path = path;
  }
}

/** A validator that returns a clean copy of a value of type `T` or throws a `SchemaViolation`. */
export interface Schema<T> {
  /** Human description used in error messages, e.g. "a string of at most 64 characters". */
  readonly expected: string;
  parse(value: unknown, path: string): T;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

const OPTIONAL = Symbol('optional');

/** A schema that returns the value itself when `isValid` accepts it; the leaf schemas below are all this. */
function check<T>(expected: string, isValid: (value: unknown) => boolean): Schema<T> {
  return {
    expected,
    parse(value, path) {
      if (!isValid(value)) throw new SchemaViolation(path, expected);
      return value as T;
    },
  };
}

/** A schema for a property that may be absent (or `undefined`). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly [OPTIONAL]: true;
}

/** Marks an object property as optional. */
export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  return {
    [OPTIONAL]: true,
    expected: schema.expected,
    parse: (value, path) => (value === undefined ? undefined : schema.parse(value, path)),
  };
}

function isOptional(schema: Schema<unknown>): boolean {
  return (schema as Partial<OptionalSchema<unknown>>)[OPTIONAL] === true;
}

/** Options for {@link string}. */
export interface StringRules {
  /** Minimum length in UTF-16 code units. @default 0 */
  min?: number;
  /** Maximum length in UTF-16 code units. */
  max: number;
  /** A pattern the whole string must match. */
  pattern?: RegExp;
  /** Words for the pattern in error messages, e.g. "a nanoid". */
  patternName?: string;
}

/** A string with a bounded length (every string on the wire is bounded). */
export function string(rules: StringRules): Schema<string> {
  const { min = 0, max, pattern } = rules;
  return check(
    rules.patternName ?? `a string of ${min} to ${max} characters`,
    (value) => typeof value === 'string' && value.length >= min && value.length <= max && (!pattern || pattern.test(value)),
  );
}

/** A string that must be one of the given literals. */
export function oneOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  return check(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (value) => values.includes(value as string));
}

/** Options for {@link integer}. */
export interface IntegerRules {
  /** @default 0 */
  min?: number;
  /** @default Number.MAX_SAFE_INTEGER */
  max?: number;
}

/** A safe integer in a range; rejects floats, NaN, Infinity and numbers past 2^53. */
export function integer(rules: IntegerRules = {}): Schema<number> {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = rules;
  return check(`an integer from ${min} to ${max}`, (value) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max);
}

/** A finite number (prices, for example). */
export function finiteNumber(): Schema<number> {
  return check('a finite number', Number.isFinite);
}

/** `true` or `false`. */
export function boolean(): Schema<boolean> {
  return check('true or false', (value) => typeof value === 'boolean');
}

/** The exact value given (used for the `type` discriminant). */
export function literal<const T extends string | number>(literalValue: T): Schema<T> {
  return check(JSON.stringify(literalValue), (value) => value === literalValue);
}

/** Options for {@link array}. */
export interface ArrayRules {
  /** @default 0 */
  min?: number;
  max: number;
}

/** An array of bounded length whose items all match `item`. */
export function array<T>(item: Schema<T>, rules: ArrayRules): Schema<T[]> {
  const min = rules.min ?? 0;
  const expected = `a list of ${min} to ${rules.max} items`;
  return {
    expected,
    parse(value, path) {
      if (!Array.isArray(value) || value.length < min || value.length > rules.max) {
        throw new SchemaViolation(path, expected);
      }
      return value.map((entry, index) => item.parse(entry, `${path}[${index}]`));
    },
  };
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The object type described by a shape; optional schemas become optional properties. */
export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

/** Whether a value is an object literal's kind of object: what JSON.parse makes of `{…}`, and nothing else. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * An object with the given properties. Unknown properties are dropped, not rejected, so that a
 * newer peer can add optional fields without breaking an older one (see docs/protocol.md).
 */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> & { readonly shape: S } {
  const keys = Object.keys(shape);
  const expected = 'an object';
  return {
    expected,
    shape,
    parse(value, path) {
      if (!isPlainObject(value)) throw new SchemaViolation(path, expected);
      const result: Record<string, unknown> = {};
      for (const key of keys) {
        const schema = shape[key]!;
        const raw = Object.hasOwn(value, key) ? value[key] : undefined;
        const fieldPath = path ? `${path}.${key}` : key;
        if (raw === undefined) {
          if (!isOptional(schema)) throw new SchemaViolation(fieldPath, `present (${schema.expected})`);
          continue;
        }
        result[key] = schema.parse(raw, fieldPath);
      }
      return result as ObjectOf<S>;
    },
  };
}

/** Options for {@link record}. */
export interface RecordRules {
  maxEntries: number;
  maxKeyLength: number;
}

/** A string-keyed map with bounded size, returned as a null-prototype object. */
export function record<T>(valueSchema: Schema<T>, rules: RecordRules): Schema<Record<string, T>> {
  const expected = `an object with at most ${rules.maxEntries} entries`;
  return {
    expected,
    parse(value, path) {
      if (!isPlainObject(value)) throw new SchemaViolation(path, expected);
      const entries = Object.keys(value);
      if (entries.length > rules.maxEntries) throw new SchemaViolation(path, expected);
      const result = Object.create(null) as Record<string, T>;
      for (const key of entries) {
        if (key.length === 0 || key.length > rules.maxKeyLength) {
          throw new SchemaViolation(`${path}.${key.slice(0, 32)}`, `a key of 1 to ${rules.maxKeyLength} characters`);
        }
        result[key] = valueSchema.parse(value[key], `${path}.${key}`);
      }
      return result;
    },
  };
}

/** A value matching either schema (tried in order). */
export function either<A, B>(first: Schema<A>, second: Schema<B>): Schema<A | B> {
  const expected = `${first.expected} or ${second.expected}`;
  return {
    expected,
    parse(value, path) {
      try {
        return first.parse(value, path);
      } catch {
        try {
          return second.parse(value, path);
        } catch {
          throw new SchemaViolation(path, expected);
        }
      }
    },
  };
}
