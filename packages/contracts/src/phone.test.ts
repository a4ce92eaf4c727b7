import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('reads local 8-digit numbers as Tunisian and writes E.164', () => {
    expect(normalizePhone('20 123 456')).toBe('+21620123456');
    expect(normalizePhone('+216 98-765-432')).toBe('+21698765432');
    expect(normalizePhone('0021655123456')).toBe('+21655123456');
  });

  it('keeps foreign numbers written with their country code', () => {
    expect(normalizePhone('+33 6 12 34 56 78')).toBe('+33612345678');
  });

  it('rejects what is not a phone number', () => {
    for (const input of ['', '12', 'call me', '+216 123', '2012345678901234'])
      expect(normalizePhone(input)).toBeNull();
  });
});
