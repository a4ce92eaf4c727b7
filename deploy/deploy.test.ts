/**
 * No Docker engine or Kubernetes cluster runs where this is tested, so the deployment files are checked for what
 * would break a real rollout: manifests that do not parse or name unknown kinds, probes on paths the code does
 * not serve, autoscaling bounds, settings the api does not know, secrets in the wrong place, images that run as
 * root or copy files that do not exist. With nginx installed, nginx itself checks both balancer configurations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
// @ts-expect-error: a plain .mjs module without type declarations
import { ENTRY_POINTS } from '../apps/api/scripts/entry-points.mjs';
import { CONFIG_KEYS, loadConfig } from '../apps/api/src/config/config';
import { renderNginxConf } from './nginx/nginx-conf';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts: string[]) => join(ROOT, ...parts);
const read = (...parts: string[]) => readFileSync(at(...parts), 'utf8');

// Manifests are untyped YAML; each check reads the fields it needs.
type Manifest = Record<string, any>;

const K8S_DIR = at('deploy/k8s');
const k8sFiles = readdirSync(K8S_DIR).filter((f) => f.endsWith('.yaml'));
const manifests: { file: string; doc: Manifest }[] = k8sFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { file, doc: d.toJS() as Manifest };
  }),
);
const ofKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const named = (kind: string, name: string) => {
  const found = ofKind(kind).find((d) => d.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

/** Every key .env.example documents (the api's, then the web app's). */
const ENV_EXAMPLE_KEYS = new Set(
  read('.env.example')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((k): k is string => k !== undefined),
);

const API_PATHS = read('apps/api/src/modules/health/health.routes.ts');
const WORKER_PATHS = read('apps/api/src/http/metrics-server.ts');
/** Paths each image serves, read from the code that serves them. */
function serves(image: string, path: string): boolean {
  if (image.includes('/api')) return API_PATHS.includes(`'${path}'`);
  if (image.includes('/worker')) return WORKER_PATHS.includes(`'${path}'`);
  if (image.includes('/web')) {
    const page = /^\/[a-z]{2}\/(.+)$/.exec(path)?.[1];
    return page !== undefined && existsSync(at('apps/web/src/app/[locale]', page, 'page.tsx'));
  }
  return false;
}

const KNOWN_KINDS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Ingress: 'networking.k8s.io/v1',
  ScaledObject: 'keda.sh/v1alpha1',
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
};
const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const secretKeys = new Set(Object.keys(named('Secret', 'truck4u-secrets').stringData ?? {}));
/** Values a deployment must never put in a ConfigMap (readable by anyone who can read the namespace). */
const SECRET_LIKE = /SECRET|TOKEN|PASSWORD|AUTH|_SID$|DATABASE_URL|REDIS_URL/;

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('parse, and use only known kinds with their current apiVersions and valid names', () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const { file, doc } of manifests) {
      expect(KNOWN_KINDS[doc.kind], `${file}: kind ${doc.kind}`).toBe(doc.apiVersion);
      if (doc.kind === 'Kustomization') continue;
      expect(doc.metadata?.name, file).toMatch(DNS_1123);
      if (doc.kind !== 'Namespace')
        expect(doc.metadata?.namespace, `${file}: ${doc.metadata?.name}`).toBe('truck4u');
    }
  });

  it("validate against the Kubernetes API's schemas (types, required fields, enums; kubernetes-models)", async () => {
    const validated: string[] = [];
    for (const { file, doc } of manifests) {
      // KEDA's and kustomize's kinds are not in the core API; their fields are checked one by one below.
      if (doc.kind === 'ScaledObject' || doc.kind === 'Kustomization') continue;
      const module = await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`);
      const Model = module[doc.kind];
      expect(() => new Model(doc).validate(), `${file}: ${doc.kind} ${doc.metadata?.name}`).not.toThrow();
      validated.push(doc.kind);
    }
    expect(new Set(validated)).toEqual(
      new Set(Object.keys(KNOWN_KINDS).filter((k) => k !== 'ScaledObject' && k !== 'Kustomization')),
    );
  });

  it('are all applied by the kustomization, except the migration Job that runs before a rollout', () => {
    const kustomization = ofKind('Kustomization')[0];
    const listed: string[] = kustomization?.resources ?? [];
    for (const file of listed) expect(existsSync(join(K8S_DIR, file)), file).toBe(true);
    expect(new Set(listed)).toEqual(
      new Set(k8sFiles.filter((f) => f !== 'kustomization.yaml' && f !== 'migrate-job.yaml')),
    );
  });

  it('set only settings the config module knows, with secrets in the Secret and not in a ConfigMap', () => {
    for (const map of ofKind('ConfigMap')) {
      for (const key of Object.keys(map.data ?? {})) {
        expect(ENV_EXAMPLE_KEYS.has(key), `${map.metadata.name}: ${key} is not in .env.example`).toBe(true);
        expect(SECRET_LIKE.test(key), `${map.metadata.name}: ${key} belongs in the Secret`).toBe(false);
      }
    }
    for (const key of secretKeys) expect(CONFIG_KEYS, `Secret key ${key}`).toContain(key);
    for (const key of Object.keys(named('ConfigMap', 'truck4u-config').data))
      expect(CONFIG_KEYS, `truck4u-config: ${key} is not an api setting`).toContain(key);
  });

  it('give the api a configuration it accepts, and refuse to start with the placeholder secrets', () => {
    const configMap: Record<string, string> = named('ConfigMap', 'truck4u-config').data;
    const placeholders: Record<string, string> = named('Secret', 'truck4u-secrets').stringData;
    expect(() => loadConfig({ ...configMap, ...placeholders })).toThrow(/JWT_SECRET/);
    const real = Object.fromEntries(
      Object.entries(placeholders).map(([k, v]) => [
        k,
        v.replaceAll('REPLACE_ME', 'a-real-secret-value-of-sufficient-length'),
      ]),
    );
    const config = loadConfig({ ...configMap, ...real });
    expect(config.isProduction).toBe(true);
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.trustProxy).toBe(true);
  });

  it('probe paths every image serves, on ports its container declares and the config listens on', () => {
    const configMap = named('ConfigMap', 'truck4u-config').data;
    const listenPort: Record<string, number> = {
      api: Number(configMap.PORT),
      worker: Number(configMap.WORKER_METRICS_PORT),
      web: Number(named('ConfigMap', 'truck4u-web-config').data.PORT),
    };
    const probed = new Set<string>();
    for (const deployment of ofKind('Deployment')) {
      for (const container of deployment.spec.template.spec.containers) {
        const ports = new Map<string, number>(
          (container.ports ?? []).map((p: Manifest) => [p.name, p.containerPort]),
        );
        expect([...ports.values()], `${container.name} listens where its config says`).toContain(
          listenPort[container.name],
        );
        for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
          const probe = container[kind]?.httpGet;
          expect(probe, `${deployment.metadata.name} ${kind}`).toBeDefined();
          expect(serves(container.image, probe.path), `${container.image} serves ${probe.path}`).toBe(true);
          expect(ports.has(probe.port), `${container.name} ${kind} port ${probe.port}`).toBe(true);
          probed.add(`${container.name} ${kind} ${probe.path}`);
        }
      }
    }
    expect(probed.has('api livenessProbe /health/live')).toBe(true);
    expect(probed.has('api readinessProbe /health/ready')).toBe(true);
    expect(probed.has('worker livenessProbe /health/live')).toBe(true);
    expect(probed.has('worker readinessProbe /health/ready')).toBe(true);
  });

  it('run every pod as non-root with CPU requests (the HPA divides by them) and config from the separated maps', () => {
    const pods = [
      ...ofKind('Deployment').map((d) => ({ name: d.metadata.name, spec: d.spec.template.spec })),
      ...ofKind('Job').map((j) => ({ name: j.metadata.name, spec: j.spec.template.spec })),
    ];
    const configMaps = new Set(ofKind('ConfigMap').map((m) => m.metadata.name));
    const secrets = new Set(ofKind('Secret').map((s) => s.metadata.name));
    for (const { name, spec } of pods) {
      expect(spec.securityContext?.runAsNonRoot, name).toBe(true);
      expect(spec.securityContext?.runAsUser, name).not.toBe(0);
      for (const container of spec.containers) {
        expect(container.resources?.requests?.cpu, `${name} cpu request`).toBeTruthy();
        expect(container.securityContext?.allowPrivilegeEscalation, name).toBe(false);
        expect(container.env ?? [], `${name}: settings come from envFrom`).toEqual([]);
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) expect(configMaps.has(source.configMapRef.name), name).toBe(true);
          if (source.secretRef) expect(secrets.has(source.secretRef.name), name).toBe(true);
        }
        const entry = container.command?.[1] as string | undefined;
        if (entry?.startsWith('apps/api/dist/')) {
          const built = entry.slice('apps/api/dist/'.length).replace(/\.js$/, '');
          expect(Object.keys(ENTRY_POINTS), `${name} runs a built entry point`).toContain(built);
        }
      }
    }
    expect(named('Job', 'truck4u-migrate').spec.template.spec.containers[0].command).toEqual([
      'node',
      'apps/api/dist/migrate.js',
    ]);
  });

  it('select their pods: every Service, PodDisruptionBudget and autoscaler targets a Deployment that exists', () => {
    const deployments = ofKind('Deployment');
    const matches = (selector: Record<string, string>) =>
      deployments.filter((d) =>
        Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels?.[k] === v),
      );
    for (const d of deployments) expect(matches(d.spec.selector.matchLabels), d.metadata.name).toContain(d);
    for (const service of ofKind('Service')) {
      const [target] = matches(service.spec.selector);
      expect(target, service.metadata.name).toBeDefined();
      const portNames = target?.spec.template.spec.containers.flatMap((c: Manifest) =>
        (c.ports ?? []).map((p: Manifest) => p.name),
      );
      for (const port of service.spec.ports) expect(portNames).toContain(port.targetPort);
    }
    for (const pdb of ofKind('PodDisruptionBudget'))
      expect(matches(pdb.spec.selector.matchLabels), pdb.metadata.name).toHaveLength(1);
    const serviceNames = new Set(ofKind('Service').map((s) => s.metadata.name));
    for (const rule of named('Ingress', 'truck4u').spec.rules)
      for (const path of rule.http.paths) expect(serviceNames.has(path.backend.service.name)).toBe(true);
  });

  it('scale the api on CPU 70% between 2 and 10 replicas, and the workers between 1 and 5 on queue length 100', () => {
    const hpa = named('HorizontalPodAutoscaler', 'truck4u-api');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'truck4u-api' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(10);
    expect(hpa.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ]);
    expect(ofKind('HorizontalPodAutoscaler')).toHaveLength(1);

    const scaled = named('ScaledObject', 'truck4u-worker');
    expect(scaled.spec.scaleTargetRef.name).toBe('truck4u-worker');
    expect(scaled.spec.minReplicaCount).toBe(1);
    expect(scaled.spec.maxReplicaCount).toBe(5);
    const [trigger] = scaled.spec.triggers;
    expect(trigger.metadata.threshold).toBe('100');
    // The metric the query reads is one the worker really exports.
    const metric = /([a-z_]+)\{/.exec(trigger.metadata.query)?.[1];
    expect(metric).toBe('queue_depth');
    expect(read('apps/api/src/infra/job-metrics.ts')).toContain(`name: '${metric}'`);
  });
});

/** Dockerfile instructions, continuation lines joined and comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfiles (deploy/docker)', () => {
  const dockerfiles = readdirSync(at('deploy/docker')).filter((f) => f.endsWith('.Dockerfile'));

  it('exist for the api, the worker and the web app', () => {
    expect(dockerfiles.sort()).toEqual(['api.Dockerfile', 'web.Dockerfile', 'worker.Dockerfile']);
  });

  for (const file of dockerfiles) {
    describe(file, () => {
      const steps = instructions(read('deploy/docker', file));
      const lastFrom = steps.map((s) => s.op).lastIndexOf('FROM');
      const final = steps.slice(lastFrom);

      it('is multi-stage, and its final stage runs as a non-root user with a health check', () => {
        expect(steps.filter((s) => s.op === 'FROM').length).toBeGreaterThanOrEqual(3);
        const user = final.filter((s) => s.op === 'USER').at(-1)?.args;
        expect(user).toBeDefined();
        expect(['root', '0', '0:0']).not.toContain(user);
        const healthcheck = final.find((s) => s.op === 'HEALTHCHECK')?.args ?? '';
        expect(healthcheck).toMatch(/\/health\/live|\/fr\/login/);
        const path = /'(\/[a-z/]+)'\)/.exec(healthcheck)?.[1] ?? '';
        expect(serves(`truck4u/${file.replace('.Dockerfile', '')}`, path), path).toBe(true);
        expect(file.startsWith('web') || final.some((s) => s.args.includes('NODE_ENV=production'))).toBe(
          true,
        );
      });

      it('copies only files that exist and runs compiled JavaScript, not tsx', () => {
        for (const step of steps.filter((s) => s.op === 'COPY' && !s.args.includes('--from'))) {
          const parts = step.args.split(/\s+/).filter((p) => !p.startsWith('--'));
          for (const source of parts.slice(0, -1))
            expect(existsSync(at(source)), `${file}: ${source}`).toBe(true);
        }
        const cmd = JSON.parse(final.find((s) => s.op === 'CMD')?.args ?? '[]') as string[];
        expect(cmd[0]).toBe('node');
        expect(cmd.join(' ')).not.toMatch(/tsx|\.ts\b/);
        if (cmd[1]?.startsWith('apps/api/dist/'))
          expect(Object.keys(ENTRY_POINTS)).toContain(
            cmd[1].slice('apps/api/dist/'.length).replace(/\.js$/, ''),
          );
        else expect(existsSync(at('apps/web', cmd[1] ?? '')), cmd[1]).toBe(true);
        for (const [, workspace = ''] of steps.flatMap((s) => [
          ...s.args.matchAll(/-w(?:orkspace)? @truck4u\/([a-z]+)/g),
        ]))
          expect(
            ['apps', 'packages'].some((dir) => existsSync(at(dir, workspace, 'package.json'))),
            `workspace ${workspace}`,
          ).toBe(true);
      });

      it('keeps local installs and builds out of the build context', () => {
        const ignore = read('deploy/docker', `${file}.dockerignore`);
        for (const pattern of ['**/node_modules', '**/.next', '**/dist', '.env'])
          expect(ignore).toContain(pattern);
      });
    });
  }
});

describe('compose file (deploy/compose.yaml)', () => {
  const compose = parseYaml(read('deploy/compose.yaml'), { merge: true }) as Manifest;
  const services: Record<string, Manifest> = compose.services;
  const ours = Object.entries(services).filter(([, s]) => String(s.image ?? '').startsWith('truck4u/'));

  it('runs postgres, redis, the migrations, api ×2, a worker, the web app and nginx', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'migrate',
      'nginx',
      'postgres',
      'redis',
      'web',
      'worker',
    ]);
    expect(services.api?.deploy?.replicas).toBe(2);
    expect(services.api?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    for (const [name, s] of Object.entries(services))
      for (const dependency of Object.keys(s.depends_on ?? {}))
        expect(services[dependency], `${name} → ${dependency}`).toBeDefined();
  });

  it('gives Redis an append-only file and noeviction, so BullMQ jobs survive restarts and are never evicted', () => {
    const command = ((services.redis?.command ?? []) as string[]).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('builds our images from Dockerfiles that exist and sets only settings the config module knows', () => {
    for (const [name, s] of ours) {
      if (s.build)
        expect(existsSync(join(at('deploy'), s.build.context, s.build.dockerfile)), name).toBe(true);
      for (const key of Object.keys(s.environment ?? {}))
        expect(ENV_EXAMPLE_KEYS.has(key), `${name}: ${key} is not in .env.example`).toBe(true);
    }
    for (const volume of services.nginx?.volumes ?? [])
      expect(existsSync(join(at('deploy'), String(volume).split(':')[0] ?? '')), volume).toBe(true);
  });

  it('gives the api and worker a configuration they accept once the required secrets are filled in', () => {
    const fill = (value: unknown) =>
      String(value)
        .replace(/\$\{[A-Z_]+:\?[^}]*\}/g, 'a-real-secret-value-of-sufficient-length')
        .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
    for (const name of ['api', 'worker', 'migrate']) {
      const environment = Object.fromEntries(
        Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, fill(v)]),
      );
      expect(() => loadConfig(environment), name).not.toThrow();
    }
  });
});

const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

describe.skipIf(!nginxBinary)('nginx configurations (nginx -t)', () => {
  const test = (conf: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'truck4u-nginx-'));
    writeFileSync(join(dir, 'nginx.conf'), conf);
    return spawnSync(nginxBinary ?? 'nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], {
      encoding: 'utf8',
    });
  };

  it("accepts the cluster's generated configuration", () => {
    const dir = mkdtempSync(join(tmpdir(), 'truck4u-cluster-'));
    const result = test(
      renderNginxConf({ prefix: dir, listenPort: 18_088, apiPorts: [3481, 3482, 3483], webPort: 3490 }),
    );
    expect(result.stderr).toContain('syntax is ok');
  });

  it("accepts the compose file's configuration (container names swapped for loopback)", () => {
    const conf = read('deploy/nginx/compose.conf')
      .replaceAll('server api:3000', 'server 127.0.0.1:3000')
      .replaceAll('server web:3001', 'server 127.0.0.1:3001')
      .replace('listen 8080', 'listen 127.0.0.1:18080')
      .replace(/pid \/tmp\/nginx\.pid/, `pid ${mkdtempSync(join(tmpdir(), 'truck4u-pid-'))}/nginx.pid`);
    expect(test(conf).stderr).toContain('syntax is ok');
  });
});
