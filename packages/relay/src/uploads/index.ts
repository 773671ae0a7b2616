export { sniffType, UNKNOWN_TYPE } from './sniff-type.js';
export { imageSize } from './image-size.js';
export type { ImageSize } from './image-size.js';
export { rangeLength, selectByteRange } from './byte-range.js';
export type { ByteRange, RangeSelection } from './byte-range.js';
export { parseStoredMeta } from './upload-storage.js';
export type { StoredUpload, StoredUploadEntry, StoredUploadMeta, UploadStorage } from './upload-storage.js';
export { LocalDiskStorage } from './local-disk-storage.js';
export { S3Storage } from './s3-storage.js';
export type { S3StorageOptions } from './s3-storage.js';
export { EMPTY_PAYLOAD_HASH, amzDate, signRequest, uriEncode } from './sigv4.js';
export type { SigV4Credentials, SigV4Request, SigV4Signature } from './sigv4.js';
export {
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_UPLOAD_TYPES,
  UPLOADS_PATH,
  UploadService,
  sanitizeFileName,
  uploadUrl,
} from './upload-service.js';
export type { UploadInput, UploadServiceOptions } from './upload-service.js';
export { RangeNotSatisfiableError, UploadTooLargeError, UploadTypeRefusedError } from './upload-errors.js';
export { uploadsPlugin, contentDisposition, servedType } from './uploads-plugin.js';
export type { UploadRecords, UploadsPluginOptions } from './uploads-plugin.js';
export { DEFAULT_UNSENT_RETENTION_MINUTES, UnsentUploadSweeper, sweepIntervalMs } from './unsent-upload-sweeper.js';
export type { SentUploads, SweepLog, SweepReport, UnsentUploadSweeperOptions } from './unsent-upload-sweeper.js';
export { MAX_UPLOAD_BYTES_LIMIT, UNSENT_RETENTION_MINUTES_RANGE, createUploadStorage, resolveUploadSettings } from './upload-settings.js';
export type { S3UploadSettings, UploadSettings } from './upload-settings.js';
