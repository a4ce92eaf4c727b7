import { PushDeliveryError, type PushMessage, type PushSender, type PushTicket } from './push-sender';

export interface ExpoPushOptions {
  baseUrl: string;
  /** Expo's access token, when the project requires one for sending. */
  accessToken?: string | undefined;
  timeoutMs: number;
}

/** Expo accepts at most this many messages per request. */
const MAX_MESSAGES_PER_REQUEST = 100;

interface ExpoTicket {
  status?: 'ok' | 'error';
  id?: string;
  message?: string;
  details?: { error?: string };
}

/**
 * Expo's push API (POST /--/api/v2/push/send, a JSON array of messages, one ticket back per message).
 * In dev and tests `baseUrl` points at the loopback stand-in, which speaks the same HTTP.
 */
export class ExpoPushClient implements PushSender {
  constructor(private readonly options: ExpoPushOptions) {}

  async send(messages: PushMessage[]): Promise<PushTicket[]> {
    const tickets: PushTicket[] = [];
    for (let i = 0; i < messages.length; i += MAX_MESSAGES_PER_REQUEST) {
      tickets.push(...(await this.sendChunk(messages.slice(i, i + MAX_MESSAGES_PER_REQUEST))));
    }
    return tickets;
  }

  private async sendChunk(messages: PushMessage[]): Promise<PushTicket[]> {
    const { baseUrl, accessToken, timeoutMs } = this.options;
    let response: Response;
    try {
      response = await fetch(new URL('/--/api/v2/push/send', baseUrl), {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        },
        body: JSON.stringify(
          messages.map((m) => ({
            to: m.to,
            title: m.title,
            body: m.body,
            data: m.data,
            sound: 'default',
            priority: 'high',
          })),
        ),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new PushDeliveryError('push service unreachable', { cause });
    }
    const payload = (await response.json().catch(() => null)) as {
      data?: ExpoTicket[];
      errors?: { code?: string; message?: string }[];
    } | null;
    const data = payload?.data;
    if (!response.ok || !Array.isArray(data) || data.length !== messages.length) {
      const reason = payload?.errors?.[0]?.message ?? 'no tickets';
      throw new PushDeliveryError(`push service refused the messages (${response.status}): ${reason}`);
    }
    return data.map((ticket): PushTicket => {
      if (ticket.status === 'ok' && ticket.id) return { status: 'ok', id: ticket.id };
      return {
        status: 'error',
        message: ticket.message ?? 'push refused',
        deviceGone: ticket.details?.error === 'DeviceNotRegistered',
      };
    });
  }
}
