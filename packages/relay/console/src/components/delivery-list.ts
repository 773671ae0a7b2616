import { ConfabError } from '@confab/protocol';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { OutboxDelivery } from '../api-client.js';
import { ConfabCloseDeliveriesEvent } from '../events.js';
import { formatFullTime, shortId } from '../format.js';
import { en, type Strings } from '../strings.js';
import { deliveryListStyles } from './delivery-list.styles.js';

/** Where the view reads and replays dead deliveries: the console session, or a fake in tests. */
export interface DeliverySource {
  listDeadDeliveries(): Promise<OutboxDelivery[]>;
  replayDelivery(deliveryId: string): Promise<void>;
}

/** What one row's Replay button came to. */
type ReplayState = { kind: 'replaying' } | { kind: 'replayed' } | { kind: 'failed'; code: string };

const PREVIEW_LENGTH = 140;

function codeOf(error: unknown): string {
  return error instanceof ConfabError ? error.code : 'CONFAB_INTERNAL';
}

/**
 * The Failed deliveries view (`<confab-delivery-list>`): a modal dialog listing the outbox's dead
 * deliveries (events an adapter's backend did not take after the retry budget, or refused for
 * good) with where each was going, why it failed and a Replay button that sends it again with the
 * same delivery id. It loads the list each time it opens; Refresh loads it again.
 *
 * @event confab-close-deliveries - The dialog was closed (Close button or Escape).
 */
export class DeliveryList extends LitElement {
  static override properties = {
    strings: { attribute: false },
    locale: {},
    source: { attribute: false },
    open: { type: Boolean, reflect: true },
    deliveries: { state: true },
    loadState: { state: true },
    replays: { state: true },
  };
  static override styles = deliveryListStyles;

  declare strings: Strings;
  declare locale: string;
  declare source: DeliverySource | undefined;
  /** Whether the dialog is shown. */
  declare open: boolean;
  declare protected deliveries: readonly OutboxDelivery[];
  declare protected loadState: { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; code: string };
  declare protected replays: ReadonlyMap<string, ReplayState>;

  constructor() {
    super();
    this.strings = en;
    this.locale = 'en';
    this.source = undefined;
    this.open = false;
    this.deliveries = [];
    this.loadState = { kind: 'loading' };
    this.replays = new Map();
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.#dialog;
    if (!dialog) return;
    if (this.open && !dialog.open) {
      dialog.showModal();
      this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="refresh-deliveries"]')?.focus();
      void this.load();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  /** Loads the dead deliveries again; replay outcomes shown so far are forgotten. */
  async load(): Promise<void> {
    const source = this.source;
    if (!source) return;
    this.loadState = { kind: 'loading' };
    try {
      this.deliveries = await source.listDeadDeliveries();
      this.replays = new Map();
      this.loadState = { kind: 'ready' };
    } catch (error) {
      this.loadState = { kind: 'failed', code: codeOf(error) };
    }
  }

  protected override render() {
    const s = this.strings;
    return html`
      <dialog aria-labelledby="deliveries-heading" data-testid="delivery-list" @close=${this.#onDialogClose}>
        <div class="head">
          <h2 id="deliveries-heading">${s.deliveriesHeading}</h2>
          <button type="button" data-testid="refresh-deliveries" ?disabled=${this.loadState.kind === 'loading'} @click=${() => void this.load()}>
            ${s.refresh}
          </button>
          <button type="button" data-testid="close-deliveries" @click=${() => this.#dialog?.close()}>${s.close}</button>
        </div>
        <p class="intro">${s.deliveriesIntro}</p>
        ${this.#renderBody()}
      </dialog>
    `;
  }

  #renderBody() {
    const s = this.strings;
    const state = this.loadState;
    if (state.kind === 'failed') return html`<p class="form-error" role="alert" data-testid="deliveries-error">${s.errors.deliveries} (${state.code})</p>`;
    if (state.kind === 'loading' && this.deliveries.length === 0) return html`<p class="empty" role="status">${s.loadingDeliveries}</p>`;
    if (this.deliveries.length === 0) return html`<p class="empty" role="status" data-testid="no-deliveries">${s.noDeliveries}</p>`;
    return html`<ul aria-labelledby="deliveries-heading">
      ${this.deliveries.map((delivery) => this.#renderItem(delivery))}
    </ul>`;
  }

  #renderItem(delivery: OutboxDelivery) {
    const s = this.strings;
    const replay = this.replays.get(delivery.deliveryId);
    const text = delivery.event.message?.text;
    const preview = text === undefined ? undefined : text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
    const label = `${s.replay}: ${s.deliveryEvent(delivery.event.type)} → ${delivery.adapter}`;
    return html`<li data-testid="delivery-item" data-delivery-id=${delivery.deliveryId}>
      <div class="what">
        <strong>${s.deliveryEvent(delivery.event.type)}</strong>
        ${preview === undefined ? nothing : html`<q>${preview}</q>`}
      </div>
      <dl>
        <dt>${s.deliveryAdapter}</dt>
        <dd>${delivery.adapter}</dd>
        <dt>${s.deliveryConversation}</dt>
        <dd>${s.visitorName(shortId(delivery.conversationId))}</dd>
        <dt>${s.deliveryError}</dt>
        <dd class="error-text">${delivery.lastError ?? '—'} · ${s.deliveryAttempts(delivery.attempts)}</dd>
        <dt>${s.deliveryCreated}</dt>
        <dd>${formatFullTime(delivery.createdAt, this.locale)}</dd>
      </dl>
      <div class="actions">
        ${replay?.kind === 'replayed'
          ? html`<span class="done" role="status" data-testid="delivery-replayed">${s.replayed}</span>`
          : html`<button
              type="button"
              data-testid="replay-delivery"
              aria-label=${label}
              ?disabled=${replay?.kind === 'replaying'}
              @click=${() => void this.#replay(delivery.deliveryId)}
            >
              ${replay?.kind === 'replaying' ? s.replaying : s.replay}
            </button>`}
        ${replay?.kind === 'failed' ? html`<span class="error-text" role="alert">${s.errors.replay} (${replay.code})</span>` : nothing}
      </div>
    </li>`;
  }

  async #replay(deliveryId: string): Promise<void> {
    const source = this.source;
    if (!source) return;
    this.#setReplay(deliveryId, { kind: 'replaying' });
    try {
      await source.replayDelivery(deliveryId);
      this.#setReplay(deliveryId, { kind: 'replayed' });
    } catch (error) {
      this.#setReplay(deliveryId, { kind: 'failed', code: codeOf(error) });
    }
  }

  #setReplay(deliveryId: string, state: ReplayState): void {
    const next = new Map(this.replays);
    next.set(deliveryId, state);
    this.replays = next;
  }

  #onDialogClose(): void {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new ConfabCloseDeliveriesEvent());
  }
}
