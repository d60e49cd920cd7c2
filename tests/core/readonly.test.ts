import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreContext, ReadContext } from '../../electron/core/context';
import { settings } from '../../electron/core/db/schema';
import { AppError } from '../../electron/core/errors';
import { type Handler, type HandlerMap, readHandlers } from '../../electron/core/ipc/handler';
import { handlers } from '../../electron/core/ipc/handlers';
import { createRouter, type Router } from '../../electron/core/ipc/router';
import type { Logger } from '../../electron/core/log';
import { newSession } from '../../electron/core/session';
import { openTerminal } from '../../electron/core/terminal';
import type { Channel } from '../../src/shared/contract';
import { checksum } from '../helpers/db';
import { errorOf, okData } from '../helpers/terminal';
import { makeTill, type Till } from '../sales/fixture';

// "Reads cannot write": handlers of `writes: false` channels get a context that cannot write —
// a second, read-only connection (query_only on too) in a terminal, the writer under
// PRAGMA query_only where there is none (a router built by hand, an in-memory database).

type Table = { [C in Channel]: Handler<C> };

/** A logger that keeps what it is told, to see which error the router logged. */
function recordingLogger(): Logger & { events: string[] } {
  const events: string[] = [];
  const keep = (event: string) => {
    events.push(event);
  };
  return { events, debug: keep, info: keep, warn: keep, error: keep };
}

/** The ways a reading handler could try to write, each of which must fail and change nothing. */
const WRITES: Record<string, (ctx: CoreContext) => void> = {
  'a prepared INSERT': (ctx) => {
    ctx.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sneaky', '1', 0)").run();
  },
  'an UPDATE read with .all() (RETURNING)': (ctx) => {
    ctx.sqlite.prepare('UPDATE settings SET value = \'"x"\' RETURNING key').all();
  },
  'a drizzle insert': (ctx) => {
    ctx.db.insert(settings).values({ key: 'sneaky', value: '1', updatedAt: 0 }).run();
  },
  'exec of DELETE and CREATE TABLE': (ctx) => {
    ctx.sqlite.exec('DELETE FROM products; CREATE TABLE sneaky (x)');
  },
};

/** settings.get, replaced by a handler that writes first (the channel is `writes: false`). */
function writingRead(write: (ctx: CoreContext) => void, seen?: CoreContext[]): Table {
  return {
    ...handlers,
    'settings.get': (ctx, input, session) => {
      seen?.push(ctx);
      write(ctx);
      return handlers['settings.get'](ctx, input, session);
    },
  };
}

const queryOnlyOf = (ctx: { sqlite: CoreContext['sqlite'] }) => ctx.sqlite.pragma('query_only', { simple: true });

describe('reads cannot write', () => {
  let till: Till;
  beforeEach(async () => {
    till = await makeTill();
  });
  afterEach(() => till.close());

  it('a terminal has a second, read-only connection (query_only on) to the same file', () => {
    const { readCtx, sqlite } = till.terminal;
    expect(readCtx).not.toBeNull();
    const reader = readCtx?.sqlite as CoreContext['sqlite'];
    expect(reader).not.toBe(sqlite);
    expect(reader.readonly).toBe(true);
    expect(reader.name).toBe(sqlite.name);
    expect(reader.pragma('query_only', { simple: true })).toBe(1);
    expect(reader.pragma('busy_timeout', { simple: true })).toBe(sqlite.pragma('busy_timeout', { simple: true }));
    expect(reader.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(queryOnlyOf(till.terminal.ctx)).toBe(0);
  });

  it('the terminal router runs reading handlers on the read connection and writing ones on the writer', () => {
    const seen: { channel: string; ctx: CoreContext }[] = [];
    const spy = <C extends Channel>(channel: C): Handler<C> =>
      ((ctx, input, session) => {
        seen.push({ channel, ctx });
        return (handlers[channel] as Handler<C>)(ctx, input, session);
      }) as Handler<C>;
    const table = { ...handlers, 'settings.get': spy('settings.get'), 'staff.create': spy('staff.create') } as Table;
    const router = createRouter(till.terminal.ctx, { handlers: table, readCtx: till.terminal.readCtx as ReadContext });
    okData(router.invoke('settings.get', {}, till.cashier));
    okData(router.invoke('staff.create', { name: 'Nora New', pin: '8642', roles: ['cashier'] }, till.manager));
    expect(seen.map((s) => s.channel)).toEqual(['settings.get', 'staff.create']);
    expect(seen[0]?.ctx.sqlite).toBe(till.terminal.readCtx?.sqlite);
    expect(seen[1]?.ctx.sqlite).toBe(till.terminal.sqlite);
  });

  for (const [how, write] of Object.entries(WRITES)) {
    it(`a reading handler that tries ${how} gets INTERNAL and changes nothing (read connection)`, () => {
      const log = recordingLogger();
      const seen: CoreContext[] = [];
      const router = createRouter(
        { ...till.terminal.ctx, log },
        { handlers: writingRead(write, seen), readCtx: till.terminal.readCtx as ReadContext, validateOutput: true },
      );
      const before = checksum(till.terminal.sqlite);
      errorOf(router.invoke('settings.get', {}, till.cashier), 'INTERNAL');
      expect(checksum(till.terminal.sqlite)).toBe(before);
      expect(seen[0]?.sqlite).toBe(till.terminal.readCtx?.sqlite);
      expect(log.events).toContain('ipc.read_wrote');
      // the read connection still reads, and the writer still writes
      okData(till.terminal.router.invoke('settings.get', {}, till.cashier));
      okData(till.terminal.router.invoke('staff.create', { name: 'Nora New', pin: '8642', roles: ['cashier'] }, till.manager));
    });

    it(`a reading handler that tries ${how} gets INTERNAL and changes nothing (writer under query_only)`, () => {
      const log = recordingLogger();
      const seen: CoreContext[] = [];
      const router = createRouter({ ...till.terminal.ctx, log }, { handlers: writingRead(write, seen), validateOutput: true });
      const before = checksum(till.terminal.sqlite);
      errorOf(router.invoke('settings.get', {}, till.cashier), 'INTERNAL');
      expect(checksum(till.terminal.sqlite)).toBe(before);
      expect(seen[0]?.sqlite).toBe(till.terminal.sqlite);
      expect(log.events).toContain('ipc.read_wrote');
      // query_only is off again: the writer writes, through this router and the terminal's
      expect(queryOnlyOf(till.terminal.ctx)).toBe(0);
      okData(router.invoke('staff.create', { name: 'Nora New', pin: '8642', roles: ['cashier'] }, till.manager));
      okData(till.terminal.router.invoke('catalog.upsertCategory', { name: 'Snacks' }, till.manager));
      expect(checksum(till.terminal.sqlite)).not.toBe(before);
    });
  }

  it('the query_only fallback puts the pragma back however the handler ends, and leaves it on when it already was', () => {
    const table: Table = {
      ...handlers,
      'settings.get': (ctx) => {
        expect(queryOnlyOf(ctx)).toBe(1);
        throw new AppError('NOT_FOUND', 'nothing here');
      },
    };
    const router = createRouter(till.terminal.ctx, { handlers: table });
    errorOf(router.invoke('settings.get', {}, till.cashier), 'NOT_FOUND');
    expect(queryOnlyOf(till.terminal.ctx)).toBe(0);
    till.terminal.sqlite.pragma('query_only = ON');
    try {
      errorOf(router.invoke('settings.get', {}, till.cashier), 'NOT_FOUND');
      expect(queryOnlyOf(till.terminal.ctx)).toBe(1);
    } finally {
      till.terminal.sqlite.pragma('query_only = OFF');
    }
    // every real reading channel answers through the fallback too
    const plain = createRouter(till.terminal.ctx, { validateOutput: true });
    okData(plain.invoke('settings.get', {}, till.cashier));
    okData(plain.invoke('catalog.search', { query: 'tea' }, till.cashier));
    okData(plain.invoke('shift.xReport', {}, till.cashier));
    expect(queryOnlyOf(till.terminal.ctx)).toBe(0);
  });

  it('an async reading handler (report.print) cannot write before its first await, on either router', async () => {
    const table: Table = {
      ...handlers,
      'report.print': async (ctx) => {
        ctx.sqlite.prepare('DELETE FROM products').run();
        await Promise.resolve();
        return { target: 'none', printed: false, html: null };
      },
    };
    const before = checksum(till.terminal.sqlite);
    for (const router of [
      createRouter(till.terminal.ctx, { handlers: table, readCtx: till.terminal.readCtx as ReadContext }),
      createRouter(till.terminal.ctx, { handlers: table }),
    ]) {
      errorOf(await router.invokeAsync('report.print', { current: true }, till.cashier), 'INTERNAL');
      expect(checksum(till.terminal.sqlite)).toBe(before);
      expect(queryOnlyOf(till.terminal.ctx)).toBe(0);
    }
    // the real one still prints (printer "none") and the writer still writes afterwards
    expect(okData(await till.terminal.router.invokeAsync('report.print', { current: true }, till.cashier))).toMatchObject({
      target: 'none',
    });
    okData(till.terminal.router.invoke('catalog.upsertCategory', { name: 'Snacks' }, till.manager));
  });

  it('a read sees what a write committed just before, settings cache included (no 200 ms lag)', async () => {
    const { router } = till.terminal;
    for (const storeName of ['First Name', 'Second Name', 'Third Name']) {
      okData(router.invoke('settings.get', {}, till.cashier)); // warm the read connection's settings cache
      okData(router.invoke('settings.update', { storeName }, till.manager));
      expect(okData<{ storeName: string }>(router.invoke('settings.get', {}, till.cashier)).storeName).toBe(storeName);
    }
    // a write made outside writeSettings (the CLI next to it, a seed) is seen within 200 ms, as the
    // data version is re-read (reading it on every call would cost a third of a member lookup)
    till.terminal.sqlite.prepare("UPDATE settings SET value = ? WHERE key = 'storeName'").run(JSON.stringify('Written Directly'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(okData<{ storeName: string }>(router.invoke('settings.get', {}, till.cashier)).storeName).toBe('Written Directly');
    // and a product created a moment ago is found by a read
    const product = okData<{ id: string }>(
      router.invoke(
        'catalog.upsertProduct',
        { sku: 'NEW1', name: 'Brand New', priceMinor: 199, taxClassId: 'zero', stockOnHand: 3, barcodes: ['4006381333931'] },
        till.manager,
      ),
    );
    expect(okData<{ id: string }>(router.invoke('catalog.lookupBarcode', { code: '4006381333931' }, till.cashier))).toMatchObject({
      id: product.id,
    });
    expect(okData<{ id: string }>(router.invoke('catalog.get', { id: product.id }, till.cashier))).toMatchObject({ id: product.id });
  });

  it('roles changed by a manager apply at once to reads (the session check stays on the writer)', () => {
    const staff = okData<{ id: string; name: string }[]>(till.terminal.router.invoke('staff.list', {}, till.manager));
    const carl = staff.find((s) => s.name === 'Carl Cashier');
    okData(till.terminal.router.invoke('sale.listParked', {}, till.cashier));
    okData(till.terminal.router.invoke('staff.update', { id: carl?.id, active: false }, till.manager));
    errorOf(till.terminal.router.invoke('sale.listParked', {}, till.cashier), 'UNAUTHENTICATED');
  });

  it('close() closes the read connection, then the writer (which removes the WAL)', () => {
    const reader = till.terminal.readCtx?.sqlite as CoreContext['sqlite'];
    const file = till.terminal.sqlite.name;
    till.terminal.close();
    expect(reader.open).toBe(false);
    expect(till.terminal.sqlite.open).toBe(false);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('a read context that can write is refused when the router is built', () => {
    expect(() => createRouter(till.terminal.ctx, { readCtx: { ...till.terminal.ctx, sqlite: till.terminal.sqlite } })).not.toThrow();
    const writable = openTerminal(`${till.terminal.sqlite.name}`).then((other) => {
      try {
        expect(() => createRouter(till.terminal.ctx, { readCtx: other.ctx })).toThrow(/read-only/);
      } finally {
        other.close();
      }
    });
    return writable;
  });
});

describe('an in-memory terminal (no second connection)', () => {
  it('has no read connection and still refuses writes from reading handlers', async () => {
    const terminal = await openTerminal(':memory:');
    try {
      expect(terminal.readCtx).toBeNull();
      expect(okData(terminal.router.invoke('setup.status', {}, newSession()))).toMatchObject({ needsSetup: true });
      const table: Table = {
        ...handlers,
        'setup.status': (ctx, input, session) => {
          ctx.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('sneaky', '1', 0)").run();
          return handlers['setup.status'](ctx, input, session);
        },
      };
      const router: Router = createRouter(terminal.ctx, { handlers: table });
      const before = checksum(terminal.sqlite);
      errorOf(router.invoke('setup.status', {}, newSession()), 'INTERNAL');
      expect(checksum(terminal.sqlite)).toBe(before);
      expect(terminal.sqlite.pragma('query_only', { simple: true })).toBe(0);
    } finally {
      terminal.close();
    }
  });
});

// Compile-time checks (tsc -b type-checks tests): a ReadContext offers no way to write.
function typeChecks(read: ReadContext, core: CoreContext): void {
  const asRead: ReadContext = core; // a writer context serves read functions too
  void asRead;
  read.sqlite.prepare('SELECT 1').get();
  read.sqlite.prepare('SELECT 1').pluck().all();
  read.db.select().from(settings).all();
  read.db.query.settings.findFirst();
  // @ts-expect-error a read statement has no run
  read.sqlite.prepare('SELECT 1').run();
  // @ts-expect-error nor pluck().run
  read.sqlite.prepare('SELECT 1').pluck().run();
  // @ts-expect-error a read connection has no exec
  read.sqlite.exec('DELETE FROM settings');
  // @ts-expect-error nor pragma
  read.sqlite.pragma('query_only = OFF');
  // @ts-expect-error nor transaction
  read.sqlite.transaction(() => 0);
  // @ts-expect-error drizzle over it has no insert
  read.db.insert(settings);
  // @ts-expect-error nor update
  read.db.update(settings);
  // @ts-expect-error nor delete
  read.db.delete(settings);
  // @ts-expect-error nor run
  read.db.run('DELETE FROM settings');
  // @ts-expect-error nor transaction
  read.db.transaction(() => 0);
  // @ts-expect-error nor a writer behind $client
  read.db.$client.exec('DELETE FROM settings');
  // read handlers fit a HandlerMap, and inside readHandlers the context cannot write
  const map = readHandlers({
    'settings.get': (ctx, input, session) => {
      // @ts-expect-error ctx is a ReadContext
      ctx.sqlite.prepare('DELETE FROM settings').run();
      const typed: ReadContext = ctx;
      void typed;
      return handlers['settings.get'](core, input, session);
    },
  }) satisfies HandlerMap<'settings.get'>;
  void map;
}
void typeChecks;
