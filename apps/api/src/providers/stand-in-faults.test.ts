import { afterEach, describe, expect, it } from 'vitest';
import { startFlouciStandIn } from './flouci/flouci-stand-in';
import { startExpoPushStandIn } from './push/expo-push-stand-in';
import { SmsDeliveryError } from './sms/sms-sender';
import { TwilioSmsSender } from './sms/twilio-sms-sender';
import { startTwilioStandIn } from './sms/twilio-stand-in';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function twilio() {
  const standIn = await startTwilioStandIn({ accountSid: 'ACtest', authToken: 'token' });
  closers.push(standIn.close);
  const sender = (timeoutMs = 2_000) =>
    new TwilioSmsSender({
      baseUrl: standIn.url,
      accountSid: 'ACtest',
      authToken: 'token',
      from: '+216',
      timeoutMs,
    });
  return { standIn, sender };
}

const setFault = (url: string, fault: unknown) =>
  fetch(`${url}/__stand-in/fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });

describe('stand-in fault switch', () => {
  it('is off by default: the SMS stand-in delivers', async () => {
    const { standIn, sender } = await twilio();
    await sender().send({ to: '+21620000001', body: 'hello' });
    expect(standIn.messagesTo('+21620000001')).toHaveLength(1);
  });

  it('answers 5xx while set over HTTP, keeps its reads answering, and delivers again once cleared', async () => {
    const { standIn, sender } = await twilio();
    expect((await setFault(standIn.url, { mode: 'error', status: 503 })).status).toBe(200);
    await expect(sender().send({ to: '+21620000002', body: 'lost' })).rejects.toBeInstanceOf(
      SmsDeliveryError,
    );
    const read = await fetch(`${standIn.url}/__stand-in/messages`);
    expect(read.status).toBe(200);
    expect(standIn.messages).toHaveLength(0);
    await setFault(standIn.url, { mode: 'none' });
    await sender().send({ to: '+21620000002', body: 'found' });
    expect(standIn.messagesTo('+21620000002').map((m) => m.body)).toEqual(['found']);
  });

  it('hangs: the caller times out, and the held call goes through once the hang is lifted', async () => {
    const { standIn, sender } = await twilio();
    standIn.faults.set({ mode: 'hang', ms: 60_000 });
    await expect(sender(150).send({ to: '+21620000003', body: 'slow' })).rejects.toBeInstanceOf(
      SmsDeliveryError,
    );
    expect(standIn.messages).toHaveLength(0);
    standIn.faults.set({ mode: 'none' });
    await expect.poll(() => standIn.messagesTo('+21620000003').length).toBe(1);
  });

  it('refuses a fault it cannot play', async () => {
    const { standIn } = await twilio();
    expect((await setFault(standIn.url, { mode: 'error', status: 200 })).status).toBe(400);
    expect(standIn.faults.current).toEqual({ mode: 'none' });
  });

  it('Flouci and push stand-ins answer 5xx in their own error shape while faulted', async () => {
    const flouci = await startFlouciStandIn({ appToken: 't', appSecret: 's' });
    closers.push(flouci.close);
    const push = await startExpoPushStandIn();
    closers.push(push.close);
    flouci.faults.set({ mode: 'error', status: 502 });
    push.faults.set({ mode: 'error', status: 500 });
    const generated = await fetch(`${flouci.url}/api/generate_payment`, { method: 'POST', body: '{}' });
    expect(generated.status).toBe(502);
    expect(await generated.json()).toMatchObject({ success: false });
    const sent = await fetch(`${push.url}/--/api/v2/push/send`, {
      method: 'POST',
      body: JSON.stringify({ to: 'ExpoPushToken[x]', title: 't', body: 'b' }),
    });
    expect(sent.status).toBe(500);
    expect(push.pushes).toHaveLength(0);
  });
});
