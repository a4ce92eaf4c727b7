'use client';
import { Badge, Group, Stack, Title } from '@mantine/core';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { useAdminMe } from './use-admin';

/** A console page: its title, the signed-in admin's role, then the content. */
export function AdminPage(props: { title: string; actions?: ReactNode; children: ReactNode }) {
  const t = useTranslations('admin.roles');
  const me = useAdminMe();
  return (
    <Stack gap="md" maw={1400}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm">
          <Title order={2}>{props.title}</Title>
          {me && (
            <Badge variant="light" color="indigo" data-testid="admin-role" data-role={me.role}>
              {t(me.role)}
            </Badge>
          )}
        </Group>
        {props.actions}
      </Group>
      {props.children}
    </Stack>
  );
}
