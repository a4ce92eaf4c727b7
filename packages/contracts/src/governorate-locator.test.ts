import { describe, expect, it } from 'vitest';
import { anchorCount, governorateAt } from './governorate-locator';
import { GOVERNORATES } from './governorates';

describe('governorateAt', () => {
  it('places every governorate seat in its own governorate', () => {
    for (const governorate of GOVERNORATES) {
      expect(governorateAt(governorate).code, governorate.name).toBe(governorate.code);
      expect(anchorCount(governorate.code)).toBeGreaterThanOrEqual(3);
    }
  });

  it.each([
    ['Hammamet', 36.4, 10.62, 'TN-21'],
    ['Djerba Midoun', 33.8, 10.99, 'TN-82'],
    ['Tabarka', 36.955, 8.758, 'TN-32'],
    ['Douz', 33.457, 9.021, 'TN-73'],
    ['El Jem', 35.296, 10.707, 'TN-53'],
    ['Sfax airport', 34.718, 10.691, 'TN-61'],
    ['Enfidha airport', 36.076, 10.438, 'TN-51'],
    ['Tunis medina', 36.798, 10.171, 'TN-11'],
    ['Sbeitla', 35.24, 9.12, 'TN-42'],
    ['Metlaoui', 34.321, 8.401, 'TN-71'],
  ])('finds %s in the right governorate', (_place, lat, lng, code) => {
    expect(governorateAt({ lat, lng }).code).toBe(code);
  });

  it('names what it finds', () => {
    expect(governorateAt({ lat: 34.74, lng: 10.76 })).toEqual({ code: 'TN-61', name: 'Sfax' });
  });
});
