import { useAction } from '@truck4u/logic/react';
import { Button, Card, Input, Notice, spacing } from '@truck4u/ui';
import { Link, useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { LocaleSwitch } from '../components/locale-switch';
import { RoleChoice, type SelfServiceRole } from '../components/role-choice';
import { Screen } from '../components/screen';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

export default function SignIn() {
  const { t, errorText } = useI18n();
  const services = useServices();
  const params = useLocalSearchParams<{ reason?: string }>();
  const [role, setRole] = useState<SelfServiceRole>('customer');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction(async () => {
    const auth = await services.api.auth.login({ role, phone: phone.trim(), password });
    await services.startSession(auth);
  });

  return (
    <Screen title={t.common.appName}>
      <Text style={styles.tagline}>{t.common.tagline}</Text>
      {params.reason ? (
        <Notice
          testID="session-ended"
          tone="warning"
          text={`${t.auth.sessionEnded} ${errorText(params.reason) ?? ''}`.trim()}
        />
      ) : null}
      <Card title={t.auth.loginTitle}>
        <RoleChoice value={role} onChange={setRole} />
        <Input
          label={t.auth.phone}
          hint={t.auth.phoneHint}
          value={phone}
          onChangeText={setPhone}
          keyboardType="phone-pad"
          autoComplete="tel"
          testID="login-phone"
        />
        <Input
          label={t.auth.password}
          value={password}
          onChangeText={setPassword}
          secureTextEntry
          autoComplete="current-password"
          testID="login-password"
          onSubmitEditing={() => void login.run()}
        />
        <Notice testID="login-error" text={errorText(login.error)} />
        <Button
          label={t.auth.submitLogin}
          testID="login-submit"
          loading={login.busy}
          disabled={phone.trim().length < 4 || password.length === 0}
          onPress={() => void login.run()}
        />
      </Card>
      <View style={styles.row}>
        <Text>{t.auth.noAccount}</Text>
        <Link href="/register" testID="go-register" style={styles.link}>
          {t.auth.registerTitle}
        </Link>
      </View>
      <LocaleSwitch />
    </Screen>
  );
}

const styles = StyleSheet.create({
  tagline: { fontSize: 16 },
  row: { flexDirection: 'row', gap: spacing.sm, alignItems: 'center', flexWrap: 'wrap' },
  link: { fontWeight: '700', textDecorationLine: 'underline', paddingVertical: spacing.sm },
});
