/** One notification for one device. `data` reaches the app with it (the event name and ride id, to open the right screen). */
export interface PushMessage {
  to: string;
  title: string;
  body: string;
  data: Record<string, string>;
}

/** What the push service said about one message, in the order the messages were given. */
export type PushTicket =
  | { status: 'ok'; id: string }
  /** `deviceGone`: the token no longer reaches a device (uninstalled app, revoked permission); forget it. */
  | { status: 'error'; message: string; deviceGone: boolean };

/** Sends push notifications. The api only ever talks to this interface; see expo-push-client.ts. */
export interface PushSender {
  send(messages: PushMessage[]): Promise<PushTicket[]>;
}

export class PushDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PushDeliveryError';
  }
}
