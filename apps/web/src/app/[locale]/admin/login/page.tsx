'use client';
import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, Suspense, useEffect, useState } from 'react';
import { Shell } from '@/components/app-shell';
import { homeOf } from '@/components/require-role';
import { useErrorText } from '@/components/use-error-text';
import { useSession } from '@/components/use-session';
import { Link, useRouter } from '@/i18n/navigation';
import { startSession } from '@/lib/app-client';

/**
 * The admins' own sign-in: admins are not a self-service role, so the public login keeps its two choices and
 * the console has this page. Same session route handler, so the refresh token stays in the httpOnly cookie.
 */
function AdminLoginForm() {
  const t = useTranslations();
  const errorText = useErrorText();
  const router = useRouter();
  const session = useSession();
  const reason = useSearchParams().get('reason');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session.status === 'signedIn' && session.user) router.replace(homeOf(session.user.role));
  }, [session.status, session.user, router]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    startSession('login', { role: 'admin', phone, password })
      .then((user) => router.replace(homeOf(user.role)))
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  }

  return (
    <Container size={440} py="xl">
      <Paper withBorder shadow="sm" p="lg" radius="md" component="form" onSubmit={submit} noValidate>
        <Stack>
          <Title order={2}>{t('admin.login.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('admin.login.intro')}
          </Text>
          {reason && (
            <Alert color="orange" role="status">
              {errorText(reason)} {t('auth.sessionEnded')}
            </Alert>
          )}
          <TextInput
            label={t('auth.phone')}
            type="tel"
            autoComplete="username"
            inputMode="tel"
            required
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            data-testid="login-phone"
            dir="ltr"
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} data-testid="login-submit" size="md">
            {t('auth.submitLogin')}
          </Button>
          <Text size="sm">
            {t('admin.login.customerLogin')}{' '}
            <Anchor component={Link} href="/login">
              {t('auth.loginTitle')}
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}

export default function AdminLoginPage() {
  return (
    <Shell nav={[]}>
      <Suspense>
        <AdminLoginForm />
      </Suspense>
    </Shell>
  );
}
