import type { DriverDocuments } from '@truck4u/contracts';
import { drivers } from '@truck4u/database';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  approveAllDocuments,
  documentBody,
  reviewDocument,
  submitDocument,
  tunisDay,
} from '#test/document-fixtures';
import { loginAdmin, registerDriver, type TestAccount } from '#test/factories';
import { call } from '#test/http-client';
import { createTestEnvironment, type TestEnvironment } from '#test/test-environment';
import type { PushMessage, PushSender, PushTicket } from '../../providers/push/push-sender';
import { TwilioSmsSender } from '../../providers/sms/twilio-sms-sender';
import { SmsNotificationSender } from '../notifications/notification-sender';
import { DocumentExpiryService } from './document-expiry.service';
import { DocumentNotifier } from './document-notifier';

/** The push provider's side of the wire: records what was sent (the Expo client has its own tests). */
class RecordingPushSender implements PushSender {
  readonly sent: PushMessage[] = [];
  async send(messages: PushMessage[]): Promise<PushTicket[]> {
    this.sent.push(...messages);
    return messages.map((_, i) => ({ status: 'ok', id: String(i) }));
  }
}

let env: TestEnvironment;
let admin: TestAccount;
let sweeper: DocumentExpiryService;
let push: RecordingPushSender;
const silent = { warn: () => {}, error: () => {}, info: () => {} };

beforeAll(async () => {
  env = await createTestEnvironment();
  admin = await loginAdmin(env);
  push = new RecordingPushSender();
  const notifications = new SmsNotificationSender(
    env.database.db,
    new TwilioSmsSender(env.config.sms),
    silent,
  );
  sweeper = new DocumentExpiryService(
    env.database.db,
    new DocumentNotifier(env.database.db, notifications, push, silent),
    { toUser: async () => {} },
    env.clock,
    silent,
  );
});
afterEach(() => env.clock.release());
afterAll(async () => env?.close());

const goOnline = (driver: TestAccount, online = true) =>
  call(env.app, 'PATCH', '/api/drivers/me/availability', { token: driver.accessToken, body: { online } });
const smsTo = (driver: TestAccount) => env.sms.messagesTo(driver.phone).map((m) => m.body);
/** Pins the clock `days` after the real today, at noon Tunis time. */
const pinDay = (days: number) => {
  env.clock.release();
  env.clock.pin(`${tunisDay(env, days)}T11:00:00Z`);
};

/** A verified driver (five approved documents) whose insurance expires `days` from today. */
async function driverWithInsuranceExpiringIn(days: number) {
  const driver = await registerDriver(env);
  await approveAllDocuments(env, driver, admin);
  const insurance = await submitDocument(env, driver, {
    kind: 'INSURANCE',
    number: 'STAR-9',
    expiresAt: tunisDay(env, days),
  });
  expect((await reviewDocument(env, admin, insurance.id, { approved: true })).status).toBe(200);
  return { driver, insurance };
}

describe('document expiry sweep', () => {
  it('reminds 30, 7 and 1 days before, each once, by SMS and push, across repeated and concurrent runs', async () => {
    const { driver, insurance } = await driverWithInsuranceExpiringIn(40);
    await call(env.app, 'POST', '/api/me/devices', {
      token: driver.accessToken,
      body: { token: 'ExponentPushToken[documents-test]', platform: 'android' },
    });
    const reminders = () => smsTo(driver).filter((text) => text.includes('expire le'));

    pinDay(5); // 35 days left: nothing yet
    await sweeper.sweep();
    expect(reminders()).toEqual([]);

    pinDay(10); // 30 days left
    await Promise.all([sweeper.sweep(), sweeper.sweep()]);
    await sweeper.sweep();
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]).toContain('dans 30 jours');
    expect(reminders()[0]).toContain(insurance.expiresAt ?? 'missing');

    pinDay(20); // 20 days left: the 30-day one was sent, the 7-day one is not due
    await sweeper.sweep();
    expect(reminders()).toHaveLength(1);

    pinDay(34); // 6 days left
    await sweeper.sweep();
    await sweeper.sweep();
    pinDay(39); // its last day but one
    await sweeper.sweep();
    pinDay(40); // its last day: still valid, the 1-day reminder was already sent
    await sweeper.sweep();
    expect(reminders().map((text) => text.match(/dans (\d+) jour/)?.[1])).toEqual(['30', '7', '1']);
    const pushed = push.sent.filter((m) => m.to === 'ExponentPushToken[documents-test]');
    expect(pushed.map((m) => m.title)).toEqual(Array(3).fill('Document bientôt expiré'));
    expect((await goOnline(driver)).status).toBe(200);
  });

  it('sends only the reminder due, not the larger ones, for a document approved close to its expiry', async () => {
    const { driver } = await driverWithInsuranceExpiringIn(5);
    await sweeper.sweep();
    await sweeper.sweep();
    expect(smsTo(driver).filter((text) => text.includes('expire le'))).toEqual([
      expect.stringContaining('dans 7 jours'),
    ]);
  });

  it('marks an expired document EXPIRED, takes the driver offline and keeps them off until a new one is approved', async () => {
    const { driver, insurance } = await driverWithInsuranceExpiringIn(2);
    expect((await goOnline(driver)).status).toBe(200);

    pinDay(3); // the day after its expiry day
    const swept = await sweeper.sweep();
    expect(swept.expired).toBe(1);
    await sweeper.sweep();
    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    expect(row).toMatchObject({
      isOnline: false,
      expiredDocumentKinds: ['INSURANCE'],
      verificationStatus: 'VERIFIED',
    });

    const list = await call<DriverDocuments>(env.app, 'GET', '/api/drivers/me/documents', {
      token: driver.accessToken,
    });
    expect(list.body.items.find((d) => d.id === insurance.id)).toMatchObject({
      status: 'EXPIRED',
      reason: `Expired on ${insurance.expiresAt}`,
    });
    expect(list.body.missing).toEqual(['INSURANCE']);
    expect(smsTo(driver).filter((text) => text.includes('a expiré'))).toHaveLength(1);

    const refused = await goOnline(driver);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DOCUMENT_EXPIRED', details: { kind: 'INSURANCE' } });
    expect(refused.body.error.message).toContain('INSURANCE');

    // A new submission alone does not lift the block; its approval does.
    const renewed = await submitDocument(env, driver, {
      ...documentBody(env, 'INSURANCE'),
      expiresAt: tunisDay(env, 400),
    });
    expect((await goOnline(driver)).body.error.code).toBe('DOCUMENT_EXPIRED');
    expect((await reviewDocument(env, admin, renewed.id, { approved: true })).status).toBe(200);
    expect((await goOnline(driver)).status).toBe(200);
  });

  it('expires a pending document past its date: it can no longer be approved', async () => {
    const driver = await registerDriver(env);
    const doc = await submitDocument(env, driver, {
      kind: 'TECHNICAL_INSPECTION',
      expiresAt: tunisDay(env, 1),
    });
    pinDay(2);
    const early = await reviewDocument(env, admin, doc.id, { approved: true });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('DOCUMENT_EXPIRED');
    await sweeper.sweep();
    const review = await reviewDocument(env, admin, doc.id, { approved: true });
    expect(review.status).toBe(409);
    const [row] = await env.database.db.select().from(drivers).where(eq(drivers.id, driver.user.id));
    // It was never approved: nothing to block, and no expiry notice.
    expect(row?.expiredDocumentKinds).toEqual([]);
    expect(smsTo(driver).filter((text) => text.includes('a expiré'))).toEqual([]);
  });
});
