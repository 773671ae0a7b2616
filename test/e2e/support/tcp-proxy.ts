import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 that tests use to cut connections between a client and the relay. */
export interface TcpProxy {
  /** The port clients connect to. */
  readonly port: number;
  /** Connections currently forwarded. */
  readonly openConnections: number;
  /** Destroys every forwarded connection at once, as a network drop would. */
  cutAll(): void;
  /** While blocked, new connections are dropped on arrival, as if the network were down. */
  setBlocked(blocked: boolean): void;
  close(): Promise<void>;
}

/** Starts a proxy that forwards each accepted connection to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let blocked = false;
  const server: Server = createServer((downstream) => {
    if (blocked) {
      downstream.destroy();
      return;
    }
    const upstream = connect({ port: targetPort, host: '127.0.0.1' });
    const pair: [Socket, Socket] = [downstream, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind a TCP port');
  const cutAll = () => {
    for (const [downstream, upstream] of pairs) {
      downstream.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port: address.port,
    get openConnections() {
      return pairs.size;
    },
    cutAll,
    setBlocked(value) {
      blocked = value;
    },
    close() {
      cutAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
