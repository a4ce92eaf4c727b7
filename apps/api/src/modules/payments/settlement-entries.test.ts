import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heldRefundEntries, holdEntries, settlementEntries } from './settlement-entries';

const ride = { purpose: 'RIDE' as const, customerId: 'c', driverId: 'd' };
const amountOf = (posting: ReturnType<typeof settlementEntries>, kind: string) =>
  posting.entries.find((e) => e.account.kind === kind)?.amount ?? 0;

describe('settlement entries', () => {
  it('splits a wallet payment at 12% into customer, driver and platform lines', () => {
    const posting = settlementEntries({ ...ride, method: 'WALLET', amount: 45_000, commissionRateBps: 1200 });
    expect(posting.kind).toBe('RIDE_PAYMENT');
    expect(posting.commission).toBe(5_400);
    expect(posting.description).toBe('Ride payment by wallet (45.000 TND)');
    expect(amountOf(posting, 'CUSTOMER_WALLET')).toBe(-45_000);
    expect(amountOf(posting, 'DRIVER_WALLET')).toBe(39_600);
    expect(amountOf(posting, 'PLATFORM_REVENUE')).toBe(5_400);
  });

  it('takes a Flouci ride payment from the Flouci clearing account', () => {
    const posting = settlementEntries({ ...ride, method: 'FLOUCI', amount: 10_000, commissionRateBps: 1500 });
    expect(amountOf(posting, 'FLOUCI_CLEARING')).toBe(-10_000);
    expect(amountOf(posting, 'DRIVER_WALLET')).toBe(8_500);
    expect(amountOf(posting, 'CUSTOMER_WALLET')).toBe(0);
  });

  it('debits only the commission from the driver for cash, and posts nothing at a 0% rate', () => {
    const cash = settlementEntries({ ...ride, method: 'CASH', amount: 30_000, commissionRateBps: 1500 });
    expect(cash.kind).toBe('CASH_COMMISSION');
    expect(cash.entries).toEqual([
      { account: { kind: 'DRIVER_WALLET', ownerId: 'd' }, amount: -4_500 },
      { account: { kind: 'PLATFORM_REVENUE' }, amount: 4_500 },
    ]);
    expect(
      settlementEntries({ ...ride, method: 'CASH', amount: 30_000, commissionRateBps: 0 }).entries,
    ).toEqual([]);
  });

  it('rounds the commission half up in integers', () => {
    // 12_345 × 15% = 1851.75 → 1852; 10 × 15% = 1.5 → 2; 3 × 15% = 0.45 → 0.
    expect(
      settlementEntries({ ...ride, method: 'WALLET', amount: 12_345, commissionRateBps: 1500 }).commission,
    ).toBe(1_852);
    expect(
      settlementEntries({ ...ride, method: 'WALLET', amount: 10, commissionRateBps: 1500 }).commission,
    ).toBe(2);
    expect(
      settlementEntries({ ...ride, method: 'WALLET', amount: 3, commissionRateBps: 1500 }).commission,
    ).toBe(0);
  });

  it('credits a top-up to the customer from Flouci clearing', () => {
    const posting = settlementEntries({
      purpose: 'TOP_UP',
      method: 'FLOUCI',
      amount: 20_000,
      customerId: 'c',
      driverId: null,
      commissionRateBps: null,
    });
    expect(posting.entries).toEqual([
      { account: { kind: 'FLOUCI_CLEARING' }, amount: -20_000 },
      { account: { kind: 'CUSTOMER_WALLET', ownerId: 'c' }, amount: 20_000 },
    ]);
  });

  it('credits a driver’s top-up to the driver’s wallet, and refuses a top-up with no payer or two', () => {
    const topUp = {
      purpose: 'TOP_UP' as const,
      method: 'FLOUCI' as const,
      amount: 12_500,
      commissionRateBps: null,
    };
    expect(settlementEntries({ ...topUp, customerId: null, driverId: 'd' }).entries).toEqual([
      { account: { kind: 'FLOUCI_CLEARING' }, amount: -12_500 },
      { account: { kind: 'DRIVER_WALLET', ownerId: 'd' }, amount: 12_500 },
    ]);
    expect(() => settlementEntries({ ...topUp, customerId: 'c', driverId: 'd' })).toThrow(
      /exactly one wallet/,
    );
    expect(() => settlementEntries({ ...topUp, customerId: null, driverId: null })).toThrow(
      /exactly one wallet/,
    );
  });

  it('always balances, never posts a zero line, and never pays the driver more than the price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('CASH' as const, 'WALLET' as const, 'FLOUCI' as const),
        (amount, rateBps, method) => {
          const posting = settlementEntries({ ...ride, method, amount, commissionRateBps: rateBps });
          expect(posting.entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
          expect(posting.entries.every((e) => Number.isSafeInteger(e.amount) && e.amount !== 0)).toBe(true);
          expect(posting.commission).toBeGreaterThanOrEqual(0);
          expect(posting.commission).toBeLessThanOrEqual(amount);
          expect(Math.abs(posting.commission - (amount * rateBps) / 10_000)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });

  it('holds a ride paid ahead in escrow, then releases it to driver and platform, or returns it whole', () => {
    const hold = holdEntries({ method: 'WALLET', amount: 45_000, customerId: 'c' });
    expect(hold.entries).toEqual([
      { account: { kind: 'CUSTOMER_WALLET', ownerId: 'c' }, amount: -45_000 },
      { account: { kind: 'ESCROW' }, amount: 45_000 },
    ]);
    expect(holdEntries({ method: 'FLOUCI', amount: 1, customerId: 'c' }).entries[0]?.account).toEqual({
      kind: 'FLOUCI_CLEARING',
    });
    expect(() => holdEntries({ method: 'CASH', amount: 1, customerId: 'c' })).toThrow(/never held/);
    const release = settlementEntries({
      ...ride,
      method: 'FLOUCI',
      amount: 45_000,
      commissionRateBps: 1200,
      isHeld: true,
    });
    expect(release.kind).toBe('ESCROW_RELEASE');
    expect(amountOf(release, 'ESCROW')).toBe(-45_000);
    expect(amountOf(release, 'FLOUCI_CLEARING')).toBe(0);
    expect(amountOf(release, 'DRIVER_WALLET')).toBe(39_600);
    expect(amountOf(release, 'PLATFORM_REVENUE')).toBe(5_400);
    expect(heldRefundEntries({ amount: 45_000, customerId: 'c' }).entries).toEqual([
      { account: { kind: 'ESCROW' }, amount: -45_000 },
      { account: { kind: 'CUSTOMER_WALLET', ownerId: 'c' }, amount: 45_000 },
    ]);
  });
});
