/** Where a tapped notification opens: an expo-router path with its params. */
export interface NotificationTarget {
  pathname: string;
  params?: Record<string, string>;
}

type AppRole = 'customer' | 'driver';

/** Reads one string field of a notification's `data` (Expo hands it over as loosely typed JSON). */
function field(data: unknown, key: string): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The screen a tapped push opens for the signed-in role, from the `data` the api sends
 * (apps/api/src/modules/devices/push-messages.ts: `event`, `rideId`, and `role`, the account it was meant for).
 * Null keeps the user where the session gate puts them: an unknown event, a push for another account that
 * used this phone, or one that makes no sense for the role (a ride request shown to a customer).
 * The driver's ride screen finds the ride under way itself, so it needs no id.
 */
export function notificationTarget(data: unknown, role: AppRole): NotificationTarget | null {
  const event = field(data, 'event');
  const rideId = field(data, 'rideId');
  const meantFor = field(data, 'role');
  if (meantFor !== undefined && meantFor !== role) return null;
  const customerRide = (extra?: Record<string, string>): NotificationTarget | null =>
    rideId ? { pathname: '/customer/rides/[id]', params: { id: rideId, ...extra } } : null;

  switch (event) {
    case 'ride:request':
      // The dashboard reads the open requests when it mounts; `request` names the one that was tapped.
      return role === 'driver' && rideId ? { pathname: '/driver', params: { request: rideId } } : null;
    case 'bid:new':
      return role === 'customer' ? customerRide() : null;
    case 'bid:accepted':
    case 'ride:status':
      return role === 'driver' ? { pathname: '/driver/active' } : customerRide();
    case 'chat:message':
      return role === 'driver'
        ? { pathname: '/driver/active', params: { chat: '1' } }
        : customerRide({ chat: '1' });
    case 'document:status':
      // Reviewed, expiring or expired (apps/api/src/modules/documents): the driver's documents list.
      return role === 'driver' ? { pathname: '/driver/documents' } : null;
    default:
      return null;
  }
}
