import { describe, expect, it } from 'vitest';
import { disputeRefundEntries } from './dispute-refund-entries';

const ids = { customerId: 'c1', driverId: 'd1' };
const amountOf = (entries: { account: { kind: string }; amount: number }[], kind: string) =>
  entries.find((e) => e.account.kind === kind)?.amount ?? 0;

describe('dispute refund entries', () => {
  it('splits a refund between driver and platform as the price was split, and balances', () => {
    const { entries } = disputeRefundEntries({ refund: 40_000, paid: 100_000, commission: 15_000, ...ids });
    expect(amountOf(entries, 'CUSTOMER_WALLET')).toBe(40_000);
    expect(amountOf(entries, 'PLATFORM_REVENUE')).toBe(-6_000);
    expect(amountOf(entries, 'DRIVER_WALLET')).toBe(-34_000);
    expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
  });

  it('rounds the platform share down and gives the driver the remainder', () => {
    const { entries } = disputeRefundEntries({ refund: 1_001, paid: 3_000, commission: 1_000, ...ids });
    expect(amountOf(entries, 'PLATFORM_REVENUE')).toBe(-333);
    expect(amountOf(entries, 'DRIVER_WALLET')).toBe(-668);
  });

  it('leaves the platform out at a 0 % commission', () => {
    const { entries } = disputeRefundEntries({ refund: 500, paid: 1_000, commission: 0, ...ids });
    expect(entries.map((e) => e.account.kind)).toEqual(['CUSTOMER_WALLET', 'DRIVER_WALLET']);
  });

  it('refuses a refund above what was paid', () => {
    expect(() => disputeRefundEntries({ refund: 1_001, paid: 1_000, commission: 0, ...ids })).toThrow();
  });
});
