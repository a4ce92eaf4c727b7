// Compiles the api's entry points to plain JavaScript in apps/api/dist, so production runs `node`
// without tsx. Workspace packages (@truck4u/*) ship TypeScript sources, so they are bundled in; every
// npm dependency stays external and is loaded from node_modules as usual.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ENTRY_POINTS } from './entry-points.mjs';

const apiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(apiDir, 'dist');
const workspaceManifests = [
  resolve(apiDir, 'package.json'),
  resolve(apiDir, '../../packages/contracts/package.json'),
  resolve(apiDir, '../../packages/database/package.json'),
];

const external = new Set();
for (const manifest of workspaceManifests) {
  const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const name of Object.keys(dependencies)) {
    if (!name.startsWith('@truck4u/')) external.add(name);
  }
}

// Sources find files beside them with `new URL('<relative>', import.meta.url)` (migrations, package.json).
// In a bundle import.meta.url is the bundle's, so each such path is rewritten relative to dist/.
const FILE_URL = /new URL\((['"])(\.{1,2}\/[^'"]*)\1, import\.meta\.url\)/g;
const relocateFileUrls = {
  name: 'relocate-file-urls',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(FILE_URL, (_match, quote, target) => {
        let fromDist = relative(outdir, resolve(dirname(path), target))
          .split('\\')
          .join('/');
        if (!fromDist.startsWith('.')) fromDist = `./${fromDist}`;
        if (target.endsWith('/') && !fromDist.endsWith('/')) fromDist += '/';
        return `new URL(${quote}${fromDist}${quote}, import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

await build({
  absWorkingDir: apiDir,
  entryPoints: ENTRY_POINTS,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: [...external, ...[...external].map((name) => `${name}/*`)],
  plugins: [relocateFileUrls],
  logLevel: 'warning',
  // Bundled CommonJS helpers call require(); ESM output has none unless it is made.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
console.log(`api built into ${relative(process.cwd(), outdir) || '.'}`);
