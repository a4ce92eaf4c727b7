import { describe, expect, it } from 'vitest';
import { firstNameOf, planEta } from './eta-plan';

const pickup = { lat: 36.8, lng: 10.18 };
const dropoff = { lat: 35.82, lng: 10.63 };
const stopA = { lat: 36.4, lng: 10.6, address: 'Hammamet', status: 'DONE' as const };
const stopB = { lat: 36.1, lng: 10.5, address: 'Enfidha', status: 'PENDING' as const };
const position = { lat: 36.85, lng: 10.2 };

describe('planEta', () => {
  it('aims at the pickup before the driver reaches it, and counts the whole trip to the dropoff', () => {
    const plan = planEta({ status: 'DRIVER_ARRIVING', pickup, dropoff, stops: [stopA, stopB] }, position);
    expect(plan.target).toBe('PICKUP');
    expect(plan.toTarget).toEqual([position, pickup]);
    // Stop A is done already (it cannot be before pickup in practice, but done stops never count).
    expect(plan.toDropoff).toEqual([position, pickup, { lat: stopB.lat, lng: stopB.lng }, dropoff]);
  });

  it('aims at the dropoff through the stops not done once the driver is at the pickup', () => {
    const plan = planEta({ status: 'IN_TRANSIT', pickup, dropoff, stops: [stopA, stopB] }, position);
    expect(plan.target).toBe('DROPOFF');
    expect(plan.toTarget).toEqual([position, { lat: stopB.lat, lng: stopB.lng }, dropoff]);
    expect(plan.nextStopIndex).toBe(1);
  });

  it('has nothing left at the dropoff, and nothing to aim at without a position or once ended', () => {
    expect(planEta({ status: 'DROPOFF_ARRIVED', pickup, dropoff, stops: [] }, position).hasArrived).toBe(
      true,
    );
    expect(planEta({ status: 'IN_TRANSIT', pickup, dropoff, stops: [] }, null).target).toBeNull();
    expect(planEta({ status: 'COMPLETED', pickup, dropoff, stops: [] }, position).target).toBeNull();
    expect(planEta({ status: 'PENDING_BIDS', pickup, dropoff, stops: [] }, position).target).toBeNull();
  });
});

describe('firstNameOf', () => {
  it('keeps only the first word of the name', () => {
    expect(firstNameOf('  Mohamed Ali Ben Salah ')).toBe('Mohamed');
  });
});
