import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalDiskStorage } from './local-disk-storage.js';
import { S3Storage } from './s3-storage.js';
import { createUploadStorage, resolveUploadSettings } from './upload-settings.js';

const s3 = { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'shop-uploads', accessKeyId: 'minioadmin', secretAccessKey: 'super-secret-value-123' };

function configError(raw: unknown): Error {
  try {
    resolveUploadSettings(raw, '/data');
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected CONFAB_CONFIG_INVALID');
}

describe('resolveUploadSettings', () => {
  it('uses the defaults when unset, and turns uploads off for false', () => {
    expect(resolveUploadSettings(undefined, '/data')).toEqual({
      maxBytes: 10 * 1024 * 1024,
      types: expect.arrayContaining(['image/png', 'text/plain']),
      unsentRetentionMinutes: 1440,
      dir: '/data/uploads',
    });
    expect(resolveUploadSettings(false, '/data')).toBeUndefined();
  });

  it('reads dir (relative to the data directory), maxBytes, types, unsentRetentionMinutes and s3', () => {
    const settings = resolveUploadSettings(
      { dir: 'files', maxBytes: 5000, types: ['Image/*', 'application/pdf'], unsentRetentionMinutes: 60, s3: { ...s3, prefix: 'confab/', forcePathStyle: true } },
      '/data',
    );
    expect(settings).toEqual({ dir: '/data/files', maxBytes: 5000, types: ['image/*', 'application/pdf'], unsentRetentionMinutes: 60, s3: { ...s3, prefix: 'confab/', forcePathStyle: true } });
  });

  it('takes unsentRetentionMinutes from 10 minutes to 30 days, whole minutes only', () => {
    expect(resolveUploadSettings({ unsentRetentionMinutes: 10 }, '/data')?.unsentRetentionMinutes).toBe(10);
    expect(resolveUploadSettings({ unsentRetentionMinutes: 43_200 }, '/data')?.unsentRetentionMinutes).toBe(43_200);
    for (const bad of [9, 43_201, 60.5, '60', null, 0, -1]) {
      expect(configError({ unsentRetentionMinutes: bad })).toMatchObject({
        code: 'CONFAB_CONFIG_INVALID',
        message: expect.stringMatching(/^Setting uploads\.unsentRetentionMinutes must be a whole number of minutes from 10 to 43200/),
      });
    }
  });

  it('names the bad field', () => {
    expect(configError({ maxBytes: 0 })).toMatchObject({ code: 'CONFAB_CONFIG_INVALID', message: expect.stringContaining('uploads.maxBytes') });
    expect(configError({ types: ['png'] }).message).toContain('uploads.types[0]');
    expect(configError({ types: [] }).message).toContain('uploads.types');
    expect(configError({ maxSize: 1 }).message).toContain('uploads.maxSize is not a setting');
    expect(configError('yes').message).toContain('must be false');
    expect(configError({ s3: { ...s3, endpoint: 'ftp://x' } }).message).toContain('uploads.s3.endpoint');
    expect(configError({ s3: { ...s3, bucket: 'Bad_Bucket' } }).message).toContain('uploads.s3.bucket');
    expect(configError({ s3: { ...s3, forcePathStyle: 'yes' } }).message).toContain('uploads.s3.forcePathStyle');
  });

  it('never prints a secret', () => {
    const error = configError({ s3: { ...s3, secretAccessKey: 42 } });
    expect(error.message).toContain('uploads.s3.secretAccessKey');
    expect(error.message).not.toContain('42');
    const another = configError({ s3: { ...s3, endpoint: 'http://minioadmin:super-secret-value-123@127.0.0.1:9000' } });
    expect(another.message).not.toContain('super-secret-value-123');
  });
});

describe('createUploadStorage', () => {
  it('makes the local directory or the S3 storage', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'confab-upload-settings-'));
    try {
      const local = createUploadStorage(resolveUploadSettings({}, dataDir)!);
      expect(local).toBeInstanceOf(LocalDiskStorage);
      expect(statSync(join(dataDir, 'uploads')).isDirectory()).toBe(true);
      expect(createUploadStorage(resolveUploadSettings({ s3 }, dataDir)!)).toBeInstanceOf(S3Storage);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
