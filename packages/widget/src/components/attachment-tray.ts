import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { CLOSE_ICON_PATH } from '../launcher-look.js';
import { withExtras } from '../extra-strings.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import { attachmentTrayStyles } from './attachment-tray.styles.js';
import { formatFileSize } from './file-size.js';

const fileIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 2.5h8l4.5 4.5v14.5H6zM13.5 2.5V7.5h5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>`;
const removeIcon = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${CLOSE_ICON_PATH}></path></svg>`;

/** Fired when the shopper presses a file's remove button; internal to the composer (not composed). */
export class AttachmentRemoveEvent extends Event {
  /** The file to take out of the next message. */
  readonly detail: { file: File };
  constructor(detail: { file: File }) {
    super('confab-attachment-remove', { bubbles: true, composed: false });
    this.detail = detail;
  }
}

/**
 * `<confab-attachment-tray>`: the files picked for the next message, as a list above the
 * composer's text box: a thumbnail or file icon, the name, the size and a remove button each.
 * Its own element so that a chat without attachments never downloads it (see lazy-elements.ts).
 *
 * @event confab-attachment-remove - {@link AttachmentRemoveEvent}: the shopper removes a file.
 * @csspart attachments - the list of files.
 * @csspart attachment - one file.
 */
export class ConfabAttachmentTray extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = attachmentTrayStyles;
  static override properties = {
    files: { attribute: false },
    strings: { attribute: false },
    isLocked: { attribute: false },
  };

  /** The files to list. @default [] */
  declare files: readonly File[];
  /** The language pack. @default English */
  declare strings: PanelStrings;
  /** Set while the files upload: the remove buttons are marked disabled and do nothing. @default false */
  declare isLocked: boolean;

  /** Object URLs of the image thumbnails, made when first shown and revoked as soon as unused. */
  readonly #thumbnails = new Map<File, string>();

  constructor() {
    super();
    this.files = [];
    this.strings = en;
    this.isLocked = false;
  }

  /**
   * Moves focus to the remove button of the file at `index` once the list shows the current
   * files. Resolves to false, leaving focus alone, when there is no file at `index`.
   */
  async focusRemoveButton(index: number): Promise<boolean> {
    await this.updateComplete;
    const button = this.renderRoot.querySelectorAll<HTMLElement>('.remove')[index];
    button?.focus();
    return button !== undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Thumbnails revoked on disconnect are made again when the element comes back.
    if (this.hasUpdated && this.files.length > 0) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of this.#thumbnails.values()) URL.revokeObjectURL(url);
    this.#thumbnails.clear();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('files')) return;
    for (const [file, url] of this.#thumbnails) {
      if (this.files.includes(file)) continue;
      URL.revokeObjectURL(url);
      this.#thumbnails.delete(file);
    }
  }

  protected override render() {
    const s = withExtras(this.strings);
    if (this.files.length === 0) return nothing;
    return html`<ul class="tray" part="attachments">
      ${this.files.map((file) => {
        const thumbnail = this.#thumbnail(file);
        return html`<li class="attachment" part="attachment">
          ${thumbnail ? html`<img src=${thumbnail} alt="" />` : fileIcon}
          <span class="name">${file.name}</span>
          <span class="size">${formatFileSize(file.size, s.lang)}</span>
          <button
            class="remove"
            type="button"
            aria-label=${s.removeAttachment(file.name)}
            aria-disabled=${this.isLocked ? 'true' : 'false'}
            @click=${() => this.#remove(file)}
          >
            ${removeIcon}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  #thumbnail(file: File): string | undefined {
    if (!file.type.startsWith('image/')) return undefined;
    let url = this.#thumbnails.get(file);
    if (url === undefined) this.#thumbnails.set(file, (url = URL.createObjectURL(file)));
    return url;
  }

  #remove(file: File): void {
    if (!this.isLocked) this.dispatchEvent(new AttachmentRemoveEvent({ file }));
  }
}

/** The tray as `<confab-composer>` renders it above the text box (loaded with this chunk). */
export function renderAttachmentTray(
  files: readonly File[],
  strings: PanelStrings,
  isLocked: boolean,
  onRemove: (event: AttachmentRemoveEvent) => void,
): TemplateResult {
  return html`<confab-attachment-tray
    exportparts="attachments, attachment"
    .files=${files}
    .strings=${strings}
    .isLocked=${isLocked}
    @confab-attachment-remove=${onRemove}
  ></confab-attachment-tray>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-attachment-tray': ConfabAttachmentTray;
  }
  interface GlobalEventHandlersEventMap {
    'confab-attachment-remove': AttachmentRemoveEvent;
  }
}
