import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { ViewportController, type VisualViewportLike } from './viewport-controller.js';

/** A visual viewport whose size the test sets, as the on-screen keyboard would. */
class FakeViewport extends EventTarget implements VisualViewportLike {
  height = 800;
  offsetTop = 0;
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.listeners++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.listeners--;
    super.removeEventListener(...args);
  }
  resize(height: number, offsetTop: number): void {
    this.height = height;
    this.offsetTop = offsetTop;
    this.dispatchEvent(new Event('resize'));
  }
}

function setup() {
  const controllers: ReactiveController[] = [];
  const host: ReactiveControllerHost = {
    addController: (controller) => void controllers.push(controller),
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
  };
  const element = Object.assign(document.createElement('div'), host);
  const viewport = new FakeViewport();
  let isOpen = false;
  const controller = new ViewportController(element, () => isOpen, viewport);
  const variable = (name: string) => element.style.getPropertyValue(name);
  return {
    element,
    controllers,
    viewport,
    controller,
    variable,
    setOpen(value: boolean) {
      isOpen = value;
      controller.hostUpdated();
    },
  };
}

describe('ViewportController', () => {
  it('registers itself with its host', () => {
    const { controllers, controller } = setup();
    expect(controllers).toEqual([controller]);
  });

  it('mirrors the visible viewport into the host’s custom properties while the panel is open', () => {
    const { viewport, variable, setOpen } = setup();
    setOpen(true);
    expect(variable('--_confab-viewport-height')).toBe('800px');
    expect(variable('--_confab-viewport-top')).toBe('0px');

    // The keyboard opens: the visual viewport shrinks and may scroll down.
    viewport.resize(431.6, 120.2);
    expect(variable('--_confab-viewport-height')).toBe('432px');
    expect(variable('--_confab-viewport-top')).toBe('120px');
  });

  it('stops following and removes its properties when the panel closes or the element leaves the page', () => {
    const { viewport, variable, setOpen, controller } = setup();
    setOpen(true);
    expect(viewport.listeners).toBe(2);
    setOpen(false);
    expect(viewport.listeners).toBe(0);
    expect(variable('--_confab-viewport-height')).toBe('');
    expect(variable('--_confab-viewport-top')).toBe('');
    viewport.resize(300, 10);
    expect(variable('--_confab-viewport-height')).toBe('');

    setOpen(true);
    controller.hostDisconnected();
    expect(viewport.listeners).toBe(0);
    expect(variable('--_confab-viewport-height')).toBe('');
  });

  it('adds each listener once however often the host updates', () => {
    const { viewport, setOpen } = setup();
    setOpen(true);
    setOpen(true);
    setOpen(true);
    expect(viewport.listeners).toBe(2);
  });
});
