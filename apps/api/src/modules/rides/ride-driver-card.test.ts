import { describe, expect, it } from 'vitest';
import { firstNameOf, isPhoneShown, maskPhone } from './ride-driver-card';

const DRIVER = '00000000-0000-4000-8000-000000000001';

describe('the driver card of a ride', () => {
  it('masks a Tunisian phone down to its last three digits', () => {
    expect(maskPhone('+21620123567')).toBe('+216 •• ••• 567');
  });

  it('masks a foreign phone the same way, whatever its length', () => {
    expect(maskPhone('+33612345678')).toBe('+•••••••• 678');
  });

  it('shows the customer the phone while the ride runs, and masks it once it ended', () => {
    const customer = { role: 'customer', id: '00000000-0000-4000-8000-000000000002' } as const;
    expect(isPhoneShown(customer, { status: 'BID_ACCEPTED', driverId: DRIVER })).toBe(true);
    expect(isPhoneShown(customer, { status: 'IN_TRANSIT', driverId: DRIVER })).toBe(true);
    expect(isPhoneShown(customer, { status: 'COMPLETED', driverId: DRIVER })).toBe(false);
    expect(isPhoneShown(customer, { status: 'CANCELLED', driverId: DRIVER })).toBe(false);
  });

  it('keeps only the first name', () => {
    expect(firstNameOf('  Sami Ben Salah ')).toBe('Sami');
  });
});
