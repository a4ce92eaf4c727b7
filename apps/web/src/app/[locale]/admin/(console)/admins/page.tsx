'use client';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import type { AdminAccount, AdminRole } from '@truck4u/contracts';
import { ADMIN_ROLE_LIST, formatDate, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminOnly } from '@/components/admin/require-admin';
import { useAdminMe } from '@/components/admin/use-admin';
import { useErrorText } from '@/components/use-error-text';

function CreateAdminForm(props: { onCreated: (admin: AdminAccount) => void }) {
  const t = useTranslations('admin');
  const tAuth = useTranslations('auth');
  const errorText = useErrorText();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<AdminRole>('SUPPORT');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onCreated(await getAdminApi().admins.create({ name, phone, password, role }));
      setName('');
      setPhone('');
      setPassword('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="sm" radius="md" component="form" onSubmit={submit} aria-labelledby="create-admin">
      <Title order={3} size="h5" id="create-admin" mb="xs">
        {t('admins.create')}
      </Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('common.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextInput
          label={tAuth('phone')}
          type="tel"
          required
          dir="ltr"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
        />
        <PasswordInput
          label={t('admins.password')}
          required
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          w={200}
        />
        <Select
          label={t('admins.role')}
          data={ADMIN_ROLE_LIST.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => v && setRole(v as AdminRole)}
          allowDeselect={false}
          w={200}
        />
        <Button type="submit" loading={busy}>
          {t('admins.create')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" mt="sm">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function AdminsTable() {
  const t = useTranslations('admin');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const me = useAdminMe();
  const [rows, setRows] = useState<AdminAccount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRows((await getAdminApi().admins.list()).items);
    } catch (e) {
      setError(errorText(e));
    }
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);

  async function update(id: string, body: { role?: AdminRole; active?: boolean }) {
    setError(null);
    try {
      const saved = await getAdminApi().admins.update(id, body);
      setRows((list) => list.map((a) => (a.id === saved.id ? saved : a)));
      setNotice(t('common.done'));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <>
      <CreateAdminForm
        onCreated={(admin) => {
          setRows((list) => [admin, ...list]);
          setNotice(t('admins.created'));
        }}
      />
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('common.phone')}</Table.Th>
              <Table.Th>{t('admins.role')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((admin) => {
              const isMe = admin.id === me?.id;
              return (
                <Table.Tr key={admin.id} data-testid="admin-admin-row" data-admin-id={admin.id}>
                  <Table.Td>
                    {admin.name}
                    {isMe && ` (${t('admins.you')})`}
                    <div>
                      <small>{formatDate(admin.createdAt, locale)}</small>
                    </div>
                  </Table.Td>
                  <Table.Td dir="ltr">{admin.phone}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${t('admins.role')} — ${admin.name}`}
                      data={ADMIN_ROLE_LIST.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                      value={admin.role}
                      onChange={(v) =>
                        v && v !== admin.role && void update(admin.id, { role: v as AdminRole })
                      }
                      allowDeselect={false}
                      disabled={isMe}
                      w={200}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={admin.active ? 'green' : 'red'}>
                      {admin.active ? t('common.active') : t('common.suspended')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {!isMe && (
                      <Button
                        size="xs"
                        variant={admin.active ? 'light' : 'default'}
                        color={admin.active ? 'red' : undefined}
                        onClick={() => void update(admin.id, { active: !admin.active })}
                      >
                        {admin.active ? t('admins.deactivate') : t('common.activate')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

export default function AdminAdminsPage() {
  const t = useTranslations('admin.admins');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="admins.manage">
        <AdminsTable />
      </AdminOnly>
    </AdminPage>
  );
}
