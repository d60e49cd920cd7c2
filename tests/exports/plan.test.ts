import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadDb } from '../../electron/core/context';
import { ALL_TIME, EXPORT_READERS } from '../../electron/core/features/exports/kinds';
import { EXPORT_KINDS } from '../../src/shared/contract/exports';
import { makeTerminal, type TestTerminal } from '../helpers/terminal';

// The chunk statements of the documents walk an index in its own order: a sort per chunk (a temp
// B-tree carrying every column) made the export of a million lines three times slower.
let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal({ catalogue: false });
});
afterAll(() => t?.close());

/** The statements a kind's reader prepares on the raw connection (its chunk statement). */
function chunkStatementsOf(what: (typeof EXPORT_KINDS)[number]): string[] {
  const sources: string[] = [];
  const db = t.terminal.ctx.db;
  const client = {
    prepare: (source: string) => {
      sources.push(source);
      return t.sqlite.prepare(source);
    },
  };
  const spy = Object.create(db, { $client: { value: client } }) as ReadDb;
  EXPORT_READERS[what](spy, ALL_TIME, { iso: String, exponent: 2 }, 10_000);
  return sources;
}

describe('export chunk statements', () => {
  it.each(['sales', 'refunds', 'sale_lines', 'payments'] as const)('%s: walks sales_created_idx, no sort', (what) => {
    const [source] = chunkStatementsOf(what);
    if (!source) expect.fail('no chunk statement');
    const parameters = (source.match(/\?/g) ?? []).map(() => 0);
    const plan = (t.sqlite.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...parameters) as { detail: string }[]).map((row) => row.detail);
    expect(plan.join('\n')).toContain('sales_created_idx');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });

  it.each(EXPORT_KINDS)('%s: one chunk statement per kind, with a LIMIT', (what) => {
    const sources = chunkStatementsOf(what);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatch(/ limit \?$/i);
  });
});
