/**
 * The nginx configuration of the one-machine cluster (`npm run cluster`) and of the scale benchmark: a load
 * balancer on loopback in front of N api instances and the web app. docs/DEPLOYMENT.md explains the choices.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
export interface NginxConfInput {
  /** Directory nginx runs in (`-p`): pid file and temporary files go there. */
  prefix: string;
  listenPort: number;
  apiPorts: readonly number[];
  /** Absent: everything that is not the api answers 404 (the benchmark has no web app). */
  webPort?: number;
  /** Worker processes of nginx itself; the cluster uses 1 so nginx does not crowd out the apis on 2 cores. */
  workerProcesses?: number;
  /** nginx refuses to start workers as root without a `user`; the temp directories are made writable for it. */
  runAsRoot?: boolean;
}

/** nginx's temporary directories, under the prefix: nginx writes request bodies and buffered answers there. */
const TEMP_PATHS = [
  ['client_body_temp_path', 'tmp/body'],
  ['proxy_temp_path', 'tmp/proxy'],
  ['fastcgi_temp_path', 'tmp/fastcgi'],
  ['uwsgi_temp_path', 'tmp/uwsgi'],
  ['scgi_temp_path', 'tmp/scgi'],
] as const;

/**
 * Makes `input.prefix` ready for `nginx -p <prefix> -c <returned path>`: its temporary directories (writable
 * by all: as root nginx's workers run as nobody) and the configuration, rendered for whoever runs this.
 */
export function writeNginxPrefix(input: Omit<NginxConfInput, 'runAsRoot'>): string {
  for (const [, dir] of TEMP_PATHS) {
    mkdirSync(join(input.prefix, dir), { recursive: true });
    chmodSync(join(input.prefix, dir), 0o777);
  }
  const conf = join(input.prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConf({ ...input, runAsRoot: process.getuid?.() === 0 }));
  return conf;
}

export function renderNginxConf(input: NginxConfInput): string {
  const apiServers = input.apiPorts
    .map((port) => `    server 127.0.0.1:${port} max_fails=2 fail_timeout=5s;`)
    .join('\n');
  const webLocation =
    input.webPort === undefined
      ? '    location / { return 404; }'
      : `    location / {
      proxy_pass http://truck4u_web;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }`;
  return `# Written by scripts/cluster.ts (deploy/nginx/nginx-conf.ts); regenerated on every start.
${input.runAsRoot ? 'user nobody nogroup;\n' : ''}worker_processes ${input.workerProcesses ?? 1};
pid ${input.prefix}/nginx.pid;
error_log stderr warn;
daemon off;

events {
  worker_connections 4096;
}

http {
  access_log off;
${TEMP_PATHS.map(([directive, dir]) => `  ${directive} ${input.prefix}/${dir};`).join('\n')}
  client_max_body_size 2m;

  map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      '';
  }

  # HTTP requests carry a bearer token and keep no state in the process: any instance will do.
  upstream truck4u_api {
    least_conn;
${apiServers}
    keepalive 64;
  }

  # Socket.io: clients try a WebSocket first (one TCP connection, pinned for its life by nature) and fall back
  # to HTTP long-polling, whose requests must all reach the instance holding the engine.io session. Hashing the
  # client address keeps a polling session on one instance; rooms and broadcasts span instances through the
  # Redis streams adapter, so which instance a client lands on does not matter otherwise.
  upstream truck4u_socket {
    hash $remote_addr consistent;
${apiServers}
  }
${
  input.webPort === undefined
    ? ''
    : `
  upstream truck4u_web {
    server 127.0.0.1:${input.webPort};
    keepalive 16;
  }
`
}
  server {
    listen 127.0.0.1:${input.listenPort};

    proxy_http_version 1.1;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $http_host;
    # An instance that stops mid-request is retried elsewhere only for requests that are safe to repeat.
    proxy_next_upstream error timeout http_502 http_503;
    proxy_connect_timeout 2s;

    location /api/ {
      proxy_pass http://truck4u_api;
      proxy_set_header Connection '';
    }
    location /health/ {
      proxy_pass http://truck4u_api;
      proxy_set_header Connection '';
    }
    location /docs {
      proxy_pass http://truck4u_api;
      proxy_set_header Connection '';
    }
    location /admin/queues {
      proxy_pass http://truck4u_api;
      proxy_set_header Connection '';
    }
    location /socket.io/ {
      proxy_pass http://truck4u_socket;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 120s;
      proxy_buffering off;
    }
    # Scraped per instance (every api and worker on its own port), never through the balancer.
    location = /metrics { return 404; }

${webLocation}
  }
}
`;
}
