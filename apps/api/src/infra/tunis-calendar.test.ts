import { describe, expect, it } from 'vitest';
import { tunisDateOf, tunisMidnight, tunisPeriods } from './tunis-calendar';

const iso = (d: Date) => d.toISOString();

describe('tunisPeriods', () => {
  it('starts a week that spans two months on the Monday of the previous month', () => {
    // Tuesday 1 December 2026, 10:00 Tunis: the week began Monday 30 November.
    const p = tunisPeriods(new Date('2026-12-01T09:00:00Z'));
    expect(iso(p.dayStart)).toBe('2026-11-30T23:00:00.000Z');
    expect(iso(p.weekStart)).toBe('2026-11-29T23:00:00.000Z');
    expect(iso(p.monthStart)).toBe('2026-11-30T23:00:00.000Z');
  });

  it('treats Monday 00:00 Tunis as the first instant of the new week', () => {
    const mondayMidnight = new Date('2026-11-29T23:00:00Z'); // Monday 30 Nov 00:00 in Tunis
    expect(iso(tunisPeriods(mondayMidnight).weekStart)).toBe(iso(mondayMidnight));
    const justBefore = new Date(mondayMidnight.getTime() - 1);
    expect(iso(tunisPeriods(justBefore).weekStart)).toBe('2026-11-22T23:00:00.000Z');
  });

  it('keeps Sunday 23:59 Tunis in the week that began six days earlier', () => {
    const sundayLate = new Date('2026-12-06T22:59:00Z'); // Sunday 6 Dec 23:59 in Tunis
    const p = tunisPeriods(sundayLate);
    expect(iso(p.weekStart)).toBe('2026-11-29T23:00:00.000Z');
    expect(iso(p.dayStart)).toBe('2026-12-05T23:00:00.000Z');
  });

  it('counts 23:30 UTC on the last day of a month as the 1st of the next month in Tunis', () => {
    const p = tunisPeriods(new Date('2026-01-31T23:30:00Z'));
    expect(iso(p.monthStart)).toBe('2026-01-31T23:00:00.000Z'); // 1 February 00:00 Tunis
    expect(iso(p.dayStart)).toBe('2026-01-31T23:00:00.000Z');
  });

  it('keeps the last minute of a month in that month', () => {
    const p = tunisPeriods(new Date('2026-02-28T22:59:00Z')); // 28 Feb 23:59 Tunis
    expect(iso(p.monthStart)).toBe('2026-01-31T23:00:00.000Z');
  });

  it('rolls the year over at midnight Tunis, not midnight UTC', () => {
    const newYear = tunisPeriods(new Date('2026-12-31T23:00:00Z')); // 1 Jan 2027 00:00 Tunis
    expect(iso(newYear.monthStart)).toBe('2026-12-31T23:00:00.000Z');
    // Friday 1 January 2027: its week began Monday 28 December 2026.
    expect(iso(newYear.weekStart)).toBe('2026-12-27T23:00:00.000Z');
    const lastMinute = tunisPeriods(new Date('2026-12-31T22:59:59Z')); // 31 Dec 23:59:59 Tunis
    expect(iso(lastMinute.monthStart)).toBe('2026-11-30T23:00:00.000Z');
    expect(iso(lastMinute.dayStart)).toBe('2026-12-30T23:00:00.000Z');
  });

  it('reads Tunis dates and midnights consistently', () => {
    expect(tunisDateOf(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(tunisDateOf(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(iso(tunisMidnight({ year: 2027, month: 1, day: 0 }))).toBe('2026-12-30T23:00:00.000Z');
  });
});
