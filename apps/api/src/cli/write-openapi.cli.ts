import { writeFile } from 'node:fs/promises';
import { renderOpenApiDocument } from '../openapi/render-openapi';

// Regenerates the committed docs/openapi.json; a test fails when it drifts from the code.
const target = new URL('../../../../docs/openapi.json', import.meta.url);
await writeFile(target, await renderOpenApiDocument());
console.log(`wrote ${target.pathname}`);
