import type { StorageMode } from '@confab/client';

export type { StorageMode };

/**
 * Reads the `storage` attribute (where the widget may keep the conversation between page loads:
 * `local`, the default, shared by tabs; `session`, this tab only; `none`, memory only; see
 * `storageFor` in @confab/client): anything but `session` or `none` is `local`.
 */
export function toStorageMode(value: string | null | undefined): StorageMode {
  const mode = value?.trim().toLowerCase();
  return mode === 'session' || mode === 'none' ? mode : 'local';
}
