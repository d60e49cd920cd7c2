import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelInput, ChannelOutput } from '../../src/shared/contract';
import type { SyncConflict, SyncStatus } from '../../src/shared/contract/sync';
import type { Result } from '../../src/shared/result';
import type { CoreApi } from './coreApi';
import { deferred, type FakeHandlers, ok, openShift } from './fakeApi';
import { catalogItem, MANAGER, renderCoreTill, renderTill } from './till';

// The top bar's sync indicator in each state (and silent when the core cannot say), and Manager →
// Sync: the status in words, Sync now as a job, the connection string sent once and never shown,
// the store id, Stop syncing, and the conflicts central found — in front of a fake core's sync
// channels; then the page in front of a real core that runs no sync (its refusal in words).

const SECRET = 'postgres://ringup:s3cret-Pa55@db.example.com:5432/ringup?sslmode=require';
const T0 = Date.UTC(2026, 0, 6, 9, 0);

function statusWith(patch: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'synced',
    running: false,
    configured: true,
    centralDisplay: 'db.example.com:5432/ringup',
    terminalId: 'T1',
    storeId: 'S-3FA9C2A1',
    registeredAt: T0,
    waiting: 0,
    oldestWaitingAt: null,
    lastPushAt: T0,
    lastPullAt: T0,
    lastError: null,
    lastErrorAt: null,
    nextAttemptAt: null,
    ...patch,
  };
}

const OFFLINE = statusWith({
  state: 'offline',
  waiting: 12,
  oldestWaitingAt: Date.now() - 5 * 60_000,
  lastError: 'Central database unreachable (postgres://ringup:***@db.example.com:5432/ringup): connect ECONNREFUSED.',
  lastErrorAt: Date.now() - 60_000,
});

function conflict(id: string, patch: Partial<SyncConflict> = {}): SyncConflict {
  return {
    id,
    kind: 'points_overspent',
    storeId: 'S-3FA9C2A1',
    terminalId: 'T2',
    memberId: 'mem-1',
    eventId: 'ev-1',
    summary: `Member mem-1 spent points at two stores while offline: central balance is -40 points (${id}).`,
    details: {},
    detectedAt: Date.now() - 2 * 3600_000,
    resolvedAt: null,
    resolvedBy: null,
    ...patch,
  };
}

/** The sync channels of a core that syncs, faked: a status that the handlers change as a core would. */
function fakeSync(initial: SyncStatus, options: { conflicts?: SyncConflict[] } = {}) {
  const state = { status: initial, conflicts: options.conflicts ?? [] };
  const handlers: FakeHandlers = {
    'sync.status': () => ok(state.status),
    'sync.configure': (input: ChannelInput<'sync.configure'>) => {
      if (input.connectionString === null) state.status = { ...state.status, configured: false, centralDisplay: null, state: 'off' };
      else if (input.connectionString) {
        const url = new URL(input.connectionString);
        state.status = {
          ...state.status,
          configured: true,
          centralDisplay: `${url.hostname}:${url.port}${url.pathname}`,
          state: 'waiting',
        };
      }
      if (input.storeId) state.status = { ...state.status, storeId: input.storeId };
      return ok(state.status);
    },
    'sync.conflicts': (input: ChannelInput<'sync.conflicts'>) =>
      ok({ conflicts: state.conflicts.filter((c) => input.includeResolved || c.resolvedAt === null) }),
    'sync.resolveConflict': (input: ChannelInput<'sync.resolveConflict'>) => {
      const found = state.conflicts.find((c) => c.id === input.id);
      if (!found) return { ok: false, error: { code: 'NOT_FOUND', message: 'There is no such conflict on the central database.' } };
      const settled = { ...found, resolvedAt: Date.now(), resolvedBy: 'Mara Manager (m1)' };
      state.conflicts = state.conflicts.map((c) => (c.id === input.id ? settled : c));
      return ok(settled);
    },
  };
  return { state, handlers };
}

function indicator() {
  return screen.queryByTestId('sync-indicator');
}

async function openSync(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Manager area' }));
  const area = await screen.findByRole('main', { name: 'Manager area' });
  await user.click(within(within(area).getByRole('navigation', { name: 'Manager area' })).getByRole('button', { name: /^Sync/ }));
  await within(area).findByRole('heading', { name: 'Sync', level: 2 });
  return area;
}

/** The manager at the till, on their own shift. */
const AS_MANAGER = { staff: MANAGER, shift: { ...openShift, openedBy: MANAGER.id, openedByName: MANAGER.name } };

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
  vi.restoreAllMocks();
});

describe('the sync indicator in the top bar', () => {
  it.each([
    [
      'Offline · 12 waiting',
      statusWith({ state: 'offline', waiting: 12, lastError: OFFLINE.lastError }),
      /^Offline: the central database cannot be reached\. 12 changes/,
      'offline',
    ],
    ['Sending · 3 waiting', statusWith({ state: 'waiting', waiting: 3 }), /^Sending to the central database: 3 changes waiting/, 'sending'],
    ['Synced', statusWith(), /^Synced with the central database: nothing is waiting\.$/, 'synced'],
    ['Synced', statusWith({ state: 'synced', running: true }), /^Synced/, 'synced'],
    [
      'Sync stopped — see Manager → Sync',
      statusWith({ state: 'refused', waiting: 4, lastError: 'The central database refused the user name or password.' }),
      /^Sync stopped: the central database refused this till, a manager must look at Manager → Sync\. 4 changes/,
      'refused',
    ],
  ] as const)('says “%s” (%#)', async (text, status, sentence, tone) => {
    await renderTill(fakeSync(status).handlers);
    const pill = await screen.findByRole('status', { name: sentence });
    expect(pill.textContent).toBe(text);
    expect(pill.className).toContain(`sync-pill-${tone}`);
    // the last failure is its tooltip (never a password: the core masks it); else the sentence
    expect(pill.getAttribute('title')).toBe(status.lastError ?? pill.getAttribute('aria-label'));
  });

  it('says nothing when no central database is set up, nor when the core has no sync channel (and logs no error)', async () => {
    const errors = vi.spyOn(console, 'error');
    const off = await renderTill(fakeSync(statusWith({ state: 'off', configured: false, centralDisplay: null })).handlers);
    await waitFor(() => expect(off.api.callsTo('sync.status').length).toBeGreaterThan(0));
    await act(async () => {});
    expect(indicator()).toBeNull();
    cleanup();

    // an older core: the channel answers with an error envelope
    const older = await renderTill({
      'sync.status': () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no channel sync.status.' } }),
    });
    await waitFor(() => expect(older.api.callsTo('sync.status').length).toBeGreaterThan(0));
    await act(async () => {});
    expect(indicator()).toBeNull();
    expect(screen.queryAllByRole('alert').filter((alert) => /sync/i.test(alert.textContent ?? ''))).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('reads the count again right after a sale, without waiting for the next poll', async () => {
    const TEA = catalogItem('p1', 'Green Tea', 250);
    let waiting = 0;
    const { api, services } = await renderCoreTill({
      catalogue: [TEA],
      handlers: { 'sync.status': () => ok(statusWith({ state: waiting > 0 ? 'offline' : 'synced', waiting })) },
    });
    opened.push(api);
    expect((await screen.findByRole('status', { name: /^Synced/ })).textContent).toBe('Synced');
    const polled = api.callsTo('sync.status').length;
    await act(async () => {
      await services.cart.getState().addProduct(TEA, 'list');
    });
    waiting = 2;
    await act(async () => {
      const sale = await services.cart.getState().checkout([{ method: 'card', amountMinor: 250 }]);
      expect(sale.ok).toBe(true);
    });
    await waitFor(() => expect(indicator()?.textContent).toBe('Offline · 2 waiting'), { timeout: 2_000 });
    expect(api.callsTo('sync.status').length).toBe(polled + 1);
  });
});

describe('Manager → Sync', () => {
  it('shows the status in words and Sync now runs as a job with its progress; the top bar follows', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(OFFLINE);
    const ran = deferred<Result<ChannelOutput<'sync.run'>>>();
    let progressAsked = 0;
    await renderTill(
      {
        ...sync.handlers,
        'sync.run': () => ran.promise,
        'job.progress': (input) => {
          progressAsked += 1;
          return ok({
            jobId: input.jobId,
            channel: 'sync.run',
            state: 'running' as const,
            phase: 'Sending',
            done: 5,
            total: 12,
            cancellable: true,
            startedAt: Date.now(),
            finishedAt: null,
            error: null,
          });
        },
      },
      AS_MANAGER,
    );
    expect((await screen.findByTestId('sync-indicator')).textContent).toBe('Offline · 12 waiting');
    const area = await openSync(user);
    expect(within(area).getByText(/^Offline: the central database cannot be reached\. 12 changes/)).toBeTruthy();
    expect(within(area).getByText('db.example.com:5432/ringup', { selector: '.sync-facts code' })).toBeTruthy();
    expect(within(area).getByText(/^Central database unreachable/)).toBeTruthy();
    expect(within(area).getByText(/the oldest from 5 minutes ago/)).toBeTruthy();
    expect(within(area).getByText(/^since /)).toBeTruthy();

    await user.click(within(area).getByRole('button', { name: 'Sync now' }));
    const bar = await within(area).findByRole('progressbar', { name: 'Syncing' });
    await waitFor(() => expect(bar.getAttribute('aria-valuetext')).toBe('Sending: 5 of 12 (42 %)'));
    expect(progressAsked).toBeGreaterThan(0);
    expect(within(area).getByRole('button', { name: 'Syncing…' })).toHaveProperty('disabled', true);
    expect(within(area).getByRole('button', { name: 'Cancel' })).toBeTruthy();

    sync.state.status = statusWith({ lastPushAt: Date.now() });
    await act(async () => ran.resolve(ok({ pushed: 12, duplicates: 0, pulled: 3, conflicts: 0, status: sync.state.status })));
    expect(await within(area).findByText('Synced: sent 12 changes, received 3 catalogue and member changes.')).toBeTruthy();
    expect(within(area).queryByRole('progressbar')).toBeNull();
    // the answer's status is shown at once, in the page and in the top bar
    expect(indicator()?.textContent).toBe('Synced');
    expect(
      within(area).getByText('Synced with the central database: nothing is waiting.', { selector: '.sync-headline span' }),
    ).toBeTruthy();
  });

  it('a failed Sync now says why in words', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(OFFLINE);
    await renderTill(
      {
        ...sync.handlers,
        'sync.run': () => ({
          ok: false,
          error: { code: 'CENTRAL_UNAVAILABLE', message: 'Central database unreachable (db.example.com): connect ECONNREFUSED.' },
        }),
      },
      AS_MANAGER,
    );
    const area = await openSync(user);
    await user.click(within(area).getByRole('button', { name: 'Sync now' }));
    const alert = await within(area).findByRole('alert');
    expect(alert.textContent).toContain('Central database unreachable (db.example.com): connect ECONNREFUSED.');
    expect(alert.textContent).not.toContain('CENTRAL_UNAVAILABLE');
  });

  it('sends the connection string once (checked first), clears the field, and never shows it', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(
      statusWith({ state: 'off', configured: false, centralDisplay: null, registeredAt: null, lastPushAt: null, lastPullAt: null }),
    );
    const { api } = await renderTill(sync.handlers, AS_MANAGER);
    expect(indicator()).toBeNull();
    const area = await openSync(user);
    expect(within(area).getByText(/^Not syncing: no central database is set up/)).toBeTruthy();
    expect(within(area).getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true);
    expect(within(area).queryByRole('button', { name: /Stop syncing/ })).toBeNull();

    const form = within(area).getByRole('form', { name: 'Central database' });
    const field = within(form).getByLabelText(/^Connection string/) as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.autocomplete).toBe('off');
    expect(field.placeholder).toBe('postgres://user:password@host:5432/ringup?sslmode=require');
    expect((within(form).getByRole('checkbox', { name: 'Check the connection first' }) as HTMLInputElement).checked).toBe(true);

    // nothing typed: nothing sent
    await user.click(within(form).getByRole('button', { name: /^Save/ }));
    expect(await within(form).findByText(/^Nothing to save: type the connection string/)).toBeTruthy();
    expect(api.callsTo('sync.configure')).toHaveLength(0);

    await user.type(field, `${SECRET}{Enter}`);
    expect(await within(form).findByText(/^Saved: this till syncs with db\.example\.com:5432\/ringup, which answered/)).toBeTruthy();
    expect(api.callsTo('sync.configure')).toEqual([{ connectionString: SECRET, test: true }]);
    expect(field.value).toBe('');
    expect(document.body.innerHTML).not.toContain('s3cret');
    expect(document.body.innerHTML).not.toContain(SECRET);
    // the top bar says so at once; the page shows where it points, never the string
    expect(indicator()?.textContent).toBe('Sending');
    expect(within(area).getByText('db.example.com:5432/ringup', { selector: '.sync-facts code' })).toBeTruthy();
    expect(within(form).getByLabelText(/^New connection string/)).toBe(field);
  });

  it('a connection that does not answer is refused at the field in the core’s words, and the string is kept to correct', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(statusWith({ state: 'off', configured: false, centralDisplay: null, registeredAt: null }));
    const { api } = await renderTill(
      {
        ...sync.handlers,
        'sync.configure': (input) =>
          input.test
            ? {
                ok: false,
                error: {
                  code: 'CENTRAL_UNAVAILABLE',
                  message:
                    'The central database refused the user name or password (postgres://ringup:***@db.example.com:5432/ringup). Check the connection string.',
                },
              }
            : ok(sync.state.status),
      },
      AS_MANAGER,
    );
    const area = await openSync(user);
    const form = within(area).getByRole('form', { name: 'Central database' });
    const field = within(form).getByLabelText(/^Connection string/) as HTMLInputElement;
    await user.type(field, `${SECRET}{Enter}`);
    expect(await within(form).findByText(/^The central database refused the user name or password/)).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(field.value).toBe(SECRET);
    expect(api.callsTo('sync.configure')).toEqual([{ connectionString: SECRET, test: true }]);

    // a malformed string: the contract's refusal at the field
    await user.clear(field);
    await user.click(within(form).getByRole('checkbox', { name: 'Check the connection first' }));
    api.handlers['sync.configure'] = () => ({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'Invalid input',
        details: { issues: [{ path: 'connectionString', message: 'A connection string starts with postgres:// (or postgresql://).' }] },
      },
    });
    await user.type(field, 'mysql://nope{Enter}');
    expect(await within(form).findByText('A connection string starts with postgres:// (or postgresql://).')).toBeTruthy();
    expect(api.callsTo('sync.configure').at(-1)).toEqual({ connectionString: 'mysql://nope' });
  });

  it('the store id changes only before central registers the till; Stop syncing asks first (Escape keeps)', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(statusWith({ state: 'waiting', registeredAt: null, waiting: 2 }));
    const { api } = await renderTill(sync.handlers, AS_MANAGER);
    const area = await openSync(user);
    const form = within(area).getByRole('form', { name: 'Central database' });
    const store = within(form).getByLabelText('Store id') as HTMLInputElement;
    expect(store.disabled).toBe(false);
    expect(within(form).getByText(/Every till of the same store uses the same store id/)).toBeTruthy();
    await user.clear(store);
    await user.type(store, 'S-HARBOUR{Enter}');
    expect(await within(form).findByText('The store id is now S-HARBOUR.')).toBeTruthy();
    expect(api.callsTo('sync.configure')).toEqual([{ storeId: 'S-HARBOUR' }]);

    // central registered it meanwhile: the core's refusal sits at the field
    api.handlers['sync.configure'] = () => ({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Central has registered this terminal in store S-HARBOUR: its store id can no longer change.',
        details: { storeId: 'S-HARBOUR' },
      },
    });
    await user.clear(store);
    await user.type(store, 'S-OTHER{Enter}');
    expect(await within(form).findByText(/its store id can no longer change/)).toBeTruthy();
    expect(store.getAttribute('aria-invalid')).toBe('true');

    // Stop syncing: a question first, Keep focused; Escape keeps (and does not leave the Manager area)
    api.handlers['sync.configure'] = sync.handlers['sync.configure'] as FakeHandlers['sync.configure'];
    await user.click(within(form).getByRole('button', { name: 'Stop syncing…' }));
    const question = within(form).getByRole('group', { name: 'Stop syncing?' });
    expect(within(question).getByText(/The till keeps selling/)).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep syncing' })));
    await user.keyboard('{Escape}');
    expect(within(form).queryByRole('group', { name: 'Stop syncing?' })).toBeNull();
    expect(screen.getByRole('main', { name: 'Manager area' })).toBeTruthy();
    const calls = api.callsTo('sync.configure').length;

    await user.click(within(form).getByRole('button', { name: 'Stop syncing…' }));
    await user.click(within(form).getByRole('button', { name: 'Yes, stop syncing' }));
    expect(await within(form).findByText(/^Stopped: this till no longer syncs/)).toBeTruthy();
    expect(api.callsTo('sync.configure').slice(calls)).toEqual([{ connectionString: null }]);
    await waitFor(() => expect(indicator()).toBeNull());
  });

  it('lists the open conflicts, marks one settled, shows the settled ones on demand', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(statusWith(), {
      conflicts: [
        conflict('c1'),
        conflict('c2', { kind: 'terminal_claimed', summary: 'A second device claimed terminal id T2: it was refused.' }),
        conflict('c0', {
          kind: 'member_duplicate',
          summary: 'Old one, settled.',
          resolvedAt: Date.now() - 86_400_000,
          resolvedBy: 'Mara Manager (m1)',
        }),
      ],
    });
    const { api } = await renderTill(sync.handlers, AS_MANAGER);
    const area = await openSync(user);
    const card = within(area).getByRole('region', { name: /^Conflicts/ });
    const table = await within(card).findByRole('table', { name: 'Conflicts' });
    expect(within(card).getByRole('heading', { name: 'Conflicts (2 open)' })).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const first = rows[0] as HTMLElement;
    expect(within(first).getByText(/spent points at two stores while offline/)).toBeTruthy();
    expect(within(first).getByText('Points spent twice')).toBeTruthy();
    expect(within(first).getByText('T2')).toBeTruthy();
    expect(within(first).getByText('2 hours ago')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Terminal id used twice')).toBeTruthy();
    expect(api.callsTo('sync.conflicts')).toEqual([{}]);

    await user.click(within(first).getByRole('button', { name: 'Mark settled' }));
    expect(await within(card).findByText(/^Marked settled: Member mem-1 spent points/)).toBeTruthy();
    expect(api.callsTo('sync.resolveConflict')).toEqual([{ id: 'c1' }]);
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    // the keyboard is on the next open one
    await waitFor(() => expect(document.activeElement).toBe(within(table).getByRole('button', { name: 'Mark settled' })));
    expect(within(card).getByRole('heading', { name: 'Conflicts (1 open)' })).toBeTruthy();

    await user.click(within(card).getByRole('checkbox', { name: 'Show settled' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(api.callsTo('sync.conflicts').at(-1)).toEqual({ includeResolved: true });
    expect(within(table).getAllByText('✓ Settled')).toHaveLength(2);
    expect(within(table).getAllByRole('button', { name: 'Mark settled' })).toHaveLength(1);
  });

  it('central unreachable: the conflicts say so in words, and Read again asks again', async () => {
    const user = userEvent.setup();
    const sync = fakeSync(OFFLINE);
    let reachable = false;
    await renderTill(
      {
        ...sync.handlers,
        'sync.conflicts': () =>
          reachable
            ? ok({ conflicts: [] })
            : {
                ok: false,
                error: { code: 'CENTRAL_UNAVAILABLE', message: 'Central database unreachable (db.example.com:5432/ringup): timeout.' },
              },
      },
      AS_MANAGER,
    );
    const area = await openSync(user);
    const card = within(area).getByRole('region', { name: /^Conflicts/ });
    expect((await within(card).findByRole('alert')).textContent).toBe(
      '!The conflicts could not be read from central: Central database unreachable (db.example.com:5432/ringup): timeout.',
    );
    reachable = true;
    await user.click(within(card).getByRole('button', { name: 'Read again' }));
    expect(await within(card).findByText('No open conflicts: nothing needs a person.')).toBeTruthy();
    expect(within(card).queryByRole('alert')).toBeNull();
  });
});

describe('Manager → Sync in front of a real core that runs no sync', () => {
  it('shows the till’s own status and the core’s refusal in words', async () => {
    const user = userEvent.setup();
    const { api } = await renderCoreTill({ staff: 'manager' });
    opened.push(api);
    expect(indicator()).toBeNull();
    const area = await openSync(user);
    expect(await within(area).findByText(/^Not syncing: no central database is set up/)).toBeTruthy();
    expect(within(area).getByText('T1', { selector: '.sync-facts dd' })).toBeTruthy();
    expect(within(area).getByText(/No central database is set: conflicts are found by central/)).toBeTruthy();
    const form = within(area).getByRole('form', { name: 'Central database' });
    await user.click(within(form).getByRole('checkbox', { name: 'Check the connection first' }));
    await user.type(within(form).getByLabelText(/^Connection string/), `${SECRET}{Enter}`);
    expect((await within(form).findByRole('alert')).textContent).toMatch(/Sync does not run in this mode/);
    // (React mirrors a controlled input's value into its attribute: only the text is checked here)
    expect(document.body.textContent).not.toContain('s3cret');
  });
});
