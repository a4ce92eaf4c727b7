import { RIDE_STATUSES, VEHICLE_TYPES } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import {
  isActiveRide,
  nextDriverStatus,
  nextStopOf,
  RIDE_STATUS_LIST,
  VEHICLE_TYPE_LIST,
} from './ride-progress';

describe('ride progress', () => {
  it('gives the driver one next status at a time, and none at the end', () => {
    expect(nextDriverStatus('BID_ACCEPTED')).toBe('DRIVER_ARRIVING');
    expect(nextDriverStatus('DROPOFF_ARRIVED')).toBe('COMPLETED');
    expect(nextDriverStatus('COMPLETED')).toBeNull();
    expect(nextDriverStatus('PENDING_BIDS')).toBeNull();
  });
  it('points at the pickup until loading is done, then at the dropoff', () => {
    expect(nextStopOf('LOADING')).toBe('pickup');
    expect(nextStopOf('IN_TRANSIT')).toBe('dropoff');
    expect(isActiveRide('IN_TRANSIT')).toBe(true);
    expect(isActiveRide('COMPLETED')).toBe(false);
  });
  it('lists exactly the vehicle types and ride statuses of the contract', () => {
    expect(VEHICLE_TYPE_LIST).toEqual(VEHICLE_TYPES);
    expect(RIDE_STATUS_LIST).toEqual(RIDE_STATUSES);
  });
});
