import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as terminal from '../../electron/core/db/schema';
import * as central from '../../electron/core/sync/central/schema';
import { eventSchemas } from '../../src/shared/events';

// The central schema mirrors the terminal's names (an owner's SQL reads the same on both sides),
// and every projection column can be filled from the events alone (src/shared/events).
// Pure definitions: no database needed.

const pgColumns = (table: Parameters<typeof pgTableConfig>[0]) => pgTableConfig(table).columns.map((c) => c.name);
const sqliteColumns = (table: Parameters<typeof sqliteTableConfig>[0]) => sqliteTableConfig(table).columns.map((c) => c.name);
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape).map(snake);

/** Central tables that have a terminal twin; what central adds and what it leaves out, with why. */
const MIRRORS = [
  // name_key: computed on the terminal for its local search; stock: per store in stock_levels; seq: a local row key
  {
    central: central.products,
    terminal: terminal.products,
    adds: ['change_seq'],
    leaves: ['seq', 'name_key', 'stock_on_hand', 'reorder_level'],
  },
  { central: central.productBarcodes, terminal: terminal.productBarcodes, adds: [], leaves: [] },
  { central: central.categories, terminal: terminal.categories, adds: ['deleted_at', 'change_seq'], leaves: [] },
  { central: central.taxClasses, terminal: terminal.taxClasses, adds: ['deleted_at', 'change_seq'], leaves: [] },
  { central: central.shifts, terminal: terminal.shifts, adds: ['store_id'], leaves: [] },
  // journal_seq: the terminal's own journal, not in the event
  { central: central.sales, terminal: terminal.sales, adds: ['store_id'], leaves: ['journal_seq'] },
  { central: central.saleLines, terminal: terminal.saleLines, adds: ['store_id', 'terminal_id'], leaves: [] },
  // reference: not in the event
  { central: central.payments, terminal: terminal.payments, adds: ['store_id', 'terminal_id'], leaves: ['reference'] },
  { central: central.cashMovements, terminal: terminal.cashMovements, adds: ['store_id', 'terminal_id'], leaves: [] },
  { central: central.stockMovements, terminal: terminal.stockMovements, adds: ['store_id', 'terminal_id'], leaves: [] },
  // name_key: computed for the terminal's search; remote_points: the terminal's share of central's balance
  { central: central.members, terminal: terminal.members, adds: ['change_seq'], leaves: ['name_key', 'remote_points'] },
  { central: central.pointsLedger, terminal: terminal.pointsLedger, adds: ['store_id'], leaves: ['seq'] },
  // pin_hash, lockouts: never leave the terminal; roles: staff_roles there, a list here
  {
    central: central.staff,
    terminal: terminal.staff,
    adds: ['store_id', 'terminal_id', 'roles'],
    leaves: ['pin_hash', 'failed_attempts', 'locked_until', 'last_login_at', 'created_at'],
  },
] as const;

describe('central schema', () => {
  it.each(MIRRORS.map((m) => [pgTableConfig(m.central).name, m] as const))('%s: named as on the terminal', (name, mirror) => {
    expect(sqliteTableConfig(mirror.terminal).name).toBe(name);
    const centralColumns = new Set(pgColumns(mirror.central));
    const terminalColumns = new Set(sqliteColumns(mirror.terminal));
    expect([...centralColumns].filter((c) => !terminalColumns.has(c)).sort()).toEqual([...mirror.adds].sort());
    expect([...terminalColumns].filter((c) => !centralColumns.has(c)).sort()).toEqual([...mirror.leaves].sort());
  });

  it('fills every projection column of a sale document from its event', () => {
    const doc = eventSchemas['sale.completed'];
    const line = doc.shape.lines.element;
    const payment = doc.shape.payments.element;
    const movement = doc.shape.stockMovements.element;
    // kind: the topic (sale.completed / refund.completed); store_id: the terminal's store
    const fromTerminal = ['store_id', 'terminal_id'];
    expect(pgColumns(central.sales).filter((c) => !['kind', ...fromTerminal].includes(c) && !keysOf(doc).includes(c))).toEqual([]);
    expect(pgColumns(central.saleLines).filter((c) => !['sale_id', ...fromTerminal].includes(c) && !keysOf(line).includes(c))).toEqual([]);
    expect(pgColumns(central.payments).filter((c) => !['sale_id', ...fromTerminal].includes(c) && !keysOf(payment).includes(c))).toEqual(
      [],
    );
    const movedV2 = eventSchemas['stock.moved'].options[1];
    expect(pgColumns(central.stockMovements).filter((c) => !fromTerminal.includes(c) && !keysOf(movedV2).includes(c))).toEqual([]);
    expect(keysOf(movement).filter((k) => !pgColumns(central.stockMovements).includes(k))).toEqual([]);
  });

  it('fills shifts, cash, voids, members, ledger and catalogue from their events', () => {
    const opened = keysOf(eventSchemas['shift.opened']);
    const closed = keysOf(eventSchemas['shift.closed']);
    const report = keysOf(eventSchemas['shift.closed'].shape.report);
    // id: shiftId; z_report: the closed event's report (whose figures include the cash columns)
    const shiftColumns = pgColumns(central.shifts).filter(
      (c) => !['id', 'store_id', 'z_report'].includes(c) && ![...opened, ...closed, ...report].includes(c),
    );
    expect(shiftColumns).toEqual([]);
    const cash = keysOf(eventSchemas['cash.movement']);
    expect(pgColumns(central.cashMovements).filter((c) => !['store_id', 'terminal_id'].includes(c) && !cash.includes(c))).toEqual([]);
    // id: the event's own id (a void has none); voided_at: its `at`
    const voided = keysOf(eventSchemas['sale.voided']);
    expect(
      pgColumns(central.saleVoids).filter((c) => !['id', 'store_id', 'terminal_id', 'voided_at'].includes(c) && !voided.includes(c)),
    ).toEqual([]);
    // points_balance: the sum of the ledger; change_seq: central's own
    const member = keysOf(eventSchemas['member.upserted']);
    expect(pgColumns(central.members).filter((c) => !['points_balance', 'change_seq'].includes(c) && !member.includes(c))).toEqual([]);
    const ledger = keysOf(eventSchemas['points.moved']);
    expect(pgColumns(central.pointsLedger).filter((c) => c !== 'store_id' && !ledger.includes(c))).toEqual([]);
    // created_at: the first event's time; deleted_at: *.deleted; barcodes: their own table
    const product = keysOf(eventSchemas['product.upserted']);
    expect(pgColumns(central.products).filter((c) => !['created_at', 'change_seq'].includes(c) && !product.includes(c))).toEqual([]);
    const category = keysOf(eventSchemas['category.upserted']);
    expect(
      pgColumns(central.categories).filter(
        (c) => !['created_at', 'updated_at', 'deleted_at', 'change_seq'].includes(c) && !category.includes(c),
      ),
    ).toEqual([]);
    const taxClass = keysOf(eventSchemas['taxClass.upserted']);
    expect(
      pgColumns(central.taxClasses).filter(
        (c) => !['created_at', 'updated_at', 'deleted_at', 'change_seq'].includes(c) && !taxClass.includes(c),
      ),
    ).toEqual([]);
    const staff = keysOf(eventSchemas['staff.upserted']);
    expect(pgColumns(central.staff).filter((c) => !['store_id', 'terminal_id', 'updated_at'].includes(c) && !staff.includes(c))).toEqual(
      [],
    );
  });

  it('uses a z.object for each event it reads (so the checks above read real keys)', () => {
    expect(eventSchemas['sale.completed']).toBeInstanceOf(z.ZodObject);
    expect(keysOf(eventSchemas['sale.completed'])).toContain('receipt_no');
  });
});
