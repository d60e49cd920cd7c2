import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

// keys whose values never reach a log line: PINs, secrets, connection strings
const SECRET_KEY = /pin|password|passwd|secret|token|authorization|connection|dsn|database_?url|cookie/i;
const URL_WITH_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** Replace secret-looking values (by key or by shape) before anything is written. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return value.replace(URL_WITH_CREDENTIALS, '$1***@');
  if (value instanceof Error) return { name: value.name, message: redact(value.message), stack: value.stack };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1);
    return out;
  }
  return value;
}

export interface FileLoggerOptions {
  file: string;
  level?: LogLevel;
  /** rotate when the file passes this size; keep `keep` older files (.1 is the newest) */
  maxBytes?: number;
  keep?: number;
  echo?: boolean;
}

/** A structured (JSON lines) logger writing to a size-rotated file. */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 5;
  const threshold = LEVELS[options.level ?? 'info'];
  mkdirSync(dirname(options.file), { recursive: true });
  let size = existsSync(options.file) ? statSync(options.file).size : 0;

  const rotate = () => {
    rmSync(`${options.file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (existsSync(`${options.file}.${i}`)) renameSync(`${options.file}.${i}`, `${options.file}.${i + 1}`);
    }
    if (existsSync(options.file)) renameSync(options.file, `${options.file}.1`);
    size = 0;
  };

  const write = (level: LogLevel, event: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const line = `${JSON.stringify({ t: new Date().toISOString(), level, event, ...(redact(fields ?? {}) as object) })}\n`;
    if (size + line.length > maxBytes && size > 0) rotate();
    appendFileSync(options.file, line);
    size += Buffer.byteLength(line);
    if (options.echo) process.stderr.write(line);
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

/** A logger that writes JSON lines to stderr (CLI, web mode) at or above a level. */
export function createConsoleLogger(level: LogLevel = 'warn'): Logger {
  const threshold = LEVELS[level];
  const write = (lvl: LogLevel, event: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < threshold) return;
    process.stderr.write(`${JSON.stringify({ level: lvl, event, ...(redact(fields ?? {}) as object) })}\n`);
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
