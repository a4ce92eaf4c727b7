import { formatTnd, type QuickReply, type RideStatus } from '@truck4u/contracts';
import type { RealtimeEventName, RealtimePayload } from '../../realtime/realtime-notifier';

/** The words of a notification; the device token is added per device. */
export interface PushContent {
  title: string;
  body: string;
  /** For the app to open the right screen: the event name and the ride. */
  data: Record<string, string>;
}

// French, the app's default language: the api does not know which language a phone shows. The app opens the
// screen named in `data`, in the user's language, when the notification is tapped.
const STATUS_WORDS: Record<RideStatus, string> = {
  PENDING_BIDS: 'La course attend des offres',
  NO_DRIVERS_AVAILABLE: 'Aucun chauffeur disponible pour le moment',
  BID_ACCEPTED: 'Offre acceptée',
  DRIVER_ARRIVING: 'Le chauffeur est en route',
  PICKUP_ARRIVED: 'Le chauffeur est arrivé au chargement',
  LOADING: 'Chargement en cours',
  IN_TRANSIT: 'Marchandise en route',
  DROPOFF_ARRIVED: 'Le chauffeur est arrivé à destination',
  COMPLETED: 'Course terminée',
  CANCELLED: 'Course annulée',
};

export function rideRequestPush(payload: RealtimePayload<'ride:request'>): PushContent {
  const { ride } = payload;
  return {
    title: 'Nouvelle demande de course',
    body: `${ride.pickup.address} → ${ride.dropoff.address}`,
    data: { event: 'ride:request', rideId: ride.id },
  };
}

export function newBidPush(payload: RealtimePayload<'bid:new'>): PushContent {
  const { bid } = payload;
  return {
    title: 'Nouvelle offre',
    body: `${bid.driver.name} propose ${formatTnd(bid.price)}, arrivée en ${bid.etaMinutes} min`,
    data: { event: 'bid:new', rideId: bid.rideId, bidId: bid.id },
  };
}

export function bidAcceptedPush(payload: RealtimePayload<'bid:accepted'>): PushContent {
  const { ride, bid } = payload;
  return {
    title: 'Votre offre est acceptée',
    body: `${ride.pickup.address} → ${ride.dropoff.address}, ${formatTnd(bid.price)}`,
    data: { event: 'bid:accepted', rideId: ride.id, bidId: bid.id },
  };
}

export function rideStatusPush(payload: RealtimePayload<'ride:status'>): PushContent {
  return {
    title: STATUS_WORDS[payload.to],
    body: `${payload.ride.pickup.address} → ${payload.ride.dropoff.address}`,
    data: { event: 'ride:status', rideId: payload.rideId, status: payload.to },
  };
}

const QUICK_REPLY_WORDS: Record<QuickReply, string> = {
  ON_MY_WAY: 'Je suis en route',
  ARRIVED: 'Je suis arrivé',
  RUNNING_LATE: 'J’ai un peu de retard',
  CALL_ME: 'Appelez-moi',
  LOADING_DONE: 'Chargement terminé',
  THANK_YOU: 'Merci',
};

// A lock screen shows two lines or so; the whole message is in the app.
const CHAT_PREVIEW_CHARS = 140;

export function chatMessagePush(payload: RealtimePayload<'chat:message'>): PushContent {
  const { message } = payload;
  const text = message.quickReply ? QUICK_REPLY_WORDS[message.quickReply] : (message.text ?? '');
  return {
    title: message.senderRole === 'driver' ? 'Message du chauffeur' : 'Message du client',
    body: text.length > CHAT_PREVIEW_CHARS ? `${text.slice(0, CHAT_PREVIEW_CHARS - 1)}…` : text,
    data: { event: 'chat:message', rideId: payload.rideId, messageId: String(message.id) },
  };
}

/** Whether `event` sent to one user is also pushed to their phones when they have no socket. */
export function pushForUserEvent<E extends RealtimeEventName>(
  event: E,
  payload: RealtimePayload<E>,
): PushContent | null {
  switch (event) {
    case 'ride:request':
      return rideRequestPush(payload as RealtimePayload<'ride:request'>);
    case 'bid:new':
      return newBidPush(payload as RealtimePayload<'bid:new'>);
    case 'bid:accepted':
      return bidAcceptedPush(payload as RealtimePayload<'bid:accepted'>);
    default:
      return null;
  }
}
