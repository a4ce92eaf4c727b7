/** Sends text messages. The api only ever talks to this interface; see twilio-sms-sender.ts. */
export interface SmsSender {
  send(message: { to: string; body: string }): Promise<{ providerMessageId: string }>;
}

export class SmsDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SmsDeliveryError';
  }
}
