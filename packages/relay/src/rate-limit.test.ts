import { describe, expect, it } from 'vitest';
import { TokenBucket, WindowCounter } from './rate-limit.js';

function clock(): { now: () => number; advance(ms: number): void } {
  let time = 0;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

describe('TokenBucket', () => {
  it('allows a burst of capacity, then refills at the rate per minute', () => {
    const time = clock();
    const bucket = new TokenBucket({ capacity: 20, perMinute: 120, now: time.now });
    for (let i = 0; i < 20; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    time.advance(499);
    expect(bucket.take()).toBe(false);
    time.advance(1);
    expect(bucket.take()).toBe(true);
    time.advance(60_000);
    for (let i = 0; i < 20; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });
});

describe('WindowCounter', () => {
  it('says when more than the limit happened within the window', () => {
    const time = clock();
    const counter = new WindowCounter({ limit: 3, windowMs: 1000, now: time.now });
    expect([counter.hit(), counter.hit(), counter.hit()]).toEqual([false, false, false]);
    expect(counter.hit()).toBe(true);
    time.advance(1000);
    expect(counter.hit()).toBe(false);
  });
});
