import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TitleFlash } from './title-flash.js';

let visibility: DocumentVisibilityState = 'visible';

function setVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'hidden';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
  document.title = 'Runner 2 – Shoes – Example Shop';
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('TitleFlash', () => {
  it('alternates between the message and the page title every 1.5 s while the tab is hidden', () => {
    const flash = new TitleFlash();
    flash.start('(1) New message');
    expect(document.title).toBe('(1) New message');
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('(1) New message');
    flash.stop();
  });

  it('stops and puts the exact title back when the tab becomes visible', () => {
    const flash = new TitleFlash();
    flash.start('(1) New message');
    setVisibility('visible');
    expect(flash.isFlashing).toBe(false);
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    vi.advanceTimersByTime(6000);
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('puts the title back on stop(), whichever of the two is showing', () => {
    const flash = new TitleFlash();
    flash.start('(1) New message');
    vi.advanceTimersByTime(1500);
    flash.stop();
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    flash.start('(1) New message');
    flash.stop();
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing in a visible tab', () => {
    visibility = 'visible';
    const flash = new TitleFlash();
    flash.start('(1) New message');
    expect(flash.isFlashing).toBe(false);
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps one timer when started again, and shows the newer text', () => {
    const flash = new TitleFlash();
    flash.start('(1) New message');
    flash.start('(2) New message');
    expect(vi.getTimerCount()).toBe(1);
    expect(document.title).toBe('(2) New message');
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    flash.start('(3) New message');
    // The page's title stays until the next flip.
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('(3) New message');
    flash.stop();
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
  });

  it('takes a title the page sets while flashing as the page’s new title', () => {
    const flash = new TitleFlash();
    flash.start('(1) New message');
    document.title = 'Checkout – Example Shop';
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('(1) New message');
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('Checkout – Example Shop');
    document.title = 'Thank you – Example Shop';
    flash.stop();
    expect(document.title).toBe('Thank you – Example Shop');
  });

  it('is not fooled by the browser trimming the titles it stores', () => {
    const flash = new TitleFlash();
    flash.start('  (1)   New message ');
    vi.advanceTimersByTime(1500);
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
    flash.stop();
    expect(document.title).toBe('Runner 2 – Shoes – Example Shop');
  });
});
