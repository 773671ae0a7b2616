import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The part of `window.visualViewport` the controller reads. */
export interface VisualViewportLike extends EventTarget {
  readonly height: number;
  readonly offsetTop: number;
}

/**
 * Keeps the full-screen panel of a phone inside the part of the screen the shopper can see.
 *
 * When the on-screen keyboard opens, iOS Safari (and Android Chrome with `interactive-widget`
 * left at its default) shrinks only the *visual* viewport: `100dvh` still reaches under the
 * keyboard, which would hide the text box. The controller mirrors `visualViewport.height` and
 * `offsetTop` into `--_confab-viewport-height` / `--_confab-viewport-top` on the host while
 * `isActive()` (the panel is open); the phone styles use them with `100dvh` as the fallback.
 * Custom properties are set through the CSSOM, which a strict `style-src` allows.
 */
export class ViewportController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #isActive: () => boolean;
  readonly #viewport: VisualViewportLike | undefined;
  #isWatching = false;

  readonly #sync = (): void => {
    const viewport = this.#viewport;
    if (!viewport) return;
    this.#host.style.setProperty('--_confab-viewport-height', `${Math.round(viewport.height)}px`);
    this.#host.style.setProperty('--_confab-viewport-top', `${Math.round(viewport.offsetTop)}px`);
  };

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    isActive: () => boolean,
    viewport: VisualViewportLike | undefined = globalThis.visualViewport ?? undefined,
  ) {
    this.#host = host;
    this.#isActive = isActive;
    this.#viewport = viewport;
    host.addController(this);
  }

  /** @internal Lit lifecycle: follows the panel opening and closing. */
  hostUpdated(): void {
    this.#watch(this.#isActive());
  }

  /** @internal Lit lifecycle. */
  hostDisconnected(): void {
    this.#watch(false);
  }

  #watch(isOn: boolean): void {
    const viewport = this.#viewport;
    if (!viewport || isOn === this.#isWatching) return;
    this.#isWatching = isOn;
    for (const type of ['resize', 'scroll']) {
      if (isOn) viewport.addEventListener(type, this.#sync);
      else viewport.removeEventListener(type, this.#sync);
    }
    if (isOn) this.#sync();
    else {
      this.#host.style.removeProperty('--_confab-viewport-height');
      this.#host.style.removeProperty('--_confab-viewport-top');
    }
  }
}
