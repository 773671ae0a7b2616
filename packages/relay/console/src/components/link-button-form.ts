import type { LinkButton } from '@confab/protocol';
import { html } from 'lit';
import { ConfabAddLinkButtonEvent } from '../events.js';
import { CARD_LIMITS, checkLinkButton, type LinkButtonDraft, type LinkButtonProblems } from '../reply-cards.js';
import { renderCardField } from './card-field.js';
import { CardForm } from './card-form.js';

const EMPTY: LinkButtonDraft = { label: '', url: '' };

/**
 * The "Add link button" form (`<confab-link-button-form>`) the reply box opens: a label and the
 * `https:`, `http:` or `mailto:` address the button opens, checked with the relay's rules, with an
 * inline error under each field that is wrong. Focus goes to the label when the form opens;
 * Escape or Cancel closes it without adding anything.
 *
 * @event confab-add-link-button - Add was pressed with valid fields; `detail.button` is the button.
 * @event confab-close-card-form - Cancel or Escape.
 */
export class LinkButtonForm extends CardForm<LinkButtonDraft, LinkButtonProblems, LinkButton> {
  protected readonly fields = ['label', 'url'] as const;
  protected readonly idPrefix = 'link';

  protected emptyDraft(): LinkButtonDraft {
    return EMPTY;
  }

  protected check(draft: LinkButtonDraft) {
    return checkLinkButton(draft);
  }

  protected addedEvent(button: LinkButton): Event {
    return new ConfabAddLinkButtonEvent({ button });
  }

  protected override render() {
    const s = this.strings;
    const e = s.cardErrors;
    const p = this.problems;
    return html`<form data-testid="link-button-form" aria-labelledby="link-form-heading" novalidate @submit=${this.submit} @keydown=${this.onKeydown}>
      <h3 id="link-form-heading">${s.linkButtonFormHeading}</h3>
      <div class="grid">
        ${renderCardField({
          id: 'link-label',
          label: s.linkLabelLabel,
          value: this.draft.label,
          maxLength: CARD_LIMITS.label,
          error: p.label === 'required' ? e.labelRequired : p.label === 'too-long' ? e.labelTooLong : '',
          onInput: (label) => (this.draft = { ...this.draft, label }),
        })}
        ${renderCardField({
          id: 'link-url',
          label: s.linkUrlLabel,
          hint: s.linkUrlHint,
          value: this.draft.url,
          type: 'url',
          inputMode: 'url',
          error:
            p.url === 'required' ? e.linkUrlRequired : p.url === 'invalid' ? e.linkUrlInvalid : p.url === 'too-long' ? e.urlTooLong : '',
          onInput: (url) => (this.draft = { ...this.draft, url }),
        })}
      </div>
      <div class="form-actions">
        <button class="primary" type="submit" data-testid="add-link-button-submit">${s.addCard}</button>
        <button type="button" data-testid="cancel-link-button" @click=${this.close}>${s.cancel}</button>
      </div>
    </form>`;
  }
}
