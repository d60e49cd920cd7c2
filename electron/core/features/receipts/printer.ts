import { connect } from 'node:net';

/** A network printer that could not be reached; the message is written for the person at the till. */
export class PrinterUnavailableError extends Error {
  override name = 'PrinterUnavailableError';
  constructor(
    message: string,
    readonly host: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

export interface SendOptions {
  /** the whole job — connect, write, flush — must finish within this (default 5 s) */
  timeoutMs?: number;
}

// how long a printer that keeps its side open after the job may hold the socket before it is closed
const LINGER_MS = 2_000;

function explain(host: string, port: number, code: string): string {
  const where = `The receipt printer at ${host}:${port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection. Check that it is switched on and that the address and port in Settings are right.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where} could not be found on the network. Check the address in Settings.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached. Check that it is switched on and connected to the network.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${where} dropped the connection while printing. Check the printer (paper, cover) and print again.`;
    default:
      return `${where} did not answer. Check that it is switched on, has paper and is connected to the network.`;
  }
}

/**
 * Send raw bytes to a printer listening on TCP (port 9100 "raw" printing): connect, write, end,
 * and resolve once everything is handed to the network. Rejects with PrinterUnavailableError on
 * refusal, unknown host, reset or timeout; never waits longer than `timeoutMs`.
 */
export function sendToTcpPrinter(host: string, port: number, bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const socket = connect({ host, port });
    const fail = (code: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(new PrinterUnavailableError(explain(host, port, code), host, port, code));
    };
    const timer = setTimeout(() => fail('ETIMEDOUT'), timeoutMs);
    socket.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'EIO'));
    // printers may answer with status bytes: read and drop them, so the socket can close cleanly
    socket.resume();
    socket.on('connect', () => {
      socket.end(bytes);
    });
    socket.on('finish', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // the printer normally closes its side now; if it does not, do not keep the socket forever
      const linger = setTimeout(() => socket.destroy(), LINGER_MS);
      linger.unref();
      socket.on('close', () => clearTimeout(linger));
      resolve();
    });
  });
}
