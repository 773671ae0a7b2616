import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from './emitter.js';

interface Events {
  ping: { n: number };
  pong: string;
}

describe('Emitter', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('calls the listeners of an event with its payload', () => {
    const events = new Emitter<Events>();
    const seen: number[] = [];
    events.on('ping', ({ n }) => seen.push(n));
    events.on('pong', () => seen.push(-1));
    events.emit('ping', { n: 1 });
    expect(seen).toEqual([1]);
  });

  it('stops calling a listener once the function on() returned is called', () => {
    const events = new Emitter<Events>();
    const seen: number[] = [];
    const off = events.on('ping', ({ n }) => seen.push(n));
    events.emit('ping', { n: 1 });
    off();
    off();
    events.emit('ping', { n: 2 });
    expect(seen).toEqual([1]);
  });

  it('keeps calling the other listeners when one throws, and rethrows its error in a microtask', async () => {
    const events = new Emitter<Events>();
    const seen: string[] = [];
    const thrown: unknown[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
      try {
        task();
      } catch (error) {
        thrown.push(error);
      }
    });
    events.on('pong', () => {
      throw new Error('listener bug');
    });
    events.on('pong', (text) => seen.push(text));
    events.emit('pong', 'hi');
    expect(seen).toEqual(['hi']);
    expect(thrown).toEqual([new Error('listener bug')]);
  });

  it('forgets every listener on clear()', () => {
    const events = new Emitter<Events>();
    const seen: number[] = [];
    events.on('ping', ({ n }) => seen.push(n));
    events.clear();
    events.emit('ping', { n: 1 });
    expect(seen).toEqual([]);
  });
});
