import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryNumber } from './query';

const query = z.object({
  lat: queryNumber(z.number().min(-90).max(90)),
  limit: queryNumber(z.number().int().min(1).max(100).default(20)),
});
const issues = (input: unknown) =>
  query.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('queryNumber', () => {
  it('reads numbers from query strings and applies defaults', () => {
    expect(query.parse({ lat: '36.8' })).toEqual({ lat: 36.8, limit: 20 });
    expect(query.parse({ lat: '-1', limit: '5' })).toEqual({ lat: -1, limit: 5 });
  });

  it('says a parameter is required or must be a number, never "received NaN"', () => {
    expect(issues({})).toEqual(['lat: required: this query parameter takes a number']);
    expect(issues({ lat: 'north', limit: '' })).toEqual(['lat: must be a number', 'limit: must be a number']);
    expect(issues({ lat: ['1', '2'] })).toEqual(['lat: give this query parameter once']);
  });

  it('leaves an optional parameter out, and keeps the default in the JSON schema', () => {
    const optional = z.object({ after: queryNumber(z.number().int().optional()) });
    expect(optional.parse({})).toEqual({});
    expect(z.toJSONSchema(query, { io: 'input' })).toMatchObject({
      properties: { lat: { type: 'number' }, limit: { type: 'integer', default: 20 } },
      required: ['lat'],
    });
  });

  it('still applies the bounds of the number schema', () => {
    expect(issues({ lat: '91', limit: '0' })).toHaveLength(2);
  });
});
