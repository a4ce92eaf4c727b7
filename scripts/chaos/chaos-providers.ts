import { randomBytes } from 'node:crypto';
import { type FlouciStandIn, startFlouciStandIn } from '../../apps/api/src/providers/flouci/flouci-stand-in';
import {
  type ExpoPushStandIn,
  startExpoPushStandIn,
} from '../../apps/api/src/providers/push/expo-push-stand-in';
import { startTwilioStandIn, type TwilioStandIn } from '../../apps/api/src/providers/sms/twilio-stand-in';
import type { StandInFaultSwitch } from '../../apps/api/src/providers/stand-in-http';
import { TcpProxy } from './tcp-proxy';

/**
 * The outside services of the chaos world: the loopback stand-ins for Flouci, SMS (Twilio) and push (Expo),
 * the same ones dev and the api's tests use (apps/api/src/providers), run inside the orchestrator so the load
 * can read what each received and pay on Flouci's page. Every api and worker reaches each one through a TCP
 * proxy, so a provider can be taken off the network (connections reset, new ones refused: what the api sees of
 * a provider that died) while its own record survives, as a real provider's does; its fault switch makes it
 * answer 5xx or hold calls (what the api sees of a provider that is overloaded or paused).
 */
export type ProviderName = 'flouci' | 'sms' | 'push';

export const PROVIDER_NAMES: readonly ProviderName[] = ['flouci', 'sms', 'push'];

export interface Provider {
  name: ProviderName;
  link: TcpProxy;
  faults: StandInFaultSwitch;
}

export class ChaosProviders {
  private constructor(
    readonly flouci: FlouciStandIn,
    readonly sms: TwilioStandIn,
    readonly push: ExpoPushStandIn,
    readonly providers: Record<ProviderName, Provider>,
    private readonly secrets: { flouciToken: string; flouciSecret: string; smsSid: string; smsToken: string },
  ) {}

  static async start(): Promise<ChaosProviders> {
    const secrets = {
      flouciToken: `chaos-${randomBytes(8).toString('hex')}`,
      flouciSecret: randomBytes(32).toString('base64url'),
      smsSid: `AC${randomBytes(16).toString('hex')}`,
      smsToken: randomBytes(16).toString('hex'),
    };
    const flouci = await startFlouciStandIn({
      appToken: secrets.flouciToken,
      appSecret: secrets.flouciSecret,
    });
    const sms = await startTwilioStandIn({ accountSid: secrets.smsSid, authToken: secrets.smsToken });
    const push = await startExpoPushStandIn();
    const linkTo = async (name: ProviderName, url: string) => {
      const port = Number(new URL(url).port);
      const link = new TcpProxy(`→${name}`, () => [port]);
      await link.listen();
      return link;
    };
    const providers: Record<ProviderName, Provider> = {
      flouci: { name: 'flouci', link: await linkTo('flouci', flouci.url), faults: flouci.faults },
      sms: { name: 'sms', link: await linkTo('sms', sms.url), faults: sms.faults },
      push: { name: 'push', link: await linkTo('push', push.url), faults: push.faults },
    };
    return new ChaosProviders(flouci, sms, push, providers, secrets);
  }

  /** Where the apis and workers find the providers (through their links), and timeouts short enough to matter. */
  env(): Record<string, string> {
    const through = (name: ProviderName) => `http://127.0.0.1:${this.providers[name].link.port}`;
    return {
      FLOUCI_BASE_URL: through('flouci'),
      FLOUCI_APP_TOKEN: this.secrets.flouciToken,
      FLOUCI_APP_SECRET: this.secrets.flouciSecret,
      TWILIO_BASE_URL: through('sms'),
      TWILIO_ACCOUNT_SID: this.secrets.smsSid,
      TWILIO_AUTH_TOKEN: this.secrets.smsToken,
      EXPO_PUSH_BASE_URL: through('push'),
      // A hang longer than these is a timeout for the api, which is the case worth seeing.
      FLOUCI_TIMEOUT_MS: '3000',
      SMS_TIMEOUT_MS: '2000',
      PUSH_TIMEOUT_MS: '2000',
    };
  }

  /** Back to normal: on the network, no fault. */
  heal(): void {
    for (const p of Object.values(this.providers)) {
      p.link.restore();
      p.faults.set({ mode: 'none' });
    }
  }

  async close(): Promise<void> {
    this.heal();
    await Promise.all(Object.values(this.providers).map((p) => p.link.close().catch(() => {})));
    await Promise.all(
      [this.flouci.close(), this.sms.close(), this.push.close()].map((p) => p.catch(() => {})),
    );
  }
}
