import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTill, type Till, tableChecksum } from './fixture';

// A manager logging in on a cashier's open shift chooses to sell on it: the core records that
// choice (whose shift, who joined), and refuses a join of a shift that is no longer the open one.

let till: Till;
beforeEach(async () => {
  till = await makeTill();
});
afterEach(() => till.close());

const auditRows = (action: string) =>
  till.terminal.sqlite
    .prepare('SELECT actor_staff_id AS actor, entity_id AS shiftId, details FROM audit_log WHERE action = ?')
    .all(action) as {
    actor: string;
    shiftId: string;
    details: string;
  }[];

describe('shift.join', () => {
  it('records a manager selling on the cashier’s shift, with whose shift it is, and answers the shift', () => {
    const shift = till.call(till.manager, 'shift.current', {});
    const joined = till.call(till.manager, 'shift.join', { shiftId: shift.id });
    expect(joined).toEqual(shift);
    const managerId = till.call(till.manager, 'auth.whoami', {}).staff.id;
    const rows = auditRows('shift.join');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor).toBe(managerId);
    expect(rows[0]?.shiftId).toBe(shift.id);
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({ openedBy: shift.openedBy, openedByName: 'Carl Cashier' });
    // the sale the manager rings on it is the manager's, on the cashier's shift
    const sale = till.call(till.manager, 'sale.complete', {
      id: crypto.randomUUID(),
      lines: [{ productId: till.products.tea.id, quantity: 1 }],
      payments: [{ method: 'card', amountMinor: 350 }],
    });
    expect(sale.shiftId ?? shift.id).toBe(shift.id);
  });

  it('is no record for the shift’s own opener', () => {
    const shift = till.call(till.cashier, 'shift.current', {});
    expect(till.call(till.cashier, 'shift.join', { shiftId: shift.id }).id).toBe(shift.id);
    expect(auditRows('shift.join')).toHaveLength(0);
  });

  it('refuses a shift that is no longer open (closed meanwhile) with CONFLICT, and changes nothing', () => {
    const shift = till.call(till.cashier, 'shift.current', {});
    till.call(till.cashier, 'shift.close', { counted: [] });
    till.call(till.cashier, 'shift.open', { openingFloatMinor: 5000 });
    const before = tableChecksum(till);
    const result = till.raw(till.manager, 'shift.join', { shiftId: shift.id });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CONFLICT');
      expect(result.error.message).toMatch(/no longer open/);
    }
    expect(tableChecksum(till)).toBe(before);
  });

  it('refuses without a shift open, and without a login', () => {
    const shift = till.call(till.cashier, 'shift.current', {});
    expect(till.raw(till.anonymous, 'shift.join', { shiftId: shift.id }).ok).toBe(false);
    till.call(till.cashier, 'shift.close', { counted: [] });
    const before = tableChecksum(till);
    const result = till.raw(till.manager, 'shift.join', { shiftId: shift.id });
    expect(result.ok ? null : result.error.code).toBe('CONFLICT');
    expect(tableChecksum(till)).toBe(before);
  });
});
