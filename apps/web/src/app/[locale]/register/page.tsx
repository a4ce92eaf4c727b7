'use client';
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Container,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { VehicleType } from '@truck4u/contracts';
import { VEHICLE_CAPACITY_KG, VEHICLE_TYPE_LIST } from '@truck4u/logic';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Shell } from '@/components/app-shell';
import { PhonePasswordFields } from '@/components/phone-password-fields';
import { homeOf } from '@/components/require-role';
import { RoleChoice, type SelfRole } from '@/components/role-choice';
import { useErrorText } from '@/components/use-error-text';
import { Link, useRouter } from '@/i18n/navigation';
import { startSession } from '@/lib/app-client';

export default function RegisterPage() {
  const t = useTranslations();
  const errorText = useErrorText();
  const router = useRouter();
  const [role, setRole] = useState<SelfRole>('customer');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [isBusiness, setIsBusiness] = useState(false);
  const [companyName, setCompanyName] = useState('');
  const [taxId, setTaxId] = useState('');
  const [vehicleType, setVehicleType] = useState<VehicleType>('SMALL_VAN');
  const [plate, setPlate] = useState('');
  const [capacityKg, setCapacityKg] = useState<number>(VEHICLE_CAPACITY_KG.SMALL_VAN);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body =
        role === 'driver'
          ? { role, name, phone, password, vehicle: { type: vehicleType, plate, capacityKg } }
          : {
              role,
              name,
              phone,
              password,
              ...(isBusiness ? { company: { name: companyName, ...(taxId ? { taxId } : {}) } } : {}),
            };
      const user = await startSession('register', body);
      router.replace(homeOf(user.role));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Shell nav={[]}>
      <Container size={480} py="xl">
        <Paper withBorder shadow="sm" p="lg" radius="md" component="form" onSubmit={submit}>
          <Stack>
            <Title order={2}>{t('auth.registerTitle')}</Title>
            <RoleChoice value={role} onChange={setRole} />
            <TextInput
              label={t('auth.name')}
              autoComplete="name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-testid="register-name"
            />
            <PhonePasswordFields
              phone={phone}
              onPhoneChange={setPhone}
              password={password}
              onPasswordChange={setPassword}
              isNewPassword
            />
            {role === 'customer' ? (
              <>
                <Checkbox
                  label={t('auth.business')}
                  checked={isBusiness}
                  onChange={(e) => setIsBusiness(e.currentTarget.checked)}
                />
                {isBusiness && (
                  <>
                    <TextInput
                      label={t('auth.companyName')}
                      required
                      value={companyName}
                      onChange={(e) => setCompanyName(e.currentTarget.value)}
                    />
                    <TextInput
                      label={t('auth.taxId')}
                      value={taxId}
                      onChange={(e) => setTaxId(e.currentTarget.value)}
                    />
                  </>
                )}
              </>
            ) : (
              <>
                <NativeSelect
                  label={t('auth.vehicleType')}
                  value={vehicleType}
                  onChange={(e) => {
                    const type = e.currentTarget.value as VehicleType;
                    setVehicleType(type);
                    setCapacityKg(VEHICLE_CAPACITY_KG[type]);
                  }}
                  data={VEHICLE_TYPE_LIST.map((type) => ({ value: type, label: t(`vehicle.${type}`) }))}
                  data-testid="register-vehicle-type"
                />
                <TextInput
                  label={t('auth.plate')}
                  required
                  value={plate}
                  onChange={(e) => setPlate(e.currentTarget.value)}
                  data-testid="register-plate"
                  dir="ltr"
                />
                <NumberInput
                  label={t('auth.capacityKg')}
                  min={1}
                  max={60_000}
                  value={capacityKg}
                  onChange={(v) => setCapacityKg(Number(v) || 0)}
                />
              </>
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} data-testid="register-submit" size="md">
              {t('auth.submitRegister')}
            </Button>
            <Text size="sm">
              {t('auth.haveAccount')}{' '}
              <Anchor component={Link} href="/login">
                {t('auth.loginTitle')}
              </Anchor>
            </Text>
          </Stack>
        </Paper>
      </Container>
    </Shell>
  );
}
