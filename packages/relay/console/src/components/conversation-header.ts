import type { ConversationSummary } from '@confab/protocol';
import { html, LitElement, nothing } from 'lit';
import { ConfabCloseConversationEvent } from '../events.js';
import { conversationTitle, responderState } from '../labels.js';
import { en, type Strings } from '../strings.js';
import { conversationHeaderStyles } from './conversation-header.styles.js';

/**
 * The open conversation's header (`<confab-conversation-header>`): its name, status, the
 * shopper's presence, who answers it when routing says (a bot: replying takes it over; or a shopper
 * waiting for a person), and the "Close conversation" button, which asks for confirmation in a
 * modal dialog first.
 *
 * @event confab-close-conversation - The agent confirmed closing the conversation.
 */
export class ConversationHeader extends LitElement {
  static override properties = {
    strings: { attribute: false },
    conversation: { attribute: false },
    headingId: { attribute: 'heading-id' },
  };
  static override styles = conversationHeaderStyles;

  declare strings: Strings;
  declare conversation: ConversationSummary | undefined;
  /** The id of the heading element, for `aria-labelledby` inside this element. */
  declare headingId: string;

  constructor() {
    super();
    this.strings = en;
    this.conversation = undefined;
    this.headingId = 'conversation-heading';
  }

  /** Opens the confirmation dialog, as the Close button does. */
  askToClose(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // The safe choice gets focus, so a stray Enter does not close the conversation.
    dialog.querySelector<HTMLButtonElement>('[data-testid="cancel-close"]')?.focus();
  }

  protected override render() {
    const s = this.strings;
    const conversation = this.conversation;
    if (!conversation) return nothing;
    const isOpen = conversation.status === 'open';
    const responder = responderState(conversation);
    return html`
      <div class="bar">
        <h2 id=${this.headingId}>${conversationTitle(conversation, s)}</h2>
        <div class="meta">
          <span class=${isOpen ? 'status open' : 'status'} data-testid="conversation-status">
            ${isOpen ? s.statusOpen : s.statusClosed}
          </span>
          <span class=${conversation.visitorOnline ? 'presence online' : 'presence'}>
            ${conversation.visitorOnline ? s.online : s.offline}
          </span>
          ${responder.kind === 'needs-person'
            ? html`<span class="responder needs-person" data-testid="responder">${s.needsPerson}</span>`
            : responder.kind === 'elsewhere' && isOpen
              ? html`<span class="responder" data-testid="responder">${s.takeOverHint(responder.responder)}</span>`
              : nothing}
        </div>
        ${isOpen
          ? html`<button type="button" data-testid="close-conversation" @click=${this.askToClose}>${s.closeConversation}</button>`
          : nothing}
      </div>
      <dialog aria-labelledby="confirm-title" aria-describedby="confirm-body" data-testid="close-dialog">
        <h3 id="confirm-title">${s.closeConfirmTitle}</h3>
        <p id="confirm-body">${s.closeConfirmBody}</p>
        <div class="actions">
          <button type="button" data-testid="cancel-close" @click=${this.#cancel}>${s.cancel}</button>
          <button type="button" class="danger" data-testid="confirm-close" @click=${this.#confirm}>${s.closeConfirm}</button>
        </div>
      </dialog>
    `;
  }

  #cancel(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  #confirm(): void {
    this.renderRoot.querySelector('dialog')?.close();
    const conversation = this.conversation;
    if (conversation) this.dispatchEvent(new ConfabCloseConversationEvent({ conversationId: conversation.id }));
  }
}
