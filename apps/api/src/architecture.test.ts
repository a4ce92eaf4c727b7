import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The dependency rule of docs/ARCHITECTURE.md ("Dependency rule"): a folder imports only the folders listed
// for it. Type-only imports count: they still tie one folder's code to another's shape.

/** Domains from lowest to highest: a module imports only the modules before it. */
const DOMAIN_ORDER = [
  'users',
  'auth',
  'commissions',
  'wallet',
  'notifications',
  'devices',
  'uploads',
  'documents',
  'cancellations',
  'drivers',
  'rides',
  'proofs',
  'chat',
  'tracking',
  'favourites',
  'profiles',
  'dispatch',
  'payments',
  'disputes',
  'subscriptions',
  'pricing',
  'health',
  'admin',
] as const;

const KERNEL = ['errors', 'config', 'infra'];
const PLUMBING = ['http', 'realtime', 'jobs', 'providers'];
const MODULES = DOMAIN_ORDER.map((domain) => `modules/${domain}`);

const MAY_IMPORT: Record<string, string[]> = {
  errors: [],
  config: ['errors'],
  infra: ['errors', 'config'],
  http: KERNEL,
  realtime: [...KERNEL, 'http'],
  providers: KERNEL,
  jobs: [...KERNEL, 'http'],
  ...Object.fromEntries(
    DOMAIN_ORDER.map((domain, index) => [
      `modules/${domain}`,
      [...KERNEL, ...PLUMBING, ...MODULES.slice(0, index)],
    ]),
  ),
  gateway: [...KERNEL, ...PLUMBING, ...MODULES],
  composition: [...KERNEL, ...PLUMBING, ...MODULES, 'gateway'],
  '(root)': [...KERNEL, ...PLUMBING, ...MODULES, 'gateway', 'composition'],
  openapi: [...KERNEL, ...PLUMBING, ...MODULES, 'gateway', 'composition', '(root)'],
  cli: [...KERNEL, ...PLUMBING, ...MODULES, 'gateway', 'composition', '(root)', 'openapi'],
};

const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** `modules/<domain>` for a domain's files, the first path segment otherwise, `(root)` for main.ts and worker.ts. */
function folderOf(fileFromSrc: string): string {
  const parts = fileFromSrc.split(sep);
  if (parts.length === 1) return '(root)';
  if (parts[0] === 'modules' && parts.length > 2) return `modules/${parts[1]}`;
  return parts[0] as string;
}

// `import ... from`, `export ... from`, side-effect `import '...'` and `import('...')`, including `import type`.
const IMPORT_PATTERN = /(?:\bfrom\s+|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

interface FolderImport {
  file: string;
  specifier: string;
  from: string;
  to: string;
}

function folderImports(): FolderImport[] {
  return sourceFiles(SRC).flatMap((path) => {
    const file = relative(SRC, path);
    const text = readFileSync(path, 'utf8');
    return [...text.matchAll(IMPORT_PATTERN)].flatMap((match) => {
      const specifier = match[1] as string;
      const target = relative(SRC, normalize(join(dirname(path), specifier)));
      const from = folderOf(file);
      const to = folderOf(target);
      return from === to ? [] : [{ file, specifier, from, to }];
    });
  });
}

/** Each cycle of the folder graph, as the folders along it (found by depth-first search). */
function folderCycles(imports: FolderImport[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)?.add(to);
  }
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (folder: string, path: string[]) => {
    const seenAt = path.indexOf(folder);
    if (seenAt !== -1) {
      cycles.push([...path.slice(seenAt), folder]);
      return;
    }
    if (done.has(folder)) return;
    for (const next of edges.get(folder) ?? []) visit(next, [...path, folder]);
    done.add(folder);
  };
  for (const folder of edges.keys()) visit(folder, []);
  return cycles;
}

describe('the dependency rule between the folders of apps/api/src', () => {
  const imports = folderImports();

  it('finds the imports it checks', () => {
    expect(imports.some((i) => i.from === 'modules/rides' && i.to === 'http')).toBe(true);
  });

  it('names a rule for every folder', () => {
    const unknown = [...new Set(sourceFiles(SRC).map((path) => folderOf(relative(SRC, path))))].filter(
      (folder) => !(folder in MAY_IMPORT),
    );
    expect(unknown, 'add these folders to DOMAIN_ORDER or MAY_IMPORT and to docs/ARCHITECTURE.md').toEqual(
      [],
    );
  });

  it('lets each folder import only the folders the rule lists for it', () => {
    const violations = imports
      .filter(({ from, to }) => !(MAY_IMPORT[from] ?? []).includes(to))
      .map(
        ({ file, specifier, from, to }) => `${file} imports '${specifier}' (${from} may not import ${to})`,
      );
    expect(violations).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(folderCycles(imports).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it("keeps the clients' package @truck4u/logic out of the server: only cli/ (the simulator) uses it", () => {
    const users = sourceFiles(SRC)
      .filter((path) => /['"]@truck4u\/logic(?:\/[^'"]*)?['"]/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path))
      .filter((file) => folderOf(file) !== 'cli');
    expect(users).toEqual([]);
  });
});
