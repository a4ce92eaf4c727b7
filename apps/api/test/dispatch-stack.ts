import { afterAll, beforeAll } from 'vitest';
import { startDispatchWorker } from './dispatch-worker';
import { type ClientSocket, connectSocket, listen } from './realtime-client';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

export interface DispatchStack {
  /** The file's test environment (set once the file's `beforeAll` hooks have run). */
  readonly env: TestEnvironment;
  /** Where the default api instance listens. */
  readonly url: string;
  /** Sockets closed after the file, before the worker and the environment. */
  readonly sockets: ClientSocket[];
  /** A socket signed in as `account` on `url` (the default instance unless given), closed after the file. */
  connect(account: { accessToken: string }, url?: string): Promise<ClientSocket>;
}

/**
 * Registers the file's hooks for a whole dispatch stack: a test environment (no delay before the first
 * dispatch step, plus `env`), the default instance listening on a port, the dispatch jobs running in this
 * process, and teardown in reverse order.
 */
export function useDispatchStack(env: Record<string, string> = {}): DispatchStack {
  let environment: TestEnvironment | undefined;
  let url: string | undefined;
  let worker: { close(): Promise<void> } | undefined;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment({ DISPATCH_FIRST_STEP_DELAY_MS: '0', ...env });
    url = await listen(environment.app);
    worker = await startDispatchWorker(environment);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await worker?.close();
    await environment?.close();
  });

  return {
    get env() {
      if (!environment) throw new Error('useDispatchStack: the environment is not set up yet');
      return environment;
    },
    get url() {
      if (!url) throw new Error('useDispatchStack: the api is not listening yet');
      return url;
    },
    sockets,
    async connect(account, at) {
      const socket = await connectSocket(at ?? this.url, account.accessToken);
      sockets.push(socket);
      return socket;
    },
  };
}
