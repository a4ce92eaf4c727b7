import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Role } from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../infra/logger';
import type { LimitRule, RateLimiter } from '../../infra/rate-limiter';
import type { SmsSender } from '../../providers/sms/sms-sender';
import { consumeCode, deleteCode, expireLiveCodes, insertCode, spendGuess } from './otp.repository';

export type OtpPurpose = 'LOGIN' | 'PASSWORD_RESET';

const MESSAGES: Record<OtpPurpose, (code: string, minutes: number) => string> = {
  LOGIN: (code, minutes) =>
    `Truck4u: your login code is ${code}. It expires in ${minutes} min. Never share it.`,
  PASSWORD_RESET: (code, minutes) =>
    `Truck4u: your password reset code is ${code}. It expires in ${minutes} min. If you did not ask for it, ignore this message.`,
};

const invalidCode = (details?: unknown) =>
  new AppError('OTP_INVALID', 'The code is wrong, expired or used up; request a new one if needed', {
    details,
  });

/**
 * One-time SMS codes for login and password reset. Codes are stored as keyed hashes, expire, and allow a
 * fixed number of guesses; sending is limited per phone, per IP and globally because every SMS costs money.
 */
export class OtpService {
  constructor(
    private readonly db: Database,
    private readonly limiter: RateLimiter,
    private readonly sms: SmsSender,
    private readonly config: Config['otp'],
    private readonly limits: Config['limits'],
    private readonly log: Pick<Logger, 'error'>,
  ) {}

  /**
   * Sends a code if `accountExists`; either way the caller answers the same, and the SMS budget is spent
   * the same, so neither the answer nor the limits reveal whether a phone has an account.
   */
  async send(params: {
    role: Role;
    phone: string;
    purpose: OtpPurpose;
    ip: string;
    accountExists: boolean;
  }): Promise<{
    expiresInSeconds: number;
  }> {
    await this.consumeSmsBudget(params.phone, params.ip);
    if (!params.accountExists) return { expiresInSeconds: this.config.ttlSeconds };

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = await this.db.transaction(async (tx) => {
      // Only the newest code is valid: requesting again retires the previous one.
      await expireLiveCodes(tx, params);
      return insertCode(tx, params, this.hash(params, code), this.config.ttlSeconds);
    });
    try {
      await this.sms.send({
        to: params.phone,
        body: MESSAGES[params.purpose](code, Math.ceil(this.config.ttlSeconds / 60)),
      });
    } catch (error) {
      if (id) await deleteCode(this.db, id);
      this.log.error({ err: error }, 'sending a one-time code failed');
      throw new AppError('SERVICE_UNAVAILABLE', 'Could not send the code right now; try again in a minute', {
        headers: { 'retry-after': '60' },
      });
    }
    return { expiresInSeconds: this.config.ttlSeconds };
  }

  /** Checks a code; each call spends one guess before comparing, so parallel guesses cannot exceed the cap. */
  async verify(params: {
    role: Role;
    phone: string;
    purpose: OtpPurpose;
    code: string;
    ip: string;
  }): Promise<void> {
    await this.limitVerification(params.ip);
    const row = await spendGuess(this.db, params, this.config.maxAttempts);
    if (!row) throw invalidCode({ attemptsLeft: 0 });
    const expected = Buffer.from(row.codeHash, 'hex');
    const actual = Buffer.from(this.hash(params, params.code), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw invalidCode({ attemptsLeft: Math.max(0, this.config.maxAttempts - row.attempts) });
    }
    if (!(await consumeCode(this.db, row.id))) throw invalidCode({ attemptsLeft: 0 });
  }

  private hash(scope: { role: Role; phone: string; purpose: OtpPurpose }, code: string): string {
    return createHmac('sha256', this.config.secret)
      .update(`${scope.role}|${scope.phone}|${scope.purpose}|${code}`)
      .digest('hex');
  }

  private async consumeSmsBudget(phone: string, ip: string): Promise<void> {
    const rules: LimitRule[] = [
      { key: `rl:sms:cooldown:${phone}`, limit: 1, windowSeconds: this.config.resendCooldownSeconds },
      { key: `rl:sms:phone:${phone}`, limit: this.limits.smsPerPhonePerHour, windowSeconds: 3600 },
      { key: `rl:sms:ip:${ip}`, limit: this.limits.smsPerIpPerHour, windowSeconds: 3600 },
      { key: 'rl:sms:global', limit: this.limits.smsGlobalPerHour, windowSeconds: 3600 },
    ].filter((r) => r.windowSeconds > 0);
    let outcome: Awaited<ReturnType<RateLimiter['consume']>>;
    try {
      outcome = await this.limiter.consume(rules);
    } catch (error) {
      // Fail closed: without the limiter nothing stops an SMS bill from running up.
      this.log.error({ err: error }, 'SMS limiter unavailable');
      throw new AppError('SERVICE_UNAVAILABLE', 'Codes cannot be sent right now; try again shortly', {
        headers: { 'retry-after': '30' },
      });
    }
    if (!outcome.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many codes requested; wait before asking again', {
        details: { retryAfterSeconds: outcome.retryAfterSeconds },
        headers: { 'retry-after': String(outcome.retryAfterSeconds) },
      });
    }
  }

  private async limitVerification(ip: string): Promise<void> {
    const outcome = await this.limiter
      .consume([
        { key: `rl:otp-verify:ip:${ip}`, limit: this.limits.otpVerifyPerIpPerHour, windowSeconds: 3600 },
      ])
      // Each code already caps its own guesses in Postgres, so a Redis outage may skip this outer limit.
      .catch(() => ({ allowed: true }) as const);
    if (!outcome.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many code attempts from this network; try again later', {
        details: { retryAfterSeconds: outcome.retryAfterSeconds },
        headers: { 'retry-after': String(outcome.retryAfterSeconds) },
      });
    }
  }
}
