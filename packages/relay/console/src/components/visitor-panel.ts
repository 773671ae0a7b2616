import type { ConversationSummary, VisitorContext } from '@confab/protocol';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { formatFullTime, formatLocalTime, formatPrice, formatTimeAtOffset, languageName, safeHttpUrl, safeLinkUrl, summarizeUserAgent } from '../format.js';
import { en, type Strings } from '../strings.js';
import { visitorPanelStyles } from './visitor-panel.styles.js';

/** How often the shopper's local time is refreshed. */
const CLOCK_TICK_MS = 30_000;

type Row = readonly [label: string, value: TemplateResult | string | undefined];

/**
 * The visitor context panel (`<confab-visitor-panel>`): who the shopper is when the shop signed
 * them in (name, email, user id, and whether the relay verified it), their pre-chat answers, the
 * email and rating they left, their page, product, language, browser, local time, screen and the shop's custom fields. Every value is rendered as text; only
 * `http:` and `https:` URLs become links (opening in a new tab without opener or referrer) or images.
 */
export class VisitorPanel extends LitElement {
  static override properties = {
    strings: { attribute: false },
    locale: {},
    conversation: { attribute: false },
    now: { attribute: false },
  };
  static override styles = visitorPanelStyles;

  declare strings: Strings;
  declare locale: string;
  declare conversation: ConversationSummary | undefined;
  /** The current time, refreshed every 30 seconds while connected. */
  declare now: number;

  #clock: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.strings = en;
    this.locale = 'en';
    this.conversation = undefined;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  protected override render() {
    const s = this.strings;
    const conversation = this.conversation;
    if (!conversation) return nothing;
    const context = conversation.context;
    const sections = [
      this.#identitySection(conversation),
      this.#section(
        'profile',
        s.profileHeading,
        Object.entries(conversation.profile ?? {}).map(([key, value]): Row => [s.profileLabel(key), value]),
      ),
      this.#section('follow-up', s.followUpHeading, this.#followUpRows(conversation)),
      this.#section('page', s.pageHeading, this.#pageRows(context)),
      this.#productSection(context),
      this.#section('visitor', s.visitorHeading, this.#visitorRows(context, conversation)),
      this.#section(
        'custom',
        s.customHeading,
        Object.entries(context.custom ?? {}).map(([key, value]): Row => [key, value]),
      ),
    ];
    const hasContext =
      Object.keys(context).length > 0 ||
      conversation.email !== undefined ||
      conversation.rating !== undefined ||
      conversation.identity !== undefined ||
      Object.keys(conversation.profile ?? {}).length > 0;
    return html`
      <aside aria-labelledby="panel-heading" data-testid="visitor-panel">
        <h2 id="panel-heading">${s.visitorPanelLabel}</h2>
        ${hasContext ? nothing : html`<p class="empty">${s.noContext}</p>`} ${sections}
      </aside>
    `;
  }

  /**
   * Who the shop says the shopper is. The badge tells a verified identity (the relay checked the
   * shop's signature) from a claim the page made, which anyone could have sent.
   */
  #identitySection(conversation: ConversationSummary) {
    const identity = conversation.identity;
    if (!identity) return nothing;
    const s = this.strings;
    const email = identity.email === undefined ? undefined : safeLinkUrl(`mailto:${identity.email}`);
    const rows: Row[] = [
      [s.identityName, identity.name],
      [s.identityEmail, identity.email === undefined ? undefined : email ? html`<a href=${email} rel="noopener noreferrer" data-testid="identity-email">${identity.email}</a>` : identity.email],
      [s.identityUserId, html`<code data-testid="identity-user-id">${identity.userId}</code>`],
    ];
    return html`<section aria-labelledby="section-identity" data-testid="visitor-identity">
      <h3 id="section-identity">
        ${s.identityHeading}
        <span
          class=${identity.isVerified ? 'badge verified' : 'badge unverified'}
          title=${identity.isVerified ? s.verifiedHint : s.notVerifiedHint}
          data-testid="identity-badge"
          data-verified=${identity.isVerified ? 'true' : 'false'}
          >${identity.isVerified ? s.verified : s.notVerified}</span
        >
      </h3>
      ${this.#list(rows)}
    </section>`;
  }

  /** What the shopper left for the team: an email to answer at (outside business hours) and their rating. */
  #followUpRows(conversation: ConversationSummary): Row[] {
    const s = this.strings;
    const { email, rating } = conversation;
    return [
      [s.leftEmail, email === undefined ? undefined : html`<a href=${`mailto:${email}`} rel="noopener noreferrer" data-testid="visitor-email">${email}</a>`],
      [s.rating, rating === undefined ? undefined : html`<span data-testid="visitor-rating">${s.ratingValue(rating.score)}</span>`],
      [s.ratingComment, rating?.comment],
    ];
  }

  #pageRows(context: VisitorContext): Row[] {
    const s = this.strings;
    return [
      [s.pageUrl, context.url === undefined ? undefined : this.#link(context.url, 'page-url')],
      [s.pageTitle, context.title],
      [s.referrer, context.referrer === undefined ? undefined : this.#link(context.referrer, 'referrer')],
    ];
  }

  #productSection(context: VisitorContext) {
    const s = this.strings;
    const product = context.product;
    if (!product) return nothing;
    const image = safeHttpUrl(product.image);
    const productUrl = safeHttpUrl(product.url);
    const rows: Row[] = [
      [s.productName, product.name === undefined ? undefined : productUrl ? this.#anchor(productUrl, product.name, 'product-link') : product.name],
      [s.sku, product.sku],
      [s.price, product.price === undefined ? undefined : formatPrice(product.price, product.currency, this.locale)],
      [s.availability, product.availability === undefined ? undefined : this.#availability(product.availability)],
      [s.brand, product.brand],
    ];
    return html`<section aria-labelledby="section-product" data-testid="visitor-product">
      <h3 id="section-product">${s.productHeading}</h3>
      ${image
        ? html`<img src=${image} alt=${product.name ?? ''} referrerpolicy="no-referrer" loading="lazy" decoding="async" />`
        : nothing}
      ${this.#list(rows)}
    </section>`;
  }

  #visitorRows(context: VisitorContext, conversation: ConversationSummary): Row[] {
    const s = this.strings;
    const locale = context.locale;
    const browser = context.userAgent === undefined ? undefined : summarizeUserAgent(context.userAgent);
    let browserText: string | undefined;
    if (browser) {
      const name = browser.browser ?? s.unknownBrowser;
      browserText = browser.os ? s.browserOn(name, browser.os) : name;
    }
    const localTime = context.timeZone
      ? formatLocalTime(context.timeZone, this.locale, this.now)
      : context.localTime
        ? formatTimeAtOffset(context.localTime, this.locale, this.now)
        : undefined;
    return [
      [s.locale, locale === undefined ? undefined : this.#language(locale)],
      [s.languages, context.languages?.length ? context.languages.join(', ') : undefined],
      [s.browser, browserText === undefined ? undefined : html`<span title=${context.userAgent ?? ''}>${browserText}</span>`],
      [s.localTime, localTime ?? context.localTime],
      [s.timeZone, context.timeZone],
      [s.screen, context.screen ? s.screenSize(context.screen.width, context.screen.height) : undefined],
      [s.startedAt, formatFullTime(conversation.createdAt, this.locale)],
    ];
  }

  #language(tag: string): string {
    const name = languageName(tag, this.locale);
    return name ? `${name} (${tag})` : tag;
  }

  #availability(value: string): string {
    // schema.org values may come as full URLs: "https://schema.org/InStock".
    const short = value.replace(/^https?:\/\/schema\.org\//i, '');
    return this.strings.availabilityValues[short] ?? short;
  }

  #link(url: string, testId: string): TemplateResult | string {
    const safe = safeHttpUrl(url);
    return safe ? this.#anchor(safe, url, testId) : url;
  }

  #anchor(href: string, text: string, testId: string): TemplateResult {
    return html`<a href=${href} target="_blank" rel="noopener noreferrer" data-testid=${testId}>${text}</a>`;
  }

  #section(id: string, heading: string, rows: readonly Row[]) {
    if (!rows.some(([, value]) => value !== undefined && value !== '')) return nothing;
    return html`<section aria-labelledby=${`section-${id}`} data-testid=${`visitor-${id}`}>
      <h3 id=${`section-${id}`}>${heading}</h3>
      ${this.#list(rows)}
    </section>`;
  }

  #list(rows: readonly Row[]) {
    return html`<dl>
      ${rows
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
    </dl>`;
  }
}
