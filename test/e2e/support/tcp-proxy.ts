import { createServer, connect, type Server, type Socket } from 'node:net';

/** Which way bytes flow through the proxy: from the client to the relay, or back. */
export type Direction = 'to-relay' | 'to-client';

/** One direction, or both at once. */
export type Directions = Direction | 'both';

/**
 * Which side a cut destroys. `both`: a plain network drop, both peers see the connection end.
 * `client` or `relay`: only that peer's socket is destroyed; the other peer keeps a connection that
 * silently swallows whatever it sends and never answers, as after a NAT or load balancer forgot the
 * flow, so that peer can only notice through heartbeats.
 */
export type CutSide = 'both' | 'client' | 'relay';

/** A TCP proxy on 127.0.0.1 that tests use to cut, stall, delay and slice traffic to the relay. */
export interface TcpProxy {
  /** The port clients connect to. */
  readonly port: number;
  /** Connections currently forwarded (not counting half-dead ones left by a one-sided cut). */
  readonly openConnections: number;
  /** Bytes forwarded so far in each direction. */
  readonly forwardedBytes: Readonly<Record<Direction, number>>;
  /** Destroys every forwarded connection at once, as a network drop would. */
  cutAll(): void;
  /** Cuts every connection; with `client` or `relay`, the other side is left half-dead (see {@link CutSide}). */
  cut(side: CutSide): void;
  /** While blocked, new connections are dropped on arrival, as if the network were down. */
  setBlocked(blocked: boolean): void;
  /**
   * Stops forwarding in `direction`: bytes are held and the sender is no longer read from, so
   * TCP back-pressure builds up on it, while both sockets stay open. Also applies to new connections.
   */
  stall(direction?: Directions): void;
  /** Ends a stall: held bytes are forwarded in order, then traffic flows again. */
  resume(direction?: Directions): void;
  /** Holds every chunk `ms` milliseconds before forwarding it (order is kept); 0 turns it off. */
  setDelay(ms: number, direction?: Directions): void;
  /**
   * Forwards every chunk as separate writes of 1 to `maxBytes` bytes (sizes from `random`), each on
   * its own event-loop turn, so the receiver sees frames split at arbitrary bytes, down to single
   * bytes (`maxBytes` 1). 0 turns it off.
   */
  setSlice(maxBytes: number, direction?: Directions, random?: () => number): void;
  /** Turns every fault off: no stall, delay, slice or block. Connections stay as they are. */
  clearFaults(): void;
  close(): Promise<void>;
}

interface LaneSettings {
  isStalled: boolean;
  delayMs: number;
  sliceBytes: number;
  random: () => number;
}

/** Pause the sender once this many bytes are held, resume below half of it. */
const HIGH_WATER_BYTES = 256 * 1024;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Forwards one direction of one connection, applying the current settings of that direction. */
class Lane {
  readonly #from: Socket;
  readonly #to: Socket;
  readonly #settings: LaneSettings;
  readonly #count: (bytes: number) => void;
  readonly #held: { chunk: Buffer; arrivedAt: number }[] = [];
  #heldBytes = 0;
  #wake: (() => void) | undefined;
  #isDone = false;
  #hasEnded = false;

  constructor(from: Socket, to: Socket, settings: LaneSettings, count: (bytes: number) => void) {
    this.#from = from;
    this.#to = to;
    this.#settings = settings;
    this.#count = count;
    from.on('data', (chunk: Buffer) => {
      this.#held.push({ chunk, arrivedAt: Date.now() });
      this.#heldBytes += chunk.length;
      if (this.#heldBytes >= HIGH_WATER_BYTES || this.#settings.isStalled) from.pause();
      this.poke();
    });
    // A FIN travels behind the bytes held before it, as it would on a slow link.
    from.on('end', () => {
      this.#hasEnded = true;
      this.poke();
    });
    void this.#run();
  }

  /** Re-reads the settings (a fault was switched) and forwards whatever may go now. */
  poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Stops forwarding for good; held bytes are dropped. */
  stop(): void {
    this.#isDone = true;
    this.#held.length = 0;
    this.poke();
  }

  #waitForPoke(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async #run(): Promise<void> {
    while (!this.#isDone) {
      const head = this.#held[0];
      if (this.#settings.isStalled) {
        this.#from.pause();
        await this.#waitForPoke();
        continue;
      }
      if (!head) {
        if (this.#hasEnded) {
          this.#to.end();
          return;
        }
        if (this.#from.isPaused() && !this.#from.destroyed) this.#from.resume();
        await this.#waitForPoke();
        continue;
      }
      const wait = head.arrivedAt + this.#settings.delayMs - Date.now();
      if (wait > 0) {
        await this.#waitForPoke(wait);
        continue;
      }
      this.#held.shift();
      this.#heldBytes -= head.chunk.length;
      await this.#write(head.chunk);
      if (this.#heldBytes < HIGH_WATER_BYTES / 2 && this.#from.isPaused() && !this.#settings.isStalled && !this.#from.destroyed) {
        this.#from.resume();
      }
    }
  }

  async #write(chunk: Buffer): Promise<void> {
    if (this.#to.destroyed) return;
    const slice = this.#settings.sliceBytes;
    if (slice <= 0) {
      this.#count(chunk.length);
      if (!this.#to.write(chunk)) await this.#drained();
      return;
    }
    for (let offset = 0; offset < chunk.length && !this.#isDone && !this.#to.destroyed; ) {
      const size = Math.max(1, Math.min(slice, Math.ceil(this.#settings.random() * slice)));
      const piece = chunk.subarray(offset, offset + size);
      offset += piece.length;
      this.#count(piece.length);
      const isFlowing = this.#to.write(piece);
      // One piece per event-loop turn, so each leaves as its own TCP segment.
      if (isFlowing) await nextTurn();
      else await this.#drained();
    }
  }

  #drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#to.off('drain', done);
        this.#to.off('close', done);
        resolve();
      };
      this.#to.once('drain', done);
      this.#to.once('close', done);
    });
  }
}

interface Pair {
  client: Socket;
  relay: Socket;
  lanes: Lane[];
}

function directionsOf(directions: Directions): Direction[] {
  return directions === 'both' ? ['to-relay', 'to-client'] : [directions];
}

/** Keeps a socket open but discards what arrives on it, until its peer closes it. */
function swallow(socket: Socket): void {
  socket.removeAllListeners('data');
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.on('end', () => socket.destroy());
  if (socket.isPaused()) socket.resume();
}

/** Starts a proxy that forwards each accepted connection to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const halfDead = new Set<Socket>();
  let isBlocked = false;
  const settings: Record<Direction, LaneSettings> = {
    'to-relay': { isStalled: false, delayMs: 0, sliceBytes: 0, random: Math.random },
    'to-client': { isStalled: false, delayMs: 0, sliceBytes: 0, random: Math.random },
  };
  const forwardedBytes: Record<Direction, number> = { 'to-relay': 0, 'to-client': 0 };
  const pokeAll = () => {
    for (const pair of pairs) for (const lane of pair.lanes) lane.poke();
  };

  // Half-open sockets, so each direction's FIN is forwarded after that direction's held bytes.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    if (isBlocked) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    // Hold the client's first bytes until the relay side is connected; the lane reads them then.
    client.pause();
    const relay = connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    relay.setNoDelay(true);
    const pair: Pair = { client, relay, lanes: [] };
    pairs.add(pair);
    const end = () => {
      if (!pairs.delete(pair)) return;
      for (const lane of pair.lanes) lane.stop();
      client.destroy();
      relay.destroy();
    };
    client.on('error', end).on('close', end);
    relay.on('error', end).on('close', end);
    relay.once('connect', () => {
      if (!pairs.has(pair)) return;
      pair.lanes.push(
        new Lane(client, relay, settings['to-relay'], (bytes) => (forwardedBytes['to-relay'] += bytes)),
        new Lane(relay, client, settings['to-client'], (bytes) => (forwardedBytes['to-client'] += bytes)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind a TCP port');

  const cut = (side: CutSide) => {
    for (const pair of [...pairs]) {
      pairs.delete(pair);
      for (const lane of pair.lanes) lane.stop();
      const { client, relay } = pair;
      client.removeAllListeners('close');
      relay.removeAllListeners('close');
      const survivor = side === 'client' ? relay : side === 'relay' ? client : undefined;
      for (const socket of [client, relay]) {
        if (socket === survivor) {
          swallow(socket);
          halfDead.add(socket);
          socket.once('close', () => halfDead.delete(socket));
        } else {
          socket.destroy();
        }
      }
    }
  };

  return {
    port: address.port,
    get openConnections() {
      return pairs.size;
    },
    forwardedBytes,
    cutAll: () => cut('both'),
    cut,
    setBlocked(value) {
      isBlocked = value;
    },
    stall(directions = 'both') {
      for (const direction of directionsOf(directions)) settings[direction].isStalled = true;
      pokeAll();
    },
    resume(directions = 'both') {
      for (const direction of directionsOf(directions)) settings[direction].isStalled = false;
      pokeAll();
    },
    setDelay(ms, directions = 'both') {
      for (const direction of directionsOf(directions)) settings[direction].delayMs = Math.max(0, ms);
      pokeAll();
    },
    setSlice(maxBytes, directions = 'both', random = Math.random) {
      for (const direction of directionsOf(directions)) {
        settings[direction].sliceBytes = Math.max(0, Math.floor(maxBytes));
        settings[direction].random = random;
      }
      pokeAll();
    },
    clearFaults() {
      isBlocked = false;
      for (const lane of Object.values(settings)) {
        lane.isStalled = false;
        lane.delayMs = 0;
        lane.sliceBytes = 0;
      }
      pokeAll();
    },
    close() {
      cut('both');
      for (const socket of halfDead) socket.destroy();
      halfDead.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
