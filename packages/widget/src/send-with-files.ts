import type { ConfabError } from '@confab/protocol';
import type { ConfabComposer } from './components/composer.js';
import { formatFileSize } from './components/file-size.js';
import type { ConnectionController } from './controllers/connection-controller.js';
import { withExtras } from './extra-strings.js';
import type { PanelStrings } from './strings.js';

/**
 * Uploads the files of a message in order, then sends it with them and empties the composer.
 * When an upload fails, the composer says which file and why, and keeps text and files for a
 * retry. Resolves to whether the message was sent. Its own chunk, loaded with the first message
 * that has files (the attachment tray that showed them has brought the extra strings already).
 */
export async function uploadAndSend(
  composer: Pick<ConfabComposer, 'uploadError' | 'clear'>,
  connection: Pick<ConnectionController, 'upload' | 'send' | 'limits'>,
  text: string,
  files: readonly File[],
  strings: PanelStrings,
): Promise<boolean> {
  try {
    const attachments = await connection.upload(files);
    void connection.send(text, attachments);
    composer.clear();
    return true;
  } catch (error) {
    const { code, file } = error as ConfabError & { file?: File };
    const s = withExtras(strings);
    const name = file?.name ?? '';
    const max = connection.limits.maxUploadBytes;
    composer.uploadError =
      code === 'CONFAB_UPLOAD_TOO_LARGE' && max
        ? s.attachmentTooLarge(name, formatFileSize(max, s.lang))
        : code === 'CONFAB_UPLOAD_TYPE_REFUSED'
          ? s.attachmentTypeRefused(name)
          : s.attachmentFailed(name);
    return false;
  }
}
