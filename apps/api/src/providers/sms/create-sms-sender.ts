import type { Config } from '../../config/config';
import type { SmsSender } from './sms-sender';
import { TwilioSmsSender } from './twilio-sms-sender';

export function createSmsSender(config: Config['sms']): SmsSender {
  switch (config.provider) {
    case 'twilio':
      return new TwilioSmsSender(config);
  }
}
