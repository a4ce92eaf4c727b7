'use client';
import { Alert, Button, Checkbox, NumberInput, Table, Text } from '@mantine/core';
import type { Commission } from '@truck4u/contracts';
import { formatDateTime, type Locale } from '@truck4u/logic';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { getAdminApi } from '@/components/admin/admin-client';
import { AdminPage } from '@/components/admin/admin-page';
import { AdminOnly } from '@/components/admin/require-admin';
import { useAdminMay } from '@/components/admin/use-admin';
import { useErrorText } from '@/components/use-error-text';

/** One governorate's rate, typed in percent (15 or 12.5) and sent in basis points (1500, 1250). */
function CommissionRow(props: {
  commission: Commission;
  editable: boolean;
  onSaved: (c: Commission) => void;
}) {
  const t = useTranslations('admin.commissions');
  const tCommon = useTranslations('common');
  const locale = useLocale() as Locale;
  const errorText = useErrorText();
  const [percent, setPercent] = useState<number | string>(props.commission.rateBps / 100);
  const [isActive, setActive] = useState(props.commission.isActive);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rateBps = Math.round(Number(percent) * 100);
  const changed = rateBps !== props.commission.rateBps || isActive !== props.commission.isActive;
  const { name, governorate } = props.commission;

  async function save() {
    setBusy(true);
    setError(null);
    try {
      props.onSaved(await getAdminApi().commissions.update(governorate, { rateBps, isActive }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Table.Tr data-testid="admin-commission-row" data-governorate={governorate}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {name}
        </Text>
        <Text size="xs" c="dimmed">
          {governorate}
        </Text>
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`${t('rate')} — ${name}`}
          value={percent}
          onChange={setPercent}
          min={0}
          max={30}
          step={0.5}
          decimalScale={2}
          suffix=" %"
          w={110}
          disabled={!props.editable}
          error={error ?? undefined}
        />
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={`${t('enabled')} — ${name}`}
          checked={isActive}
          onChange={(e) => setActive(e.currentTarget.checked)}
          disabled={!props.editable}
        />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {formatDateTime(props.commission.updatedAt, locale)}
        </Text>
      </Table.Td>
      <Table.Td>
        {props.editable && (
          <Button size="xs" disabled={!changed} loading={busy} onClick={() => void save()}>
            {tCommon('save')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function CommissionsTable() {
  const t = useTranslations('admin');
  const errorText = useErrorText();
  const editable = useAdminMay('commissions.write');
  const [rows, setRows] = useState<Commission[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    getAdminApi()
      .commissions.list()
      .then((list) => setRows(list.items))
      .catch((e: unknown) => setError(errorText(e)));
  }, [errorText]);

  return (
    <>
      <Text size="sm" c="dimmed">
        {t('commissions.hint')}
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={620}>
        <Table striped verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('rides.governorate')}</Table.Th>
              <Table.Th>{t('commissions.rate')}</Table.Th>
              <Table.Th>{t('commissions.enabled')}</Table.Th>
              <Table.Th>{t('common.when')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows?.map((commission) => (
              <CommissionRow
                key={`${commission.governorate}-${commission.updatedAt}`}
                commission={commission}
                editable={editable}
                onSaved={(saved) => {
                  setRows(
                    (list) => list?.map((c) => (c.governorate === saved.governorate ? saved : c)) ?? null,
                  );
                  setNotice(t('commissions.saved', { name: saved.name }));
                }}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

export default function AdminCommissionsPage() {
  const t = useTranslations('admin.commissions');
  return (
    <AdminPage title={t('title')}>
      <AdminOnly action="commissions.read">
        <CommissionsTable />
      </AdminOnly>
    </AdminPage>
  );
}
