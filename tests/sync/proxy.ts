import { createServer, type Server, Socket } from 'node:net';

/**
 * What the proxy does with traffic: `pass` forwards it, `blackhole` accepts connections and holds
 * them but forwards nothing (bytes vanish, nobody hears a reset: a dropped network), `refuse`
 * resets every new connection at once. `blackhole` silences open connections too (nothing crosses
 * them, not even a goodbye); back in `pass`, what vanished stays lost, so cutAll() them.
 */
export type ProxyMode = 'pass' | 'blackhole' | 'refuse';

export interface RandomCutting {
  /** seed of the proxy's own random numbers (a run cuts at the same places given the same traffic) */
  seed: number;
  /** chance that one forwarded chunk (either direction) ends the connection pair, after a random part of it went through */
  probability: number;
  /**
   * chance that the server's answer to a COMMIT is swallowed and the pair cut: the server
   * committed, the client never hears it
   */
  commitAckProbability?: number;
}

export interface FaultProxy {
  port: number;
  /** `baseUrl` (a postgres:// connection string) pointed at the proxy instead */
  url(baseUrl: string): string;
  /** cut every open connection pair now; returns how many */
  cutAll(): number;
  setMode(mode: ProxyMode): void;
  /** cut the pair that carries the byte `bytes` bytes from now (counted over both directions and all pairs), once */
  cutAfterBytes(bytes: number): void;
  /** cut the next pair whose server answers a COMMIT, swallowing that answer, once */
  cutOnNextCommitAck(): void;
  /** random cutting from now on (null: none) */
  setRandomCutting(config: RandomCutting | null): void;
  /** pairs cut by the proxy so far (by any rule or cutAll) */
  readonly cuts: number;
  /** of those, the ones cut just as the server answered COMMIT */
  readonly commitCuts: number;
  /** connections accepted so far */
  readonly accepted: number;
  /** pairs open now */
  readonly open: number;
  close(): Promise<void>;
}

/** mulberry32: small, seeded, good enough to choose where to cut. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// the frontend protocol's CommandComplete for COMMIT: 'C', int32 length 11, "COMMIT\0"
const COMMIT_ACK = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT', 'latin1'), 0]);
// a COMMIT query as the client sends it (a simple Query or a Parse): the statement text ends in \0
const COMMIT_QUERY = /commit\0/i;

interface Pair {
  client: Socket;
  server: Socket | null;
  dead: boolean;
  /** the client sent a COMMIT whose answer has not come yet */
  commitPending: boolean;
}

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL port that cuts connections on command or at
 * random (to test what a dropped connection before, during and after COMMIT does to a push).
 */
export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';
  let cuts = 0;
  let commitCuts = 0;
  let accepted = 0;
  let bytesUntilCut: number | null = null;
  let cutNextCommitAck = false;
  let cutting: (RandomCutting & { random: () => number }) | null = null;

  const cut = (pair: Pair, reset: boolean): void => {
    if (pair.dead) return;
    pair.dead = true;
    pairs.delete(pair);
    cuts += 1;
    for (const socket of [pair.client, pair.server]) {
      if (!socket) continue;
      // a reset (RST) now and then, a plain close (FIN) otherwise: drivers see both in the wild
      if (reset && typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    }
  };

  const close = (pair: Pair): void => {
    if (pair.dead) return;
    pair.dead = true;
    pairs.delete(pair);
    pair.client.destroy();
    pair.server?.destroy();
  };

  /** Forward `chunk` from one side to the other, unless the mode drops it or a rule cuts the pair there. */
  const forward = (pair: Pair, chunk: Buffer, toServer: boolean): void => {
    if (pair.dead || mode === 'blackhole') return;
    const from = toServer ? pair.client : pair.server;
    const to = toServer ? pair.server : pair.client;
    if (!from || !to) return;
    if (toServer && COMMIT_QUERY.test(chunk.toString('latin1'))) pair.commitPending = true;
    if (!toServer && pair.commitPending && chunk.includes(COMMIT_ACK)) {
      pair.commitPending = false;
      if (cutNextCommitAck || (cutting?.commitAckProbability && cutting.random() < cutting.commitAckProbability)) {
        cutNextCommitAck = false;
        commitCuts += 1;
        cut(pair, false);
        return;
      }
    }
    let length = chunk.length;
    let cutHere = false;
    if (bytesUntilCut !== null) {
      if (bytesUntilCut < chunk.length) {
        length = bytesUntilCut;
        cutHere = true;
        bytesUntilCut = null;
      } else bytesUntilCut -= chunk.length;
    }
    if (!cutHere && cutting && cutting.random() < cutting.probability) {
      cutHere = true;
      length = Math.floor(cutting.random() * chunk.length);
    }
    if (cutHere) {
      const reset = (cutting?.random() ?? 0) < 0.5;
      // the part that got through before the cut, then the cut
      if (length > 0) to.write(chunk.subarray(0, length), () => cut(pair, reset));
      else cut(pair, reset);
      // a write that never completes (the peer went away) must not keep the pair alive
      setImmediate(() => cut(pair, reset));
      return;
    }
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  };

  // half-open allowed: a goodbye (FIN) is passed on by hand, so a black hole can swallow it too
  const server: Server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
    accepted += 1;
    client.on('error', () => {});
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, server: null, dead: false, commitPending: false };
    pairs.add(pair);
    client.on('close', () => close(pair));
    // black-holed from the start: hold the client, never dial the server
    if (mode === 'blackhole') return;
    const upstream = new Socket({ allowHalfOpen: true });
    pair.server = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', () => {});
    upstream.on('close', () => close(pair));
    // the client's bytes wait (paused) until the server side is connected
    client.pause();
    upstream.connect(targetPort, targetHost, () => {
      if (pair.dead) return;
      client.resume();
    });
    client.on('data', (chunk: Buffer) => forward(pair, chunk, true));
    upstream.on('data', (chunk: Buffer) => forward(pair, chunk, false));
    // a side that says goodbye says it to the other (unless the pair is black-holed)
    client.on('end', () => {
      if (mode !== 'blackhole') upstream.end();
    });
    upstream.on('end', () => {
      if (mode !== 'blackhole') client.end();
    });
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: (baseUrl) => {
      const url = new URL(baseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cutAll: () => {
      const open = [...pairs];
      for (const pair of open) cut(pair, false);
      return open.length;
    },
    setMode: (next) => {
      mode = next;
    },
    cutAfterBytes: (bytes) => {
      bytesUntilCut = Math.max(0, Math.floor(bytes));
    },
    cutOnNextCommitAck: () => {
      cutNextCommitAck = true;
    },
    setRandomCutting: (config) => {
      cutting = config ? { ...config, random: seededRandom(config.seed) } : null;
    },
    get cuts() {
      return cuts;
    },
    get commitCuts() {
      return commitCuts;
    },
    get accepted() {
      return accepted;
    },
    get open() {
      return pairs.size;
    },
    close: async () => {
      for (const pair of [...pairs]) close(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
