import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from './render-openapi';

const API_DOC = new URL('../../../../docs/API.md', import.meta.url);
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const readApiDoc = () => readFileSync(API_DOC, 'utf8');

/** "GET /api/rides/{id}" for every operation of an OpenAPI document. */
function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => HTTP_METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** docs/API.md writes path parameters as `:id`, OpenAPI as `{id}`. */
const toDocPath = (operation: string) => operation.replace(/\{(\w+)\}/g, ':$1');
const toOpenApiPath = (operation: string) => operation.replace(/:(\w+)/g, '{$1}');

/** The contract: the first column of the tables in the "## Paths" section of docs/API.md. */
function contractPaths(): string[] {
  const doc = readApiDoc();
  const start = doc.indexOf('\n## Paths\n');
  if (start === -1) throw new Error('docs/API.md has no "## Paths" section');
  const end = doc.indexOf('\n## ', start + 1);
  const paths = doc.slice(start, end === -1 ? undefined : end);
  return [...paths.matchAll(/^\| `((?:GET|POST|PUT|PATCH|DELETE) \/[^`]*)` /gm)].map((match) =>
    toOpenApiPath(match[1] ?? ''),
  );
}

describe('docs/openapi.json', () => {
  it('is the document the routes produce (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile(new URL('../../../../docs/openapi.json', import.meta.url), 'utf8');
    const current = await renderOpenApiDocument();
    // Comparing parsed documents gives a readable diff of what drifted.
    expect(JSON.parse(committed)).toEqual(JSON.parse(current));
  }, 30_000);

  it('serves every path docs/API.md lists under Paths', async () => {
    const served = operationsOf(JSON.parse(await renderOpenApiDocument()));
    const listed = contractPaths();
    expect(listed.length).toBeGreaterThan(0);
    for (const operation of listed) expect(served, operation).toContain(operation);
  }, 30_000);

  it('names in docs/API.md every path the routes serve', async () => {
    const apiDoc = readApiDoc();
    const unnamed = operationsOf(JSON.parse(await renderOpenApiDocument())).filter(
      (operation) => !apiDoc.includes(`\`${toDocPath(operation)}\``),
    );
    expect(unnamed, 'add these to docs/API.md#paths').toEqual([]);
  }, 30_000);
});
