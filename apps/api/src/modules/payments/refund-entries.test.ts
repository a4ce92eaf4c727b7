import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundEntries } from './refund-entries';
import { settlementEntries } from './settlement-entries';

const parties = { customerId: 'c', driverId: 'd' };
const byKind = (entries: { account: { kind: string }; amount: number }[]) =>
  Object.fromEntries(entries.map((e) => [e.account.kind, e.amount]));

describe('refund entries', () => {
  it('reverses a wallet settlement exactly', () => {
    const settled = settlementEntries({
      ...parties,
      purpose: 'RIDE',
      method: 'WALLET',
      amount: 12_345,
      commissionRateBps: 1200,
    });
    const refund = refundEntries({
      ...parties,
      method: 'WALLET',
      amount: 12_345,
      settlement: settled.entries,
    });
    expect(refund.description).toBe('Refund of a ride paid by wallet (12.345 TND)');
    expect(refund.entries).toEqual(settled.entries.map((e) => ({ ...e, amount: -e.amount })));
  });

  it('credits the customer’s wallet for Flouci and cash, the driver giving back price less commission', () => {
    for (const method of ['FLOUCI', 'CASH'] as const) {
      const settled = settlementEntries({
        ...parties,
        purpose: 'RIDE',
        method,
        amount: 45_000,
        commissionRateBps: 1200,
      });
      const refund = refundEntries({ ...parties, method, amount: 45_000, settlement: settled.entries });
      expect(byKind(refund.entries)).toEqual({
        CUSTOMER_WALLET: 45_000,
        DRIVER_WALLET: -39_600,
        PLATFORM_REVENUE: -5_400,
      });
    }
  });

  it('refunds a cash ride settled at 0% (nothing posted) from the driver alone', () => {
    const refund = refundEntries({ ...parties, method: 'CASH', amount: 30_000, settlement: [] });
    expect(byKind(refund.entries)).toEqual({ CUSTOMER_WALLET: 30_000, DRIVER_WALLET: -30_000 });
  });

  it('takes the commission from the settlement, not from a rate', () => {
    const settlement = [
      { account: { kind: 'CUSTOMER_WALLET' as const, ownerId: 'c' }, amount: -10_000 },
      { account: { kind: 'DRIVER_WALLET' as const, ownerId: 'd' }, amount: 8_000 },
      { account: { kind: 'PLATFORM_REVENUE' as const }, amount: 2_000 },
    ];
    expect(
      byKind(refundEntries({ ...parties, method: 'WALLET', amount: 10_000, settlement }).entries),
    ).toEqual({ CUSTOMER_WALLET: 10_000, DRIVER_WALLET: -8_000, PLATFORM_REVENUE: -2_000 });
  });

  it('refuses a settlement that is not this payment’s', () => {
    const wrongAmount = settlementEntries({
      ...parties,
      purpose: 'RIDE',
      method: 'WALLET',
      amount: 9_000,
      commissionRateBps: 1200,
    }).entries;
    expect(() =>
      refundEntries({ ...parties, method: 'WALLET', amount: 10_000, settlement: wrongAmount }),
    ).toThrow(/does not match/);
    const otherDriver = settlementEntries({
      customerId: 'c',
      driverId: 'someone-else',
      purpose: 'RIDE',
      method: 'WALLET',
      amount: 10_000,
      commissionRateBps: 1200,
    }).entries;
    expect(() =>
      refundEntries({ ...parties, method: 'WALLET', amount: 10_000, settlement: otherDriver }),
    ).toThrow(/does not match/);
    expect(() => refundEntries({ ...parties, method: 'WALLET', amount: 10_000, settlement: [] })).toThrow(
      /does not match/,
    );
  });

  it('balances, credits the customer the price and gives back the settled commission, for any ride', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('WALLET' as const, 'FLOUCI' as const, 'CASH' as const),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (method, amount, commissionRateBps) => {
          const settled = settlementEntries({
            ...parties,
            purpose: 'RIDE',
            method,
            amount,
            commissionRateBps,
          });
          const refund = refundEntries({ ...parties, method, amount, settlement: settled.entries });
          expect(refund.entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
          expect(refund.entries.every((e) => e.amount !== 0)).toBe(true);
          expect(byKind(refund.entries).CUSTOMER_WALLET).toBe(amount);
          expect(byKind(refund.entries).PLATFORM_REVENUE ?? 0).toBe(0 - settled.commission);
        },
      ),
    );
  });

  it('refunds a held payment released at completion from driver and platform, escrow untouched', () => {
    const released = settlementEntries({
      ...parties,
      purpose: 'RIDE',
      method: 'WALLET',
      amount: 20_000,
      commissionRateBps: 1500,
      isHeld: true,
    });
    const refund = refundEntries({
      ...parties,
      method: 'WALLET',
      amount: 20_000,
      settlement: released.entries,
      isHeld: true,
    });
    expect(byKind(refund.entries)).toEqual({
      CUSTOMER_WALLET: 20_000,
      DRIVER_WALLET: -17_000,
      PLATFORM_REVENUE: -3_000,
    });
    // Read as a direct settlement, the same lines do not match the payment: nothing is refunded on a guess.
    expect(() =>
      refundEntries({ ...parties, method: 'WALLET', amount: 20_000, settlement: released.entries }),
    ).toThrow(/does not match/);
  });
});
