// The pay dialog's planTender is the shared planTenders (the core's settleTenders inside) with the
// cashier's words for its problems: not one amount or payment of its own. With
// tests/shared/payEqualsCore.test.ts (planTenders against the real core) this proves that what
// the dialog shows is what sale.complete stores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planProblemMessage, planTender } from '../../src/renderer/checkout/tender';
import { planTenders } from '../../src/shared/pricing';

describe('planTender', () => {
  it('is planTenders, in the cashier’s words', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100, max: 200_000 }),
        fc.integer({ min: 0, max: 250_000 }),
        fc.option(fc.integer({ min: 0, max: 250_000 }), { nil: null }),
        fc.constantFrom(1, 5, 10),
        fc.option(fc.stringMatching(/^[A-Za-z0-9-]{0,8}$/), { nil: undefined }),
        (totalMinor, cardMinor, tenderedMinor, cashRoundingStep, approvalCode) => {
          const input = { totalMinor, cardMinor, tenderedMinor, cashRoundingStep, approvalCode };
          const { problem, problemKind, ...plan } = planTender(input);
          const shared = planTenders(input);
          expect(plan).toEqual({ ...shared, problem: undefined });
          expect(problemKind).toBe(shared.problem?.kind ?? null);
          expect(problem).toBe(shared.problem ? planProblemMessage(shared.problem) : null);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
