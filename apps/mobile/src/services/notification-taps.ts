import * as Notifications from 'expo-notifications';
import { useRouter, useSegments } from 'expo-router';
import { useEffect, useRef, useState } from 'react';
import { Platform } from 'react-native';
import { notificationTarget } from './notification-routing';
import { useAppSession } from './services-context';

/** One tap on a notification: its id (the same tap can be reported twice) and the `data` the api sent. */
export interface NotificationTap {
  id: string;
  data: unknown;
}

/** Where taps come from: expo-notifications on phones, a stand-in in tests. */
export interface NotificationTapSource {
  /** The tap that launched the app (cold start), if any. */
  last(): Promise<NotificationTap | null>;
  /** Every tap while the app runs; returns the unsubscribe. */
  subscribe(listener: (tap: NotificationTap) => void): () => void;
}

function tapOf(response: Notifications.NotificationResponse): NotificationTap {
  return { id: response.notification.request.identifier, data: response.notification.request.content.data };
}

/** Taps as expo-notifications reports them; the web export gets no pushes and reports none. */
export const expoNotificationTaps: NotificationTapSource =
  Platform.OS === 'ios' || Platform.OS === 'android'
    ? {
        async last() {
          const response = await Notifications.getLastNotificationResponseAsync();
          return response ? tapOf(response) : null;
        },
        subscribe(listener) {
          const subscription = Notifications.addNotificationResponseReceivedListener((response) =>
            listener(tapOf(response)),
          );
          return () => subscription.remove();
        },
      }
    : { last: async () => null, subscribe: () => () => undefined };

/**
 * Opens the screen a tapped notification is about (services/notification-routing.ts). Rendered inside the
 * session gate: a tap made while signed out waits for the sign-in, and the navigation waits until the gate
 * has put the user in their role's area, or the gate's own redirect (run after this component's effects)
 * would replace it.
 */
export function NotificationTapRouter(props: { source: NotificationTapSource }): null {
  const session = useAppSession();
  const segments = useSegments();
  const router = useRouter();
  const [pending, setPending] = useState<NotificationTap | null>(null);
  // The cold-start tap is also the "last response" on every later read, and may reach the listener too.
  const handled = useRef(new Set<string>());
  const area: string | undefined = segments[0];

  useEffect(() => {
    let mounted = true;
    const take = (tap: NotificationTap) => {
      if (!mounted || handled.current.has(tap.id)) return;
      handled.current.add(tap.id);
      setPending(tap);
    };
    props.source
      .last()
      .then((tap) => {
        if (tap) take(tap);
      })
      .catch(() => undefined);
    const unsubscribe = props.source.subscribe(take);
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, [props.source]);

  useEffect(() => {
    if (!pending || session.status !== 'signedIn') return;
    const role = session.user?.role;
    if (role !== 'customer' && role !== 'driver') {
      setPending(null);
      return;
    }
    if (area !== role) return;
    setPending(null);
    const target = notificationTarget(pending.data, role);
    if (target) router.navigate(target as Parameters<typeof router.navigate>[0]);
  }, [pending, session.status, session.user, area, router]);

  return null;
}
