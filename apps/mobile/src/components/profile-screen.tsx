import { Button, Card, mutedText } from '@truck4u/ui';
import { Text } from 'react-native';
import { useI18n } from '../i18n/i18n-context';
import { useAppSession, useServices } from '../services/services-context';
import { LocaleSwitch } from './locale-switch';
import { Screen } from './screen';

/** Who is signed in, the language, and signing out (here or on every device). */
export function ProfileScreen() {
  const { t, m } = useI18n();
  const services = useServices();
  const { user } = useAppSession();
  if (!user) return null;
  return (
    <Screen title={m.profile}>
      <Card>
        <Text style={{ fontSize: 20, fontWeight: '700' }} testID="profile-name">
          {user.name}
        </Text>
        <Text style={mutedText}>{user.phone}</Text>
        <Text>
          {m.role} : {user.role === 'driver' ? t.auth.driver : t.auth.customer}
        </Text>
        {user.role === 'driver' ? (
          <Text>
            {m.vehicle} : {t.vehicle[user.vehicle.type]} · {user.vehicle.plate}
          </Text>
        ) : null}
      </Card>
      <Card>
        <LocaleSwitch />
      </Card>
      <Button
        label={t.common.logout}
        testID="logout"
        variant="secondary"
        onPress={() => void services.logout()}
      />
      <Button
        label={t.common.logoutAll}
        testID="logout-all"
        variant="ghost"
        onPress={() => void services.logout(true)}
      />
    </Screen>
  );
}
