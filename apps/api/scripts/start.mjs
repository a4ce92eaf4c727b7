// `npm run start` / `start:worker` / `admin:create`: compiled JavaScript under plain node in production
// (built by `npm run build`), the TypeScript sources through tsx everywhere else.
import { existsSync } from 'node:fs';
import { ENTRY_POINTS } from './entry-points.mjs';

const name = process.argv[2];
if (!name || !(name in ENTRY_POINTS)) {
  console.error(`usage: node scripts/start.mjs <${Object.keys(ENTRY_POINTS).join('|')}> [args...]`);
  process.exit(2);
}
// The entry point reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);

if (process.env.NODE_ENV === 'production') {
  const built = new URL(`../dist/${name}.js`, import.meta.url);
  if (!existsSync(built)) {
    console.error(
      `${built.pathname} is missing: run \`npm run build -w @truck4u/api\` first (production runs the build).`,
    );
    process.exit(1);
  }
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(`../${ENTRY_POINTS[name]}`, import.meta.url).href);
}
