import { readFileSync } from 'node:fs';
import { ADMIN_ACTIONS, ADMIN_PERMISSIONS, ADMIN_ROLES } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROUTE_ACTIONS } from './admin-permissions';

const doc = readFileSync(new URL('../../../../../docs/SECURITY.md', import.meta.url), 'utf8');

function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`docs/SECURITY.md has no "## ${title}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** Rows of the tables whose first cell is a code span: [first cell, other cells...]; padding is ignored. */
function rows(text: string): string[][] {
  return [...text.matchAll(/^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/gm)].map((match) => [
    match[1] ?? '',
    ...(match[2] ?? '').split('|').map((cell) => cell.trim()),
  ]);
}

describe('docs/SECURITY.md#admin-roles', () => {
  const tableRows = rows(section('Admin roles'));

  it('shows ADMIN_PERMISSIONS, action by action and role by role', () => {
    const documented = tableRows.filter(([first]) =>
      (ADMIN_ACTIONS as readonly string[]).includes(first ?? ''),
    );
    expect(documented.map(([action]) => action)).toEqual([...ADMIN_ACTIONS]);
    for (const [action, ...marks] of documented) {
      const allowed = ADMIN_ROLES.filter((_, i) => marks[i] === '✓');
      expect(allowed, action).toEqual(
        ADMIN_ROLES.filter((role) => ADMIN_PERMISSIONS[role].some((a) => a === action)),
      );
    }
  });

  it('shows ADMIN_ROUTE_ACTIONS, route by route', () => {
    const documented = Object.fromEntries(
      tableRows
        .filter(([first]) => first?.includes(' /api/admin'))
        .map(([route, action]) => [
          route,
          action === 'any active admin' ? null : action?.replaceAll('`', ''),
        ]),
    );
    expect(documented).toEqual(ADMIN_ROUTE_ACTIONS);
  });
});
