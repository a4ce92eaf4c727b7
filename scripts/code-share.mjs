// How much of the mobile app's code is shared: non-blank, non-comment-only lines of TypeScript in the
// packages the app imports (contracts, logic, ui) against the lines only apps/mobile has. Tests excluded, and
// the packages' web-only modules (WEB_ONLY).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SOURCE = /\.(ts|tsx)$/;
// In the shared packages but never run by the phone app: the operations console's client, live store and
// strings (web only), and the web's server-side style sheet helper. Counting them would flatter the share.
const WEB_ONLY = [
  /^packages\/logic\/src\/admin-api\.ts$/,
  /^packages\/logic\/src\/stores\/admin-live-store\.ts$/,
  /^packages\/logic\/src\/i18n\/admin\.\w+\.ts$/,
  /^packages\/ui\/src\/web-style-sheet\.ts$/,
];
const TEST = /\.(test|int\.test|e2e)\.(ts|tsx)$/;

function countLines(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) {
      if (name === 'test' || name === 'e2e') continue;
      total += countLines(path);
    } else if (
      SOURCE.test(name) &&
      !TEST.test(name) &&
      !name.endsWith('.d.ts') &&
      !WEB_ONLY.some((pattern) => pattern.test(relative(root, path)))
    ) {
      total += readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(line)).length;
    }
  }
  return total;
}

const shared = ['packages/contracts/src', 'packages/logic/src', 'packages/ui/src'].map((dir) => [
  dir,
  countLines(join(root, dir)),
]);
const own = countLines(join(root, 'apps/mobile/src'));
const sharedTotal = shared.reduce((sum, [, n]) => sum + n, 0);
for (const [dir, n] of shared)
  console.log(`${relative(root, join(root, dir)).padEnd(24)} ${n} lines (shared)`);
console.log(`${'apps/mobile/src'.padEnd(24)} ${own} lines (mobile only)`);
console.log(
  `shared: ${((100 * sharedTotal) / (sharedTotal + own)).toFixed(1)}% of the lines the mobile app runs`,
);
