import { otpCodes } from '@truck4u/database';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCodeSentTo, registerCustomer, registerDriver } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment, uniquePhone } from '#test/test-environment';

let env: TestEnvironment;
beforeAll(async () => {
  // No resend cooldown here so limits can be reached quickly; the cooldown has its own environment below.
  env = await createTestEnvironment({
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    SMS_LIMIT_PER_PHONE_PER_HOUR: '3',
    SMS_LIMIT_PER_IP_PER_HOUR: '6',
  });
});
afterAll(async () => env?.close());

let ipCounter = 0;
const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const requestCode = (body: unknown, ip = freshIp()) =>
  env.app.inject({
    method: 'POST',
    url: '/api/auth/otp/request',
    payload: body as object,
    remoteAddress: ip,
  });
const verifyCode = (body: unknown, ip = freshIp()) =>
  env.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: body as object, remoteAddress: ip });

describe('SMS one-time login codes', () => {
  it('sends a 6-digit code through the SMS provider and logs in with it, once', async () => {
    const driver = await registerDriver(env);
    const sent = await requestCode({ role: 'driver', phone: driver.phone });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ sent: true, expiresInSeconds: 300 });
    const code = lastCodeSentTo(env, driver.phone);

    const verified = await verifyCode({ role: 'driver', phone: driver.phone, code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user.id).toBe(driver.user.id);
    expect((await call(env.app, 'GET', '/api/me', { token: verified.json().accessToken })).status).toBe(200);

    const replay = await verifyCode({ role: 'driver', phone: driver.phone, code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('OTP_INVALID');
  });

  it('stores codes only as keyed hashes', async () => {
    const customer = await registerCustomer(env);
    await requestCode({ role: 'customer', phone: customer.phone });
    const code = lastCodeSentTo(env, customer.phone);
    const rows = await env.database.db.select().from(otpCodes).where(eq(otpCodes.phone, customer.phone));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.codeHash).not.toContain(code);
    expect(rows[0]?.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers the same for a phone without an account and sends nothing', async () => {
    const phone = uniquePhone();
    const response = await requestCode({ role: 'customer', phone });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ sent: true, expiresInSeconds: 300 });
    expect(env.sms.messagesTo(phone)).toHaveLength(0);
    const guess = await verifyCode({ role: 'customer', phone, code: '123456' });
    expect(guess.json().error.code).toBe('OTP_INVALID');
  });

  it('burns a code after 5 wrong tries, even if the right code comes next', async () => {
    const customer = await registerCustomer(env);
    await requestCode({ role: 'customer', phone: customer.phone });
    const code = lastCodeSentTo(env, customer.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await verifyCode({ role: 'customer', phone: customer.phone, code: wrong });
      expect(response.statusCode).toBe(401);
      left.push(response.json().error.details.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const right = await verifyCode({ role: 'customer', phone: customer.phone, code });
    expect(right.statusCode).toBe(401);
  });

  it('counts parallel guesses too: 30 at once cannot get past 5 comparisons', async () => {
    const customer = await registerCustomer(env);
    await requestCode({ role: 'customer', phone: customer.phone });
    const code = lastCodeSentTo(env, customer.phone);
    const guesses = Array.from({ length: 30 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    await Promise.all(
      guesses.map((guess) => verifyCode({ role: 'customer', phone: customer.phone, code: guess })),
    );
    const [row] = await env.database.db.select().from(otpCodes).where(eq(otpCodes.phone, customer.phone));
    expect(row?.attempts).toBe(5);
    expect((await verifyCode({ role: 'customer', phone: customer.phone, code })).statusCode).toBe(401);
  });

  it('refuses an expired code', async () => {
    const customer = await registerCustomer(env);
    await requestCode({ role: 'customer', phone: customer.phone });
    const code = lastCodeSentTo(env, customer.phone);
    await env.database.db
      .update(otpCodes)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(otpCodes.phone, customer.phone));
    expect((await verifyCode({ role: 'customer', phone: customer.phone, code })).statusCode).toBe(401);
  });

  it('retires the previous code when a new one is requested', async () => {
    const customer = await registerCustomer(env);
    await requestCode({ role: 'customer', phone: customer.phone });
    const first = lastCodeSentTo(env, customer.phone);
    await requestCode({ role: 'customer', phone: customer.phone });
    const second = lastCodeSentTo(env, customer.phone);
    if (first !== second) {
      expect((await verifyCode({ role: 'customer', phone: customer.phone, code: first })).statusCode).toBe(
        401,
      );
    }
    expect((await verifyCode({ role: 'customer', phone: customer.phone, code: second })).statusCode).toBe(
      200,
    );
  });

  it('limits codes per phone, whoever asks, and the limit does not reveal whether the phone exists', async () => {
    const customer = await registerCustomer(env);
    const ghost = uniquePhone();
    for (let i = 0; i < 3; i++) {
      expect((await requestCode({ role: 'customer', phone: customer.phone })).statusCode).toBe(202);
      expect((await requestCode({ role: 'customer', phone: ghost })).statusCode).toBe(202);
    }
    const limited = await requestCode({ role: 'customer', phone: customer.phone });
    const ghostLimited = await requestCode({ role: 'customer', phone: ghost });
    expect(limited.statusCode).toBe(429);
    expect(ghostLimited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(env.sms.messagesTo(customer.phone)).toHaveLength(3);
  });

  it('limits codes per IP address across phones', async () => {
    const ip = '198.19.0.1';
    for (let i = 0; i < 6; i++) {
      expect((await requestCode({ role: 'customer', phone: uniquePhone() }, ip)).statusCode).toBe(202);
    }
    expect((await requestCode({ role: 'customer', phone: uniquePhone() }, ip)).statusCode).toBe(429);
    expect((await requestCode({ role: 'customer', phone: uniquePhone() }, '198.19.0.2')).statusCode).toBe(
      202,
    );
  });
});

describe('SMS limits that need their own environment', () => {
  it('enforces a resend cooldown and a global hourly budget', async () => {
    const limited = await createTestEnvironment({
      OTP_RESEND_COOLDOWN_SECONDS: '60',
      SMS_LIMIT_GLOBAL_PER_HOUR: '3',
    });
    try {
      const customer = await registerCustomer(limited);
      const send = (phone: string, ip: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/otp/request',
          payload: { role: 'customer', phone },
          remoteAddress: ip,
        });
      expect((await send(customer.phone, '10.9.0.1')).statusCode).toBe(202);
      const tooSoon = await send(customer.phone, '10.9.0.2');
      expect(tooSoon.statusCode).toBe(429);
      expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(50);
      expect((await send(uniquePhone(), '10.9.0.3')).statusCode).toBe(202);
      expect((await send(uniquePhone(), '10.9.0.4')).statusCode).toBe(202);
      // The hour's budget for the whole platform is spent: nobody gets a code, from anywhere.
      expect((await send(uniquePhone(), '10.9.0.5')).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('answers 503 and leaves no usable code when the SMS provider is down', async () => {
    const broken = await createTestEnvironment({
      TWILIO_BASE_URL: 'http://127.0.0.1:1',
      OTP_RESEND_COOLDOWN_SECONDS: '0',
    });
    try {
      const customer = await registerCustomer(broken);
      const response = await broken.app.inject({
        method: 'POST',
        url: '/api/auth/otp/request',
        payload: { role: 'customer', phone: customer.phone },
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe('SERVICE_UNAVAILABLE');
      const rows = await broken.database.db.select().from(otpCodes).where(eq(otpCodes.phone, customer.phone));
      expect(rows).toHaveLength(0);
    } finally {
      await broken.close();
    }
  });

  it('refuses to send codes (503) when the limiter cannot be reached, rather than send without limits', async () => {
    const customer = await registerCustomer(env);
    const noRedis = await env.startInstance({ REDIS_URL: 'redis://127.0.0.1:1' });
    const response = await noRedis.app.inject({
      method: 'POST',
      url: '/api/auth/otp/request',
      payload: { role: 'customer', phone: customer.phone },
    });
    expect(response.statusCode).toBe(503);
  });
});

describe('password reset', () => {
  it('resets the password with the SMS code and ends every session', async () => {
    const customer = await registerCustomer(env);
    const forgot = await env.app.inject({
      method: 'POST',
      url: '/api/auth/password/forgot',
      payload: { role: 'customer', phone: customer.phone },
      remoteAddress: freshIp(),
    });
    expect(forgot.statusCode).toBe(202);
    const code = lastCodeSentTo(env, customer.phone);
    expect(env.sms.messagesTo(customer.phone).at(-1)?.body).toContain('reset');

    const reset = await call(env.app, 'POST', '/api/auth/password/reset', {
      body: { role: 'customer', phone: customer.phone, code, newPassword: 'brand-new-pass-9' },
    });
    expect(reset.status).toBe(204);

    const me = await call(env.app, 'GET', '/api/me', { token: customer.accessToken });
    expect(me.body.error.code).toBe('USER_TOKENS_REVOKED');
    const refreshed = await call(env.app, 'POST', '/api/auth/refresh', {
      body: { refreshToken: customer.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const oldLogin = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: customer.password },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: 'brand-new-pass-9' },
    });
    expect(newLogin.status).toBe(200);
  });

  it('does not accept a login code for a password reset, and a wrong code changes nothing', async () => {
    const customer = await registerCustomer(env);
    await requestCode({ role: 'customer', phone: customer.phone });
    const loginCode = lastCodeSentTo(env, customer.phone);
    const reset = await call(env.app, 'POST', '/api/auth/password/reset', {
      body: { role: 'customer', phone: customer.phone, code: loginCode, newPassword: 'hijacked-pass-1' },
    });
    expect(reset.status).toBe(401);
    expect(reset.body.error.code).toBe('OTP_INVALID');
    expect((await call(env.app, 'GET', '/api/me', { token: customer.accessToken })).status).toBe(200);
    const login = await call(env.app, 'POST', '/api/auth/login', {
      body: { role: 'customer', phone: customer.phone, password: customer.password },
    });
    expect(login.status).toBe(200);
  });

  it('rejects a weak new password before spending the code', async () => {
    const response = await call(env.app, 'POST', '/api/auth/password/reset', {
      body: { role: 'customer', phone: uniquePhone(), code: '12345', newPassword: 'short' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'body.code',
      'body.newPassword',
    ]);
  });
});
