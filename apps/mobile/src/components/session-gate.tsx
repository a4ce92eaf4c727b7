import { colors } from '@truck4u/ui';
import { useRouter, useSegments } from 'expo-router';
import { type ReactNode, useEffect } from 'react';
import { ActivityIndicator, StyleSheet, View } from 'react-native';
import { useAppSession, useServices } from '../services/services-context';

const PUBLIC_ROUTES = new Set(['sign-in', 'register']);

/**
 * Sends each user where they belong: signed out (or revoked, wherever they were) to sign-in with the reason,
 * customers to /customer, drivers to /driver.
 */
export function SessionGate(props: { children: ReactNode }) {
  const services = useServices();
  const session = useAppSession();
  const segments = useSegments();
  const router = useRouter();
  const first: string | undefined = segments[0];

  useEffect(() => {
    void services.restore();
  }, [services]);

  useEffect(() => {
    if (session.status === 'unknown') return;
    const onPublic = first !== undefined && PUBLIC_ROUTES.has(first);
    if (session.status === 'signedOut') {
      if (!onPublic) {
        router.replace(
          session.endedReason
            ? { pathname: '/sign-in', params: { reason: session.endedReason } }
            : '/sign-in',
        );
      }
      return;
    }
    const role = session.user?.role;
    if (role !== 'customer' && role !== 'driver') {
      services.endSession('FORBIDDEN');
      return;
    }
    if (first !== role) router.replace(role === 'driver' ? '/driver' : '/customer');
  }, [session.status, session.user, session.endedReason, first, router, services]);

  if (session.status === 'unknown') {
    return (
      <View style={styles.center}>
        <ActivityIndicator size="large" color={colors.primary} />
      </View>
    );
  }
  return <>{props.children}</>;
}

const styles = StyleSheet.create({
  center: { flex: 1, alignItems: 'center', justifyContent: 'center', backgroundColor: colors.background },
});
