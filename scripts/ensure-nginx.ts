import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** nginx's binary on this machine, or null. */
export function findNginx(): string | null {
  const found = spawnSync('bash', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  const existing = found.stdout.trim().split('\n')[0];
  return found.status === 0 && existing ? existing : null;
}

/**
 * nginx's binary, installing the Debian package (nginx-light) when it is missing: as root directly, otherwise
 * through `sudo -n`. Throws with what to do by hand when it cannot. Shared by `npm run cluster` and
 * `npm run chaos -- --balancer nginx`.
 */
export function ensureNginx(log: (message: string) => void): string {
  const existing = findNginx();
  if (existing) return existing;
  log('nginx is missing; installing the Debian package (apt-get install nginx-light)');
  if (spawnSync('bash', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0)
    throw new Error(
      'nginx is not installed and apt-get is not available: install nginx, then run this again.',
    );
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const aptGet = (...args: string[]) =>
    spawnSync(asRoot[0] ?? 'apt-get', [...asRoot.slice(1), ...(asRoot.length ? ['apt-get'] : []), ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  let install = aptGet('install', '-y', '--no-install-recommends', 'nginx-light');
  // A fresh machine may have no package lists yet: refresh them once and try again.
  if (install.status !== 0 && aptGet('update').status === 0)
    install = aptGet('install', '-y', '--no-install-recommends', 'nginx-light');
  if (install.status !== 0 || !existsSync('/usr/sbin/nginx'))
    throw new Error(
      'Could not install nginx with apt-get (see above). Install it yourself (`apt-get install nginx-light`, as root) and run this again.',
    );
  return '/usr/sbin/nginx';
}
