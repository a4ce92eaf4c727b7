'use client';
import { Button, Group } from '@mantine/core';
import { useTranslations } from 'next-intl';

export type SelfRole = 'customer' | 'driver';

/** Customer or driver, as two toggle buttons (`login-role-<role>`). */
export function RoleChoice(props: { value: SelfRole; onChange: (role: SelfRole) => void }) {
  const t = useTranslations('auth');
  return (
    <Group grow gap="xs" role="radiogroup" aria-label={t('iAm')}>
      {(['customer', 'driver'] as const).map((role) => (
        <Button
          key={role}
          role="radio"
          aria-checked={props.value === role}
          variant={props.value === role ? 'filled' : 'default'}
          data-testid={`login-role-${role}`}
          onClick={() => props.onChange(role)}
        >
          {t(role)}
        </Button>
      ))}
    </Group>
  );
}
