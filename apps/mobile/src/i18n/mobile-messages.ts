import type { Locale } from '@truck4u/logic';

// Words only the phone app shows. They belong in the shared catalogues of packages/logic once the web
// needs them too; until then they live here, one entry per locale.
const fr = {
  profile: 'Profil',
  home: 'Accueil',
  dashboard: 'Service',
  activeTab: 'Course',
  noActiveRide: 'Aucune course en cours. Les demandes arrivent sur l’onglet Service.',
  role: 'Rôle',
  vehicle: 'Véhicule',
  nearby: 'Demande',
  cargo: 'Marchandise',
  paid: 'Paiement enregistré.',
};
type MobileMessages = { [K in keyof typeof fr]: string };

const ar: MobileMessages = {
  profile: 'حسابي',
  home: 'الرئيسية',
  dashboard: 'الخدمة',
  activeTab: 'الرحلة',
  noActiveRide: 'لا توجد رحلة جارية. تصل الطلبات في تبويب الخدمة.',
  role: 'الدور',
  vehicle: 'المركبة',
  nearby: 'طلب',
  cargo: 'البضاعة',
  paid: 'تم تسجيل الدفع.',
};

const en: MobileMessages = {
  profile: 'Profile',
  home: 'Home',
  dashboard: 'Shift',
  activeTab: 'Ride',
  noActiveRide: 'No ride under way. Requests arrive on the Shift tab.',
  role: 'Role',
  vehicle: 'Vehicle',
  nearby: 'Request',
  cargo: 'Cargo',
  paid: 'Payment recorded.',
};

export const mobileMessages: Record<Locale, MobileMessages> = { fr, ar, en };
