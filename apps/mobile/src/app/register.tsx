import type { VehicleType } from '@truck4u/contracts';
import { formatWeight, VEHICLE_CAPACITY_KG, VEHICLE_TYPE_LIST } from '@truck4u/logic';
import { useAction } from '@truck4u/logic/react';
import { Button, Card, ChoiceChips, Input, Notice, spacing } from '@truck4u/ui';
import { Link } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';
import { LocaleSwitch } from '../components/locale-switch';
import { RoleChoice, type SelfServiceRole } from '../components/role-choice';
import { Screen } from '../components/screen';
import { useI18n } from '../i18n/i18n-context';
import { useServices } from '../services/services-context';

export default function Register() {
  const { t, locale, errorText, format } = useI18n();
  const services = useServices();
  const [role, setRole] = useState<SelfServiceRole>('customer');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [vehicleType, setVehicleType] = useState<VehicleType>('SMALL_VAN');
  const [plate, setPlate] = useState('');
  const [capacity, setCapacity] = useState(String(VEHICLE_CAPACITY_KG.SMALL_VAN));

  const register = useAction(async () => {
    const common = { phone: phone.trim(), password, name: name.trim() };
    const auth = await services.api.auth.register(
      role === 'driver'
        ? {
            ...common,
            role,
            vehicle: {
              type: vehicleType,
              plate: plate.trim(),
              capacityKg: Number.parseInt(capacity, 10) || 0,
            },
          }
        : { ...common, role },
    );
    await services.startSession(auth);
  });

  return (
    <Screen title={t.auth.registerTitle}>
      <Card>
        <RoleChoice value={role} onChange={setRole} />
        <Input
          label={t.auth.name}
          value={name}
          onChangeText={setName}
          autoComplete="name"
          testID="register-name"
        />
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
          autoComplete="new-password"
          testID="login-password"
        />
        {role === 'driver' ? (
          <>
            <ChoiceChips
              label={t.auth.vehicleType}
              value={vehicleType}
              onChange={(type) => {
                setVehicleType(type);
                setCapacity(String(VEHICLE_CAPACITY_KG[type]));
              }}
              choices={VEHICLE_TYPE_LIST.map((type) => ({
                value: type,
                label: t.vehicle[type],
                hint: format(t.vehicle.capacity, { kg: formatWeight(VEHICLE_CAPACITY_KG[type], locale) }),
                testID: `vehicle-${type}`,
              }))}
            />
            <Input label={t.auth.plate} value={plate} onChangeText={setPlate} testID="register-plate" />
            <Input
              label={t.auth.capacityKg}
              value={capacity}
              onChangeText={setCapacity}
              keyboardType="number-pad"
              testID="register-capacity"
            />
          </>
        ) : null}
        <Notice testID="register-error" text={errorText(register.error)} />
        <Button
          label={t.auth.submitRegister}
          testID="register-submit"
          loading={register.busy}
          onPress={() => void register.run()}
        />
      </Card>
      <View style={styles.row}>
        <Text>{t.auth.haveAccount}</Text>
        <Link href="/sign-in" style={styles.link}>
          {t.auth.loginTitle}
        </Link>
      </View>
      <LocaleSwitch />
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', gap: spacing.sm, alignItems: 'center', flexWrap: 'wrap' },
  link: { fontWeight: '700', textDecorationLine: 'underline', paddingVertical: spacing.sm },
});
