import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';

// Model-based check of the token rules: random sequences of logins, refreshes (fresh and replayed),
// logouts and logout-alls, with the real api answering and a tiny model saying what it must answer.
let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment({ LOGIN_FAILURES_PER_IP: '100000' });
});
afterAll(async () => env?.close());

interface Session {
  access: string;
  refresh: string;
  spent: string[];
  isAlive: boolean;
}
interface Model {
  sessions: Session[];
}
interface Real {
  account: TestAccount;
}

const pick = <T>(items: T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

class Login implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: real.account.phone, password: real.account.password },
    });
    expect(response.status).toBe(200);
    model.sessions.push({
      access: response.body.accessToken,
      refresh: response.body.refreshToken,
      spent: [],
      isAlive: true,
    });
  }
  toString = () => 'login';
}

class UseAccess implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  async run(model: Model) {
    const session = pick(model.sessions, this.index) as Session;
    const response = await call(env.app, 'GET', '/api/me', { token: session.access });
    expect(response.status).toBe(session.isAlive ? 200 : 401);
  }
  toString = () => `me(${this.index})`;
}

class Refresh implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  async run(model: Model) {
    const session = pick(model.sessions, this.index) as Session;
    const response = await call(env.app, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refresh },
    });
    if (session.isAlive) {
      expect(response.status).toBe(200);
      session.spent.push(session.refresh);
      session.access = response.body.accessToken;
      session.refresh = response.body.refreshToken;
    } else {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    }
  }
  toString = () => `refresh(${this.index})`;
}

class Replay implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly index: number,
    readonly which: number,
  ) {}
  check = (m: Readonly<Model>) => m.sessions.some((s) => s.spent.length > 0);
  async run(model: Model) {
    const withSpent = model.sessions.filter((s) => s.spent.length > 0);
    const session = pick(withSpent, this.index) as Session;
    const token = pick(session.spent, this.which) as string;
    const response = await call(env.app, 'POST', '/api/auth/refresh', { body: { refreshToken: token } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    session.isAlive = false;
  }
  toString = () => `replay(${this.index},${this.which})`;
}

class Logout implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  async run(model: Model) {
    const session = pick(model.sessions, this.index) as Session;
    const response = await call(env.app, 'POST', '/api/auth/logout', { token: session.access });
    expect(response.status).toBe(session.isAlive ? 204 : 401);
    session.isAlive = false;
  }
  toString = () => `logout(${this.index})`;
}

class LogoutAll implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.sessions.some((s) => s.isAlive);
  async run(model: Model) {
    const session = pick(
      model.sessions.filter((s) => s.isAlive),
      this.index,
    ) as Session;
    const response = await call(env.app, 'POST', '/api/auth/logout-all', { token: session.access });
    expect(response.status).toBe(204);
    for (const s of model.sessions) s.isAlive = false;
  }
  toString = () => `logoutAll(${this.index})`;
}

describe('token rules (model-based)', () => {
  it('agree with the model for any sequence of session operations', async () => {
    const index = fc.nat({ max: 7 });
    const commands = fc.commands(
      [
        fc.constant(new Login()),
        index.map((i) => new UseAccess(i)),
        index.map((i) => new Refresh(i)),
        fc.tuple(index, index).map(([i, j]) => new Replay(i, j)),
        index.map((i) => new Logout(i)),
        index.map((i) => new LogoutAll(i)),
      ],
      { maxCommands: 12 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const account = await registerCustomer(env);
        const model: Model = {
          sessions: [
            { access: account.accessToken, refresh: account.refreshToken, spent: [], isAlive: true },
          ],
        };
        await fc.asyncModelRun(() => ({ model, real: { account } }), cmds);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
