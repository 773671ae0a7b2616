import { html, nothing, svg } from 'lit';
import { CLOSE_ICON_PATH } from '../launcher-look.js';
import type { Strings } from '../strings.js';

const fileIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 2.5h8l4.5 4.5v14.5H6zM13.5 2.5V7.5h5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>`;
const removeIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${CLOSE_ICON_PATH}></path></svg>`;

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A size in bytes as the shopper reads it in `lang`: "512 byte", "2.4 kB", "10 MB" (1 kB = 1024 bytes). */
export function formatFileSize(bytes: number, lang: string): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: UNITS[unit], maximumFractionDigits: 1 }).format(value);
}

/** One file picked for the next message, with the object URL of its thumbnail if it is an image. */
export interface TrayItem {
  readonly file: File;
  readonly thumbnail: string | undefined;
}

/**
 * The files picked for the next message, as a list under the composer's text box: a thumbnail
 * or file icon, the name, the size and a remove button each. Renders nothing for no files.
 * `onRemove` gets the index of the file; remove buttons are marked disabled while `isLocked`.
 */
export function renderAttachmentTray(
  items: readonly TrayItem[],
  s: Strings,
  onRemove: (index: number) => void,
  isLocked: boolean,
) {
  if (items.length === 0) return nothing;
  return html`<ul class="tray" part="attachments">
    ${items.map(
      ({ file, thumbnail }, index) => html`<li class="attachment" part="attachment">
        ${thumbnail ? html`<img src=${thumbnail} alt="" />` : fileIcon}
        <span class="name">${file.name}</span>
        <span class="size">${formatFileSize(file.size, s.lang)}</span>
        <button
          class="remove"
          type="button"
          aria-label=${s.removeAttachment(file.name)}
          aria-disabled=${isLocked ? 'true' : 'false'}
          @click=${() => onRemove(index)}
        >
          ${removeIcon}
        </button>
      </li>`,
    )}
  </ul>`;
}
