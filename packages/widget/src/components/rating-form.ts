import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { withExtras } from '../extra-strings.js';
import { en, type PanelStrings } from '../strings.js';
import { VERSION } from '../version.js';
import { ratingFormStyles } from './rating-form.styles.js';

/** Where the rating is: being chosen, on its way, or stored. */
type RatingState = 'editing' | 'sending' | 'saved';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * The satisfaction rating (CSAT) offered once the team closed the conversation: five stars as a
 * radio group (arrow keys move, each star has a spoken name such as "4 stars, good"), an optional
 * comment and a send button. Errors and the thanks are announced.
 *
 * @csspart rating-form - the form; `rating-submit` is its button.
 * @cssproperty --confab-star - colour of a chosen star.
 * @cssproperty --confab-accent - the button.
 * @cssproperty --confab-error - error text.
 */
export class ConfabRatingForm extends LitElement {
  /** The widget version that defined this element (see `defineElements()`). */
  static readonly version: string = VERSION;
  static override styles = ratingFormStyles;
  static override properties = {
    strings: { attribute: false },
    rate: { attribute: false },
    score: { state: true },
    ratingState: { state: true },
    error: { state: true },
  };

  /** The language pack. @default English */
  declare strings: PanelStrings;
  /** Sends the rating; rejections show as an error and the shopper may try again. */
  declare rate: ((score: number, comment?: string) => Promise<void>) | undefined;
  protected declare score: number;
  protected declare ratingState: RatingState;
  protected declare error: string;

  constructor() {
    super();
    this.strings = en;
    this.rate = undefined;
    this.score = 0;
    this.ratingState = 'editing';
    this.error = '';
  }

  protected override render() {
    const s = withExtras(this.strings);
    if (this.ratingState === 'saved') return html`<p class="thanks" role="status">${s.ratingThanks}</p>`;
    const isSending = this.ratingState === 'sending';
    return html`
      <form part="rating-form" novalidate @submit=${this.#onSubmit}>
        <fieldset>
          <legend>${s.ratingQuestion}</legend>
          <div class="scores">
            ${SCORES.map(
              (score) => html`<label class=${score <= this.score ? 'on' : ''}>
                <input
                  type="radio"
                  name="score"
                  .value=${String(score)}
                  .checked=${score === this.score}
                  aria-label=${s.ratingScores[score - 1]!}
                  @change=${() => this.#choose(score)}
                /><span aria-hidden="true">${score <= this.score ? '★' : '☆'}</span>
              </label>`,
            )}
          </div>
        </fieldset>
        <label for="comment">${s.ratingComment}</label>
        <textarea id="comment" name="comment" maxlength="2000" rows="2"></textarea>
        <button part="rating-submit" type="submit" aria-disabled=${isSending ? 'true' : 'false'}>
          ${isSending ? s.status.pending : s.ratingSubmit}
        </button>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </form>
    `;
  }

  #choose(score: number): void {
    this.score = score;
    this.error = '';
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.ratingState !== 'editing' || !this.rate) return;
    if (this.score === 0) {
      this.error = withExtras(this.strings).ratingChooseScore;
      this.renderRoot.querySelector('input')?.focus();
      return;
    }
    const comment = this.renderRoot.querySelector('textarea')!.value.trim();
    this.error = '';
    this.ratingState = 'sending';
    try {
      await this.rate(this.score, comment || undefined);
      this.ratingState = 'saved';
    } catch {
      this.ratingState = 'editing';
      this.error = withExtras(this.strings).requestFailed;
    }
  }
}

/** The rating form as `<confab-chat>` renders it in its panel (loaded with this chunk). */
export function renderRatingForm(strings: PanelStrings, rate: (score: number, comment?: string) => Promise<void>): TemplateResult {
  return html`<confab-rating-form part="rating" exportparts="rating-form, rating-submit" .strings=${strings} .rate=${rate}></confab-rating-form>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-rating-form': ConfabRatingForm;
  }
}
