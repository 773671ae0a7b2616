import type { ConfabError } from '@confab/protocol';
import type { ConfabComposer } from './components/composer.js';
import { formatFileSize } from './components/file-size.js';
import type { ConnectionController } from './controllers/connection-controller.js';
import { ConfabMessageSentEvent } from './events.js';
import { withExtras } from './extra-strings.js';
import type { PanelStrings } from './strings.js';

/**
 * Sends a message with files for `<confab-chat>` (`widget`), which has locked the composer
 * (`isUploading`) so that a second Enter sends nothing twice: uploads the files in order, then
 * sends the message with them, empties the composer and fires `confab-message-sent`. When an
 * upload fails, the composer says which file and why, and keeps text and files for a retry.
 * Either way the composer is unlocked at the end. Its own chunk, loaded with the first message
 * that has files (the attachment tray that showed them has brought the extra strings already).
 */
export async function sendWithFiles(
  widget: EventTarget,
  composer: Pick<ConfabComposer, 'isUploading' | 'uploadError' | 'clear'>,
  connection: Pick<ConnectionController, 'upload' | 'send' | 'limits'>,
  text: string,
  files: readonly File[],
  strings: PanelStrings,
): Promise<void> {
  try {
    const attachments = await connection.upload(files);
    void connection.send(text, attachments);
    composer.clear();
    widget.dispatchEvent(new ConfabMessageSentEvent({ text }));
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
  } finally {
    composer.isUploading = false;
  }
}
