import type {
  AuthResponse,
  LoginRequest,
  OtpVerify,
  RegisterRequest,
  Role,
  SelfServiceRole,
  TokenPair,
  UserRef,
} from '@truck4u/contracts';
import type { Database } from '@truck4u/database';
import type { Config } from '../../config/config';
import { AppError } from '../../errors/app-error';
import type { AccessClaims } from '../../http/authenticate';
import type { Logger } from '../../infra/logger';
import type { LimitRule, RateLimiter } from '../../infra/rate-limiter';
import type { RealtimeNotifier } from '../../realtime/realtime-notifier';
import {
  findCredentialsByPhone,
  findProfile,
  insertCustomer,
  insertDriver,
  updatePasswordHash,
} from '../users/users.repository';
import type { OtpService } from './otp.service';
import { hashPassword, verifyPassword } from './password-hasher';
import type { ClientInfo, SessionsService } from './sessions.service';

/** Registration, the three ways to prove identity (password, SMS code, refresh token), and ending sessions. */
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionsService,
    private readonly otp: OtpService,
    private readonly limiter: RateLimiter,
    private readonly limits: Config['limits'],
    private readonly log: Pick<Logger, 'warn'>,
    private readonly realtime: RealtimeNotifier,
  ) {}

  async register(input: RegisterRequest, client: ClientInfo): Promise<AuthResponse> {
    const passwordHash = await hashPassword(input.password);
    const user =
      input.role === 'customer'
        ? await insertCustomer(this.db, {
            phone: input.phone,
            name: input.name,
            email: input.email ?? null,
            passwordHash,
            customerType: input.company ? 'B2B' : 'B2C',
            companyName: input.company?.name ?? null,
            companyTaxId: input.company?.taxId ?? null,
            companyAddress: input.company?.address ?? null,
          })
        : await insertDriver(this.db, {
            phone: input.phone,
            name: input.name,
            passwordHash,
            vehicleType: input.vehicle.type,
            vehiclePlate: input.vehicle.plate,
            vehicleCapacityKg: input.vehicle.capacityKg,
          });
    const pair = await this.sessions.start({ role: user.role, id: user.id }, client);
    return { user, ...pair };
  }

  async login(input: LoginRequest, client: ClientInfo): Promise<AuthResponse> {
    const rules = this.loginFailureRules(input.role, input.phone, client.ip);
    // Refuse before checking the password, identically for known and unknown phones.
    const gate = await this.limiter.peek(rules).catch((error: unknown) => {
      // Availability of login outweighs the limiter; argon2's cost still bounds guessing speed.
      this.log.warn({ err: error }, 'login limiter unavailable; continuing without it');
      return { allowed: true } as const;
    });
    if (!gate.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many failed attempts; try again later', {
        details: { retryAfterSeconds: gate.retryAfterSeconds },
        headers: { 'retry-after': String(gate.retryAfterSeconds) },
      });
    }
    const credentials = await findCredentialsByPhone(this.db, input.role, input.phone);
    const isValid = await verifyPassword(credentials?.passwordHash ?? null, input.password);
    if (!credentials || !isValid) {
      await Promise.all(rules.map((rule) => this.limiter.count(rule))).catch(() => undefined);
      throw new AppError('INVALID_CREDENTIALS', 'Phone number or password is incorrect');
    }
    await this.limiter.reset(rules[0]?.key ?? '').catch(() => undefined);
    return this.startSession({ role: input.role, id: credentials.id }, client);
  }

  requestLoginCode(role: SelfServiceRole, phone: string, ip: string): Promise<{ expiresInSeconds: number }> {
    return this.sendCode(role, phone, ip, 'LOGIN');
  }

  async verifyLoginCode(input: OtpVerify, client: ClientInfo): Promise<AuthResponse> {
    await this.otp.verify({ ...input, purpose: 'LOGIN', ip: client.ip });
    const credentials = await findCredentialsByPhone(this.db, input.role, input.phone);
    // A code is only ever created for an existing account; it may have been deleted since.
    if (!credentials) throw new AppError('OTP_INVALID', 'The code is wrong, expired or used up');
    return this.startSession({ role: input.role, id: credentials.id }, client);
  }

  refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken, client);
  }

  async logout(claims: AccessClaims, refreshToken?: string): Promise<void> {
    const sessionIds = await this.sessions.end(claims, refreshToken);
    // Only this session's sockets close: the same account signed in on another device stays connected.
    for (const sessionId of sessionIds) {
      try {
        await this.realtime.revokeSession(sessionId, 'logout');
      } catch (error) {
        this.log.warn(
          { err: error, userId: claims.sub },
          'could not disconnect the sockets of a logged-out session',
        );
      }
    }
  }

  async logoutAll(subject: UserRef): Promise<void> {
    await this.sessions.endAll(subject, 'logout-all');
    await this.disconnectSockets(subject, 'logout-all');
  }

  requestPasswordReset(role: Role, phone: string, ip: string): Promise<{ expiresInSeconds: number }> {
    return this.sendCode(role, phone, ip, 'PASSWORD_RESET');
  }

  /** Sets a new password and ends every session: whoever knew the old password is locked out at once. */
  async resetPassword(
    input: { role: Role; phone: string; code: string; newPassword: string },
    ip: string,
  ): Promise<void> {
    await this.otp.verify({
      role: input.role,
      phone: input.phone,
      code: input.code,
      purpose: 'PASSWORD_RESET',
      ip,
    });
    const credentials = await findCredentialsByPhone(this.db, input.role, input.phone);
    if (!credentials) throw new AppError('OTP_INVALID', 'The code is wrong, expired or used up');
    const passwordHash = await hashPassword(input.newPassword);
    await this.sessions.endAll({ role: input.role, id: credentials.id }, 'password reset', (tx) =>
      updatePasswordHash(tx, input.role, credentials.id, passwordHash),
    );
    await this.disconnectSockets({ role: input.role, id: credentials.id }, 'password reset');
  }

  // The tokens are already dead (checked again at every handshake); closing open sockets is best effort.
  private async disconnectSockets(subject: UserRef, reason: string): Promise<void> {
    try {
      await this.realtime.revokeUserSessions(subject.role, subject.id, reason);
    } catch (error) {
      this.log.warn({ err: error, userId: subject.id }, 'could not disconnect the sockets of a cut-off user');
    }
  }

  private async sendCode(role: Role, phone: string, ip: string, purpose: 'LOGIN' | 'PASSWORD_RESET') {
    const credentials = await findCredentialsByPhone(this.db, role, phone);
    return this.otp.send({
      role,
      phone,
      purpose,
      ip,
      accountExists: credentials !== null && !credentials.isDeactivated,
    });
  }

  private async startSession(subject: UserRef, client: ClientInfo): Promise<AuthResponse> {
    const pair = await this.sessions.start(subject, client);
    const user = await findProfile(this.db, subject.role, subject.id);
    if (!user) throw new AppError('INVALID_CREDENTIALS', 'Phone number or password is incorrect');
    return { user, ...pair };
  }

  private loginFailureRules(role: Role, phone: string, ip: string): LimitRule[] {
    const windowSeconds = this.limits.loginFailureWindowSeconds;
    return [
      {
        key: `rl:login-fail:phone:${role}:${phone}`,
        limit: this.limits.loginFailuresPerPhone,
        windowSeconds,
      },
      { key: `rl:login-fail:ip:${ip}`, limit: this.limits.loginFailuresPerIp, windowSeconds },
    ];
  }
}
