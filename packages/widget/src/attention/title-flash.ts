/** How long each of the two titles shows while flashing. */
const FLASH_INTERVAL_MS = 1500;

/**
 * Flashes the page title (`document.title`) between the page's own title and a message such as
 * "(1) New message" while the tab is hidden, so a shopper in another tab sees that a reply came.
 * Stops, and puts the page's own title back exactly, when the tab becomes visible or on `stop()`.
 * A title the page sets meanwhile (single-page navigation) becomes the one put back.
 *
 * @example
 * const flash = new TitleFlash();
 * client.on('notify', () => flash.start(strings.titleUnread(widget.unreadCount)));
 */
export class TitleFlash {
  /** The page's own title, to put back. */
  #original = '';
  /** The title as the browser gave it back after this flash last wrote it (it trims and collapses spaces). */
  #written = '';
  #text = '';
  #isShowingText = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly #onVisibilityChange = () => {
    if (document.visibilityState !== 'hidden') this.stop();
  };

  /** Whether the title is flashing now. */
  get isFlashing(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Starts flashing `text` if the tab is hidden (a visible tab needs no flash). While flashing,
   * it only changes the text: there is never more than one timer.
   */
  start(text: string): void {
    if (document.visibilityState !== 'hidden') return;
    this.#text = text;
    if (this.isFlashing) {
      if (this.#isShowingText && !this.#pageChangedTitle()) this.#show(true);
      return;
    }
    this.#original = document.title;
    this.#show(true);
    this.#timer = setInterval(() => this.#flip(), FLASH_INTERVAL_MS);
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
  }

  /** Stops flashing and puts the page's own title back. Does nothing when not flashing. */
  stop(): void {
    if (!this.isFlashing) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    // A title the page set since the last flip is its new own title: leave it.
    if (!this.#pageChangedTitle()) document.title = this.#original;
  }

  #pageChangedTitle(): boolean {
    return document.title !== this.#written;
  }

  #flip(): void {
    if (this.#pageChangedTitle()) {
      this.#original = document.title;
      this.#isShowingText = false;
    }
    this.#show(!this.#isShowingText);
  }

  #show(isText: boolean): void {
    this.#isShowingText = isText;
    document.title = isText ? this.#text : this.#original;
    this.#written = document.title;
  }
}
