'use client';
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, Suspense, useEffect, useState } from 'react';
import { Shell } from '@/components/app-shell';
import { PhonePasswordFields } from '@/components/phone-password-fields';
import { homeOf } from '@/components/require-role';
import { RoleChoice, type SelfRole } from '@/components/role-choice';
import { useErrorText } from '@/components/use-error-text';
import { useSession } from '@/components/use-session';
import { Link, useRouter } from '@/i18n/navigation';
import { getApi, startSession } from '@/lib/app-client';

function LoginForm() {
  const t = useTranslations();
  const errorText = useErrorText();
  const router = useRouter();
  const session = useSession();
  const reason = useSearchParams().get('reason');
  const [role, setRole] = useState<SelfRole>('customer');
  const [mode, setMode] = useState<'password' | 'sms'>('password');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session.status === 'signedIn' && session.user) router.replace(homeOf(session.user.role));
  }, [session.status, session.user, router]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      if (mode === 'password') {
        const user = await startSession('login', { role, phone, password });
        router.replace(homeOf(user.role));
      } else if (codeSent === null) {
        const sent = await getApi().auth.requestOtp({ role, phone });
        setCodeSent(Math.round(sent.expiresInSeconds / 60));
      } else {
        const user = await startSession('otp-verify', { role, phone, code });
        router.replace(homeOf(user.role));
      }
    });
  }

  return (
    <Container size={440} py="xl">
      <Paper withBorder shadow="sm" p="lg" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          <Title order={2}>{t('auth.loginTitle')}</Title>
          {reason && (
            <Alert color="orange" role="status">
              {errorText(reason)} {t('auth.sessionEnded')}
            </Alert>
          )}
          <RoleChoice value={role} onChange={setRole} />
          <SegmentedControl
            fullWidth
            value={mode}
            onChange={(v) => {
              setMode(v as 'password' | 'sms');
              setCodeSent(null);
            }}
            data={[
              { value: 'password', label: t('auth.withPassword') },
              { value: 'sms', label: t('auth.withSms') },
            ]}
          />
          <PhonePasswordFields
            phone={phone}
            onPhoneChange={setPhone}
            password={mode === 'password' ? password : null}
            onPasswordChange={setPassword}
          />
          {mode === 'sms' && codeSent !== null && (
            <>
              <Text size="sm" role="status">
                {t('auth.codeSent', { minutes: codeSent })}
              </Text>
              <TextInput
                label={t('auth.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                data-testid="login-code"
                dir="ltr"
              />
            </>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} data-testid="login-submit" size="md">
            {mode === 'password'
              ? t('auth.submitLogin')
              : codeSent === null
                ? t('auth.sendCode')
                : t('auth.verifyCode')}
          </Button>
          <Text size="sm">
            {t('auth.noAccount')}{' '}
            <Anchor component={Link} href="/register">
              {t('auth.registerTitle')}
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}

export default function LoginPage() {
  return (
    <Shell nav={[]}>
      <Suspense>
        <LoginForm />
      </Suspense>
    </Shell>
  );
}
