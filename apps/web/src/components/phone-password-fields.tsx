'use client';
import { PasswordInput, TextInput } from '@mantine/core';
import { useTranslations } from 'next-intl';

/**
 * The phone number and password fields of the login and registration forms, with the hooks tests use
 * (`login-phone`, `login-password`). `password: null` leaves the password out (SMS-code login).
 */
export function PhonePasswordFields(props: {
  phone: string;
  onPhoneChange: (phone: string) => void;
  password: string | null;
  onPasswordChange: (password: string) => void;
  /** A new account's password (browser suggestions, at least 8 characters) or an existing one. */
  isNewPassword?: boolean;
}) {
  const t = useTranslations('auth');
  return (
    <>
      <TextInput
        label={t('phone')}
        description={t('phoneHint')}
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        required
        value={props.phone}
        onChange={(e) => props.onPhoneChange(e.currentTarget.value)}
        data-testid="login-phone"
        dir="ltr"
      />
      {props.password !== null && (
        <PasswordInput
          label={t('password')}
          autoComplete={props.isNewPassword ? 'new-password' : 'current-password'}
          required
          minLength={props.isNewPassword ? 8 : undefined}
          value={props.password}
          onChange={(e) => props.onPasswordChange(e.currentTarget.value)}
          data-testid="login-password"
        />
      )}
    </>
  );
}
