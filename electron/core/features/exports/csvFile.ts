import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { ExportKind } from '../../../../src/shared/contract/exports';
import { currencyExponent } from '../../../../src/shared/money';
import { localDayRange, machineTimeZone } from '../../../../src/shared/timeZone';
import type { ReadContext } from '../../context';
import type { TaskReport } from '../../worker/tasks';
import { readSettings } from '../setup/settings';
import { zonedIsoFormatter } from './format';
import { ALL_TIME, EXPORT_READERS, type ExportRange } from './kinds';

/** What the export task is asked (plain data: it crosses into the read worker). */
export interface CsvExportTask {
  what: ExportKind;
  from?: string | undefined;
  to?: string | undefined;
  bom: boolean;
  /** the file to write (created or replaced once the export is complete) */
  file: string;
}

export interface CsvExportCounts {
  rows: number;
  bytes: number;
}

/** rows per read (one short read transaction) */
export const EXPORT_CHUNK_ROWS = 10_000;
/**
 * rows per csv-stringify call (and per write), as they stream from the chunk's statement: a call's
 * output is built of many small strings that live until it returns, and 500 rows keep them (and
 * the rows) young and few. Measured: whole 10,000-row chunks spent half the CPU time in the
 * garbage collector, 500-row slices ~10%.
 */
const ENCODE_ROWS = 500;
// RFC 4180: CRLF after every record (the last one too), quotes only where a cell needs them. With
// a CRLF record delimiter csv-stringify quotes only cells holding CRLF itself, not a lone LF or CR:
// csv-parse still reads such a file back (it keeps to the CRLF it saw first), but spreadsheets and
// Python's csv split the record there — quote_record_delimiter quotes every line break.
const CSV_OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true } as const;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The file being written until the export is complete (then renamed over `file`). */
export function partFileOf(file: string): string {
  return `${file}.part`;
}

/** The store's time zone: the `timeZone` setting, else this machine's. */
export function storeTimeZone(ctx: ReadContext): string {
  const settings = readSettings(ctx) as { timeZone?: unknown };
  return typeof settings.timeZone === 'string' && settings.timeZone ? settings.timeZone : machineTimeZone();
}

/** The instants of the days `from`–`to` (both included) in `timeZone`; either end may be open. */
export function exportRange(from: string | undefined, to: string | undefined, timeZone: string): ExportRange {
  return {
    fromMs: from ? localDayRange(from, from, timeZone).fromMs : ALL_TIME.fromMs,
    untilMs: to ? localDayRange(to, to, timeZone).untilMs : ALL_TIME.untilMs,
  };
}

/**
 * Write one kind of record as RFC 4180 CSV (csv-stringify's sync API on rows of cells; CRLF line
 * ends, UTF-8, optional BOM): a header row, then one row per record in key order, read
 * EXPORT_CHUNK_ROWS at a time (one statement each) and encoded and written ENCODE_ROWS at a time
 * with writeSync as they stream, so memory stays flat whatever the size. Runs in the read worker
 * (a read task). Written to `<file>.part` and renamed at the end: a cancelled or failed export
 * leaves no file behind.
 */
export function writeCsvExport(ctx: ReadContext, task: CsvExportTask, report: TaskReport): CsvExportCounts {
  const settings = readSettings(ctx);
  const timeZone = storeTimeZone(ctx);
  const range = exportRange(task.from, task.to, timeZone);
  const reader = EXPORT_READERS[task.what](
    ctx.db,
    range,
    { iso: zonedIsoFormatter(timeZone), exponent: currencyExponent(settings.currency) },
    EXPORT_CHUNK_ROWS,
  );
  const part = partFileOf(task.file);
  const fd = openSync(part, 'w');
  let bytes = 0;
  let rows = 0;
  // straight to the file (no stream buffering): memory holds one slice of rows and its text
  const write = (data: Buffer) => {
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    bytes += data.length;
  };
  try {
    const phase = 'Writing';
    const total = reader.count();
    report.progress(phase, 0, total);
    if (task.bom) write(BOM);
    write(Buffer.from(stringify([reader.header], CSV_OPTIONS), 'utf8'));
    for (;;) {
      report.throwIfCancelled();
      const read = reader.next((slice) => write(Buffer.from(stringify(slice, CSV_OPTIONS), 'utf8')), ENCODE_ROWS);
      if (read === 0) break;
      rows += read;
      report.progress(phase, rows, Math.max(total, rows));
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(part, task.file);
    return { rows, bytes };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed (the rename failed)
    }
    rmSync(part, { force: true });
    throw error;
  }
}
