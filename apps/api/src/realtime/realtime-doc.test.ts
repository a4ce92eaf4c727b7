import { readFileSync } from 'node:fs';
import { CLIENT_EVENT_NAMES, PUBLIC_TRACK_SERVER_EVENT_NAMES, SERVER_EVENT_NAMES } from '@truck4u/contracts';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(new URL('../../../../docs/REALTIME.md', import.meta.url), 'utf8');

/** The text of one `## ` section of the page, up to the next one. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`docs/REALTIME.md has no "## ${title}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** Event names in the first column of a section's table: rows that start with "| `name`". */
function tableEvents(title: string): string[] {
  return [...section(title).matchAll(/^\| `([^`]+)` /gm)].map((match) => match[1] ?? '');
}

const sorted = (names: readonly string[]) => [...names].sort();

describe('docs/REALTIME.md', () => {
  it('lists exactly the server events of ServerToClientEvents', () => {
    expect(sorted(tableEvents('Server events'))).toEqual(sorted(SERVER_EVENT_NAMES));
  });

  it('lists exactly the client events of ClientToServerEvents', () => {
    expect(sorted(tableEvents('Client events'))).toEqual(sorted(CLIENT_EVENT_NAMES));
  });

  it('names no event, anywhere on the page, that the contracts do not have', () => {
    const known = new Set<string>([
      ...SERVER_EVENT_NAMES,
      ...CLIENT_EVENT_NAMES,
      // The public /track namespace's events (its own section).
      ...PUBLIC_TRACK_SERVER_EVENT_NAMES,
      'track:join',
    ]);
    // Event names look like `ride:status` or `ride:no-drivers`; rooms (`ride:<id>`) and keys do not.
    const named = [...doc.matchAll(/`([a-z]+:[a-z-]+)`/g)].map((match) => match[1] ?? '');
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });
});
