import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { onlyConversation, panel, stageWidgetState, WIDGET_STATES, type StagedWidget, type StageOptions, type WidgetStateName } from '../support/widget-states.js';
import { auditPage, describeViolations } from './axe.js';
import { focusedElement, tabToLauncher } from './focus.js';
import { declaredWidgetMotion, runningWidgetMotion } from './motion.js';

let browser: Browser;
const staged: StagedWidget[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const stage of staged) await stage.close();
  await browser?.close();
});

/** Stages a state and remembers it for clean-up, so a failed assertion leaves no relay behind. */
async function stage(name: WidgetStateName, options?: StageOptions): Promise<StagedWidget> {
  const result = await stageWidgetState(browser, name, options);
  staged.push(result);
  return result;
}

async function release(widget: StagedWidget): Promise<void> {
  staged.splice(staged.indexOf(widget), 1);
  expect(widget.pageErrors).toEqual([]);
  await widget.close();
}

describe('the widget under axe-core (WCAG 2.0, 2.1 and 2.2, A and AA)', () => {
  for (const state of WIDGET_STATES) {
    it(`has no violations in state "${state.name}": ${state.description}`, async () => {
      const widget = await stage(state.name);
      const violations = await auditPage(widget.page);
      if (violations.length > 0) console.error(`axe violations in state "${state.name}":\n${describeViolations(violations)}`);
      expect(violations, describeViolations(violations)).toEqual([]);
      await release(widget);
    });
  }

  it('sees into the widget’s shadow roots (a nameless button planted in the panel is reported)', async () => {
    const widget = await stage('open');
    await widget.page.evaluate(() => {
      const header = document.querySelector('confab-chat')?.shadowRoot?.querySelector('[part="header"]');
      if (!header) throw new Error('no panel header in the shadow root');
      header.append(document.createElement('button'));
    });
    const violations = await auditPage(widget.page);
    expect(violations.map((violation) => violation.id)).toContain('button-name');
    expect(violations.find((violation) => violation.id === 'button-name')?.targets.join()).toContain('confab-chat');
    await release(widget);
  });

  it('has no violations with the panel open in dark mode', async () => {
    const widget = await stage('open', { context: { colorScheme: 'dark' } });
    const violations = await auditPage(widget.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await release(widget);
  });
});

describe('the widget with the keyboard only', () => {
  it('reaches the launcher with Tab, opens with Enter, and Escape gives focus back to the launcher', async () => {
    const widget = await stage('closed');
    const { page } = widget;
    await tabToLauncher(page);
    await page.keyboard.press('Enter');
    await panel(page).waitFor();
    await expect.poll(async () => (await focusedElement(page)).isInPanel).toBe(true);
    await expect.poll(async () => (await focusedElement(page)).part).toBe('input');

    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'hidden' });
    expect(await focusedElement(page)).toMatchObject({ part: 'launcher', isInPanel: false });
    await release(widget);
  });

  it('keeps Tab and Shift+Tab inside the full-screen dialog on a phone', async () => {
    const widget = await stage('phone');
    const { page } = widget;
    await page.locator('confab-chat [part="input"]').focus();
    const visited = new Set<string>();
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let press = 1; press <= 12; press++) {
        await page.keyboard.press(key);
        const focus = await focusedElement(page);
        expect(focus.isInPanel, `after ${press} × ${key} focus left the dialog for ${JSON.stringify(focus)}`).toBe(true);
        visited.add(`${focus.tag}[${focus.part}]`);
      }
    }
    // The trap cycles through the dialog's controls rather than pinning focus on one.
    expect(visited.size).toBeGreaterThan(2);
    await release(widget);
  });
});

describe('the widget with prefers-reduced-motion: reduce', () => {
  it('declares motion without the preference (so the checks below can see it)', async () => {
    const widget = await stage('open', { context: { reducedMotion: 'no-preference' } });
    const declared = await declaredWidgetMotion(widget.page);
    expect(declared.map((motion) => motion.name)).toContain('confab-panel-in');
    await release(widget);
  });

  it('plays no animation or transition over 0.01 s while opening, chatting and rating', async () => {
    const widget = await stage('closed', { context: { reducedMotion: 'reduce' } });
    const { page, relay } = widget;
    const seen: string[] = [];
    const look = async (moment: string) => {
      const motion = [...(await runningWidgetMotion(page)), ...(await declaredWidgetMotion(page))];
      for (const item of motion) seen.push(`${moment}: ${JSON.stringify(item)}`);
    };

    await page.locator('[part="launcher"]').first().click();
    await look('opening');
    await panel(page).waitFor();
    await look('open');
    const input = page.locator('confab-chat [part="input"]');
    await input.fill('Does the kettle come in sage?');
    await input.press('Enter');
    await page.locator('[part~="message-own"]').waitFor();
    await look('sent');
    const { id } = await onlyConversation(relay);
    await relay.api('POST', `/v1/agent/conversations/${id}/typing`, { isTyping: true, authorName: 'Mei' });
    await page.locator('confab-chat .typing').first().waitFor();
    await look('agent typing');
    await relay.api('POST', `/v1/agent/conversations/${id}/messages`, { text: 'It does, in stock now.', authorName: 'Mei' });
    await page.locator('[part~="message-team"]').waitFor();
    await look('reply');
    await relay.api('POST', `/v1/agent/conversations/${id}/close`);
    await page.locator('confab-rating-form [part="rating-submit"]').waitFor();
    await page.locator('confab-rating-form label').first().hover();
    await look('rating');

    expect(seen).toEqual([]);
    await release(widget);
  });
});
