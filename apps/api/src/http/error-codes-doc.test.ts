import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';

const doc = readFileSync(new URL('../../../../docs/API.md', import.meta.url), 'utf8');

/** `code -> HTTP status` from the table of the "## Errors" section: rows "| `CODE` | 400 | meaning |". */
function documentedStatuses(): Map<string, number> {
  const start = doc.indexOf('\n## Errors\n');
  if (start === -1) throw new Error('docs/API.md has no "## Errors" section');
  const end = doc.indexOf('\n## ', start + 1);
  const rows = doc.slice(start, end === -1 ? undefined : end).matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\|/gm);
  return new Map([...rows].map((row) => [row[1] ?? '', Number(row[2])]));
}

describe('docs/API.md#errors', () => {
  it('lists every error code once, with the HTTP status the api answers it with', () => {
    const documented = documentedStatuses();
    const actual = new Map(ERROR_CODES.map((code) => [code, new AppError(code, 'probe').status]));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(actual));
  });
});
