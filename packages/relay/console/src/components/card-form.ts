import { LitElement } from 'lit';
import { ConfabCloseCardFormEvent } from '../events.js';
import type { Checked } from '../reply-cards.js';
import { en, type Strings } from '../strings.js';
import { cardFormStyles } from './card-form.styles.js';

/**
 * What the reply box's two card forms share (the product form and the link button form): the
 * draft being typed, the problems the last Add found, focus on the first field when opened and on
 * the first wrong field after a refused Add, and Escape or Cancel closing the form
 * (`confab-close-card-form`). A form says how to check its draft and what event an added card is.
 */
export abstract class CardForm<Draft, Problems extends object, Card> extends LitElement {
  static override properties = {
    strings: { attribute: false },
    draft: { state: true },
    problems: { state: true },
  };
  static override styles = cardFormStyles;

  declare strings: Strings;
  declare protected draft: Draft;
  declare protected problems: Problems;

  /** Its fields in focus order, by problem key; each input's id is `${idPrefix}-${field}`. */
  protected abstract readonly fields: readonly (keyof Problems & string)[];
  protected abstract readonly idPrefix: string;

  constructor() {
    super();
    this.strings = en;
    this.draft = this.emptyDraft();
    this.problems = {} as Problems;
  }

  /** The empty draft, also what the form shows again after a card was added. */
  protected abstract emptyDraft(): Draft;
  protected abstract check(draft: Draft): Checked<Card, Problems>;
  /** The event that hands an added card to the reply box. */
  protected abstract addedEvent(card: Card): Event;

  /** Moves keyboard focus to the first field. */
  focusFirstField(): void {
    this.#focus(this.fields[0]!);
  }

  protected override firstUpdated(): void {
    this.focusFirstField();
  }

  protected readonly submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const checked = this.check(this.draft);
    if (!checked.ok) {
      this.problems = checked.problems;
      const first = this.fields.find((field) => checked.problems[field]);
      if (first) void this.updateComplete.then(() => this.#focus(first));
      return;
    }
    this.problems = {} as Problems;
    this.draft = this.emptyDraft();
    this.dispatchEvent(this.addedEvent(checked.value));
  };

  protected readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    // Handled here, so a dialog or page listener further up does not also act on it.
    event.preventDefault();
    event.stopPropagation();
    this.close();
  };

  protected readonly close = (): void => {
    this.dispatchEvent(new ConfabCloseCardFormEvent());
  };

  #focus(field: string): void {
    this.renderRoot.querySelector<HTMLInputElement>(`#${this.idPrefix}-${field}`)?.focus();
  }
}
