import { SmsDeliveryError, type SmsSender } from './sms-sender';

export interface TwilioOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  timeoutMs: number;
}

/**
 * Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, basic auth).
 * In dev and tests `baseUrl` points at the loopback stand-in, which speaks the same HTTP.
 */
export class TwilioSmsSender implements SmsSender {
  constructor(private readonly options: TwilioOptions) {}

  async send(message: { to: string; body: string }): Promise<{ providerMessageId: string }> {
    const { baseUrl, accountSid, authToken, from, timeoutMs } = this.options;
    const url = new URL(`/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: message.to, From: from, Body: message.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new SmsDeliveryError('SMS provider unreachable', { cause });
    }
    const payload = (await response.json().catch(() => null)) as { sid?: string; message?: string } | null;
    if (!response.ok || !payload?.sid) {
      throw new SmsDeliveryError(
        `SMS provider refused the message (${response.status}): ${payload?.message ?? 'no body'}`,
      );
    }
    return { providerMessageId: payload.sid };
  }
}
