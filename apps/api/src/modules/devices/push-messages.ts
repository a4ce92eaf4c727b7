import { formatTnd, type RideStatus } from '@truck4u/contracts';
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
