import '../test-support/dom.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProactiveDismissEvent, ProactiveOpenEvent } from '../events.js';
import { withExtras } from '../extra-strings.js';
import { en, type Strings } from '../strings.js';
import { settle, textOf } from '../test-support/dom.js';
import { ConfabProactiveTeaser } from './proactive-teaser.js';
import { proactiveTeaserStyles } from './proactive-teaser.styles.js';

beforeAll(() => {
  if (!customElements.get('confab-proactive-teaser')) customElements.define('confab-proactive-teaser', ConfabProactiveTeaser);
});
afterEach(() => document.body.replaceChildren());

const MESSAGE = { id: 'sizes', text: 'Need help finding your size?', delaySeconds: 5 };

async function mountTeaser() {
  const teaser = document.createElement('confab-proactive-teaser');
  document.body.append(teaser);
  await settle(teaser);
  const root = teaser.shadowRoot!;
  const events: string[] = [];
  teaser.addEventListener('confab-proactive-open', (event: ProactiveOpenEvent) =>
    events.push(`open ${event.detail.id}: ${event.detail.text}`),
  );
  teaser.addEventListener('confab-proactive-dismiss', (event: ProactiveDismissEvent) =>
    events.push(`dismiss ${event.detail.id}`),
  );
  return { teaser, root, events };
}

describe('<confab-proactive-teaser>', () => {
  it('keeps an empty, hidden status region until there is a message, then fills it', async () => {
    const { teaser, root } = await mountTeaser();
    const status = root.querySelector('[role="status"]')!;
    expect(root.querySelector('.teaser')!.hasAttribute('hidden')).toBe(true);
    expect(textOf(status)).toBe('');
    teaser.message = MESSAGE;
    await settle(teaser);
    expect(root.querySelector('[role="status"]')).toBe(status);
    expect(textOf(status)).toBe('Need help finding your size?');
    expect(root.querySelector('.teaser')!.hasAttribute('hidden')).toBe(false);
  });

  it('opens the chat when the text is tapped and is dismissed with a labelled button', async () => {
    const { teaser, root, events } = await mountTeaser();
    teaser.message = MESSAGE;
    await settle(teaser);
    root.querySelector<HTMLButtonElement>('.text')!.click();
    const dismiss = root.querySelector<HTMLButtonElement>('.dismiss')!;
    expect(dismiss.getAttribute('aria-label')).toBe('Dismiss');
    expect(dismiss.closest('[role="status"]')).toBeNull();
    dismiss.click();
    expect(events).toEqual(['open sizes: Need help finding your size?', 'dismiss sizes']);
  });

  it('does not take focus when it appears', async () => {
    const { teaser } = await mountTeaser();
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    teaser.message = MESSAGE;
    await settle(teaser);
    expect(document.activeElement).toBe(input);
  });

  it('uses the language pack for the dismiss button and its language', async () => {
    const { teaser, root } = await mountTeaser();
    const portuguese: Strings = { ...withExtras(en), dismiss: 'Fechar' };
    teaser.strings = portuguese;
    teaser.message = MESSAGE;
    await settle(teaser);
    expect(root.querySelector('.dismiss')!.getAttribute('aria-label')).toBe('Fechar');
    expect(root.querySelector('.teaser')!.getAttribute('lang')).toBe('en');
  });

  it('animates only for shoppers who have not asked for reduced motion', () => {
    const css = proactiveTeaserStyles.cssText;
    const motionQuery = css.indexOf('prefers-reduced-motion: no-preference');
    expect(motionQuery).toBeGreaterThan(-1);
    expect(css.indexOf('animation')).toBeGreaterThan(motionQuery);
  });
});
