/** A node of a {@link FakeAudioContext} graph; records what it was connected to. */
class FakeNode {
  readonly connections: unknown[] = [];
  connect(target: unknown): void {
    this.connections.push(target);
  }
}

class FakeOscillator extends FakeNode {
  type = 'sine';
  /** The frequency and its scheduled changes, `[hz, at]`. */
  readonly frequency = {
    value: 440,
    changes: [] as [number, number][],
    setValueAtTime(value: number, at: number): void {
      this.changes.push([value, at]);
    },
  };
  startedAt: number | undefined;
  stoppedAt: number | undefined;
  onended: (() => void) | null = null;
  start(at: number): void {
    this.startedAt = at;
  }
  stop(at: number): void {
    this.stoppedAt = at;
  }
}

/**
 * An `AudioContext` double for happy-dom: it plays nothing, but records the oscillators a chime
 * schedules and follows `suspend()` / `resume()` / `close()`. Every instance made is in
 * `FakeAudioContext.made` (reset it in `afterEach`).
 */
export class FakeAudioContext {
  static made: FakeAudioContext[] = [];
  state: 'running' | 'suspended' | 'closed' = 'running';
  currentTime = 12.5;
  readonly destination = new FakeNode();
  readonly oscillators: FakeOscillator[] = [];

  constructor() {
    FakeAudioContext.made.push(this);
  }

  /** How many sounds were started (what a page hooking `AudioScheduledSourceNode.start` counts). */
  get chimes(): number {
    return this.oscillators.filter((oscillator) => oscillator.startedAt !== undefined).length;
  }

  resume(): Promise<void> {
    this.state = 'running';
    return Promise.resolve();
  }

  suspend(): Promise<void> {
    this.state = 'suspended';
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.state = 'closed';
    return Promise.resolve();
  }

  createGain() {
    const node = new FakeNode();
    return Object.assign(node, { gain: { setValueAtTime: () => {}, exponentialRampToValueAtTime: () => {} } });
  }

  createOscillator(): FakeOscillator {
    const oscillator = new FakeOscillator();
    this.oscillators.push(oscillator);
    return oscillator;
  }
}
