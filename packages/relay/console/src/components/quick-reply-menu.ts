import type { QuickReply } from '@confab/protocol';
import { html, LitElement, type PropertyValues } from 'lit';
import { ConfabQuickReplyActiveEvent, ConfabQuickReplyDismissEvent, ConfabQuickReplyPickEvent } from '../events.js';
import { filterQuickReplies } from '../quick-replies.js';
import { en, type Strings } from '../strings.js';

/**
 * The `/` menu of the reply box (`<confab-quick-reply-menu>`): a listbox of the quick replies
 * matching `query`. Focus stays in the reply box, which passes its keys to {@link handleKey} and
 * points `aria-activedescendant` at the active option.
 *
 * It renders into its own element rather than a shadow root, because `aria-activedescendant`
 * only reaches ids in the same tree as the reply box; the host includes `quickReplyMenuStyles`.
 *
 * @event confab-quick-reply-pick - A quick reply was chosen (Enter, Tab or click).
 * @event confab-quick-reply-dismiss - Escape was pressed.
 * @event confab-quick-reply-active - The active option changed (after render).
 */
export class QuickReplyMenu extends LitElement {
  static override properties = {
    strings: { attribute: false },
    quickReplies: { attribute: false },
    query: {},
    idPrefix: { attribute: 'id-prefix' },
    activeIndex: { state: true },
  };

  declare strings: Strings;
  /** Every quick reply of the team. */
  declare quickReplies: readonly QuickReply[];
  /** What was typed after the `/`. */
  declare query: string;
  /** Prefix of the listbox and option ids, unique within the host's tree. */
  declare idPrefix: string;
  declare protected activeIndex: number;

  #matches: { replies: readonly QuickReply[]; query: string; result: QuickReply[] } | undefined;
  #announcedId: string | undefined | null = null;

  constructor() {
    super();
    this.strings = en;
    this.quickReplies = [];
    this.query = '';
    this.idPrefix = 'quick-reply';
    this.activeIndex = 0;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** The quick replies shown, best match first. */
  get visibleReplies(): QuickReply[] {
    const memo = this.#matches;
    if (memo && memo.replies === this.quickReplies && memo.query === this.query) return memo.result;
    const result = filterQuickReplies(this.quickReplies, this.query);
    this.#matches = { replies: this.quickReplies, query: this.query, result };
    return result;
  }

  /** The id of the listbox element. */
  get listboxId(): string {
    return `${this.idPrefix}-listbox`;
  }

  /** The element id of the active option, or `undefined` when nothing matches. */
  get activeOptionId(): string | undefined {
    return this.visibleReplies.length > 0 ? this.#optionId(this.#clampedIndex()) : undefined;
  }

  /**
   * Handles a key pressed in the reply box while the menu is open: arrows move, Enter and Tab
   * insert, Escape dismisses. Returns whether the key was used (the caller then prevents its default).
   */
  handleKey(event: KeyboardEvent): boolean {
    const count = this.visibleReplies.length;
    if (event.altKey || event.ctrlKey || event.metaKey) return false;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return false;
        this.activeIndex = (this.#clampedIndex() + 1) % count;
        return true;
      case 'ArrowUp':
        if (count === 0) return false;
        this.activeIndex = (this.#clampedIndex() - 1 + count) % count;
        return true;
      case 'Enter':
      case 'Tab':
        if (count === 0 || event.shiftKey) return false;
        this.#pick(this.#clampedIndex());
        return true;
      case 'Escape':
        this.dispatchEvent(new ConfabQuickReplyDismissEvent());
        return true;
      default:
        return false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query') || changed.has('quickReplies')) this.activeIndex = 0;
  }

  protected override updated(): void {
    const id = this.activeOptionId;
    if (id !== this.#announcedId) {
      this.#announcedId = id;
      this.dispatchEvent(new ConfabQuickReplyActiveEvent({ optionId: id }));
    }
    // Optional call: not every DOM implementation has scrollIntoView.
    this.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }

  protected override render() {
    const s = this.strings;
    const matches = this.visibleReplies;
    const active = this.#clampedIndex();
    return html`
      ${matches.length === 0
        ? html`<p class="qr-empty" data-testid="quick-reply-empty">${s.noQuickReplyMatches}</p>`
        : html`<ul class="qr-list" role="listbox" id=${this.listboxId} aria-label=${s.quickReplyMenuLabel} data-testid="quick-reply-menu">
            ${matches.map(
              (reply, index) => html`<li
                class="qr-option"
                role="option"
                id=${this.#optionId(index)}
                aria-selected=${index === active ? 'true' : 'false'}
                data-testid="quick-reply-option"
                data-shortcut=${reply.shortcut}
                @mousedown=${(event: MouseEvent) => event.preventDefault()}
                @click=${() => this.#pick(index)}
              >
                <span class="qr-shortcut">/${reply.shortcut}</span>
                <span class="qr-text">${reply.text}</span>
              </li>`,
            )}
          </ul>`}
      <p class="visually-hidden" role="status">${matches.length > 0 ? s.quickReplyMatches(matches.length) : s.noQuickReplyMatches}</p>
    `;
  }

  #clampedIndex(): number {
    return Math.min(Math.max(this.activeIndex, 0), Math.max(this.visibleReplies.length - 1, 0));
  }

  #optionId(index: number): string {
    return `${this.idPrefix}-option-${index}`;
  }

  #pick(index: number): void {
    const reply = this.visibleReplies[index];
    if (reply) this.dispatchEvent(new ConfabQuickReplyPickEvent({ reply }));
  }
}
