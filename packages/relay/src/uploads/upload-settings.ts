import { isAbsolute, join, resolve } from 'node:path';
import { ConfabError } from '@confab/protocol';
import { LocalDiskStorage } from './local-disk-storage.js';
import { S3Storage } from './s3-storage.js';
import { DEFAULT_UNSENT_RETENTION_MINUTES } from './unsent-upload-sweeper.js';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_UPLOAD_TYPES } from './upload-service.js';
import type { UploadStorage } from './upload-storage.js';

/** The most a relay may be set to take in one upload: 100 MiB (uploads are held in memory while checked). */
export const MAX_UPLOAD_BYTES_LIMIT = 100 * 1024 * 1024;

/** Where an S3-compatible service keeps uploads. */
export interface S3UploadSettings {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** @default '' */
  prefix: string;
  /** @default false */
  forcePathStyle: boolean;
}

/** The shortest and longest `unsentRetentionMinutes`: 10 minutes (a slow upload must not lose its file before it is sent) to 30 days. */
export const UNSENT_RETENTION_MINUTES_RANGE = { min: 10, max: 30 * 24 * 60 } as const;

/** The checked `uploads` setting. */
export interface UploadSettings {
  /** Largest upload, in bytes. @default 10 MiB */
  maxBytes: number;
  /** Accepted media types. @default DEFAULT_UPLOAD_TYPES */
  types: readonly string[];
  /** Minutes a file that no message carries is kept before the sweep removes it. @default 1440 (24 hours) */
  unsentRetentionMinutes: number;
  /** The local directory; used when `s3` is absent. @default <dataDir>/uploads */
  dir: string;
  s3?: S3UploadSettings;
}

const TOP_KEYS = ['dir', 'maxBytes', 'types', 'unsentRetentionMinutes', 's3'];
const S3_KEYS = ['endpoint', 'region', 'bucket', 'accessKeyId', 'secretAccessKey', 'prefix', 'forcePathStyle'];
// The values of these never appear in an error message.
const SECRET_KEYS = new Set(['accessKeyId', 'secretAccessKey']);
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/(?:\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,62})$/;

function invalid(field: string, problem: string): ConfabError {
  return new ConfabError('CONFAB_CONFIG_INVALID', `Setting uploads${field === '' ? '' : `.${field}`} ${problem}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(record: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) throw invalid(`${where}${key}`, `is not a setting; known: ${known.join(', ')}`);
  }
}

function text(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.trim() === '') {
    const shown = SECRET_KEYS.has(key) || value === undefined ? '' : ` (got ${JSON.stringify(value)?.slice(0, 80)})`;
    throw invalid(`${where}${key}`, `must be a non-empty string${shown}`);
  }
  return value.trim();
}

function resolveS3(raw: unknown): S3UploadSettings {
  if (!isPlainObject(raw)) throw invalid('s3', 'must be an object with endpoint, region, bucket, accessKeyId and secretAccessKey');
  checkKeys(raw, S3_KEYS, 's3.');
  const endpoint = text(raw, 'endpoint', 's3.');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalid('s3.endpoint', `must be an http(s) URL such as https://s3.eu-central-1.amazonaws.com (got ${JSON.stringify(endpoint)})`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw invalid('s3.endpoint', `must be an http(s) URL without credentials or query, such as http://127.0.0.1:9000 (got ${JSON.stringify(`${url.protocol}//${url.host}${url.pathname}`)})`);
  }
  const bucket = text(raw, 'bucket', 's3.');
  // S3 bucket naming rules, loosely: what can go in a host name and a path segment.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw invalid('s3.bucket', `must be a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens (got ${JSON.stringify(bucket)})`);
  const region = text(raw, 'region', 's3.');
  if (!/^[a-z0-9-]{1,64}$/i.test(region)) throw invalid('s3.region', `must be a region name such as eu-central-1 or us-east-1 (got ${JSON.stringify(region)})`);
  const prefix = raw.prefix ?? '';
  if (typeof prefix !== 'string' || prefix.length > 512 || prefix.startsWith('/')) throw invalid('s3.prefix', 'must be a key prefix such as "confab/uploads/" (no leading slash)');
  const forcePathStyle = raw.forcePathStyle ?? false;
  if (typeof forcePathStyle !== 'boolean') throw invalid('s3.forcePathStyle', 'must be true or false');
  return { endpoint, region, bucket, accessKeyId: text(raw, 'accessKeyId', 's3.'), secretAccessKey: text(raw, 'secretAccessKey', 's3.'), prefix, forcePathStyle };
}

/**
 * Checks the relay's `uploads` setting: `false` turns uploads off (undefined is returned), an
 * absent setting means the defaults, an object may set `dir` (relative paths from `dataDir`),
 * `maxBytes`, `types`, `unsentRetentionMinutes` and `s3`. Throws `CONFAB_CONFIG_INVALID` naming
 * the bad field and what is accepted; secrets are never part of the message.
 * @example
 * resolveUploadSettings({ maxBytes: 5_000_000, types: ['image/*'] }, './.confab-data')
 */
export function resolveUploadSettings(raw: unknown, dataDir: string): UploadSettings | undefined {
  if (raw === false) return undefined;
  const record = raw === undefined || raw === true ? {} : raw;
  if (!isPlainObject(record)) throw invalid('', 'must be false (no uploads) or an object with dir, maxBytes, types, unsentRetentionMinutes or s3');
  checkKeys(record, TOP_KEYS, '');

  let dir = join(dataDir, 'uploads');
  if (record.dir !== undefined) {
    const value = text(record, 'dir', '');
    dir = isAbsolute(value) ? value : resolve(dataDir, value);
  }

  let maxBytes = DEFAULT_MAX_UPLOAD_BYTES;
  if (record.maxBytes !== undefined) {
    const value = record.maxBytes;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_UPLOAD_BYTES_LIMIT) {
      throw invalid('maxBytes', `must be a whole number of bytes from 1 to ${MAX_UPLOAD_BYTES_LIMIT} (got ${JSON.stringify(value)})`);
    }
    maxBytes = value;
  }

  let types = DEFAULT_UPLOAD_TYPES;
  if (record.types !== undefined) {
    const value = record.types;
    if (!Array.isArray(value) || value.length === 0 || value.length > 50) throw invalid('types', 'must be a list of 1 to 50 media types such as ["image/*", "application/pdf"]');
    types = value.map((type, index) => {
      if (typeof type !== 'string' || !MEDIA_TYPE.test(type.trim().toLowerCase())) {
        throw invalid(`types[${index}]`, `must be a media type such as image/png or image/* (got ${JSON.stringify(type)})`);
      }
      return type.trim().toLowerCase();
    });
  }

  let unsentRetentionMinutes = DEFAULT_UNSENT_RETENTION_MINUTES;
  if (record.unsentRetentionMinutes !== undefined) {
    const value = record.unsentRetentionMinutes;
    const { min, max } = UNSENT_RETENTION_MINUTES_RANGE;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalid('unsentRetentionMinutes', `must be a whole number of minutes from ${min} to ${max}, such as 1440 for 24 hours (got ${JSON.stringify(value)})`);
    }
    unsentRetentionMinutes = value;
  }

  return { maxBytes, types, unsentRetentionMinutes, dir, ...(record.s3 === undefined ? {} : { s3: resolveS3(record.s3) }) };
}

/** The storage the settings name: the S3-compatible bucket when `s3` is set, else the local directory (created now). */
export function createUploadStorage(settings: UploadSettings): UploadStorage {
  if (settings.s3 !== undefined) return new S3Storage(settings.s3);
  return new LocalDiskStorage(settings.dir);
}
