import type { Locale } from '@truck4u/logic';

// Words of the offline queue and the background location flow, in the three languages of the app.
const fr = {
  statusQueued: 'Pas de connexion : l’étape est enregistrée et sera envoyée dès le retour du réseau.',
  backgroundTitle: 'Partager la position en arrière-plan',
  backgroundWhy:
    'Pendant votre service, Truck4u envoie votre position même quand l’application est fermée ou l’écran éteint : les clients proches vous trouvent, et le client de la course suit le camion. Rien n’est envoyé quand vous êtes hors service.',
  backgroundAllow: 'Autoriser',
  backgroundLater: 'Plus tard',
  backgroundRefused:
    'Position en arrière-plan refusée : elle n’est envoyée que lorsque l’application est ouverte. Vous pouvez changer cela dans les réglages du téléphone.',
  serviceTitle: 'Truck4u : en service',
  serviceBody: 'Votre position est partagée tant que vous êtes en service.',
};
export type OfflineMessages = { [K in keyof typeof fr]: string };

const ar: OfflineMessages = {
  statusQueued: 'لا يوجد اتصال: تم حفظ المرحلة وستُرسل عند عودة الشبكة.',
  backgroundTitle: 'مشاركة الموقع في الخلفية',
  backgroundWhy:
    'أثناء الخدمة، يرسل Truck4u موقعك حتى عندما يكون التطبيق مغلقًا أو الشاشة مطفأة: يجدك الحرفاء القريبون ويتابع حريف الرحلة الشاحنة. لا يُرسل شيء خارج الخدمة.',
  backgroundAllow: 'سماح',
  backgroundLater: 'لاحقًا',
  backgroundRefused:
    'تم رفض الموقع في الخلفية: لا يُرسل إلا عندما يكون التطبيق مفتوحًا. يمكنك تغيير ذلك من إعدادات الهاتف.',
  serviceTitle: 'Truck4u: في الخدمة',
  serviceBody: 'تتم مشاركة موقعك ما دمت في الخدمة.',
};

const en: OfflineMessages = {
  statusQueued: 'No connection: the step is saved and will be sent as soon as the network is back.',
  backgroundTitle: 'Share your position in the background',
  backgroundWhy:
    'While you are on shift, Truck4u sends your position even when the app is closed or the screen is off: nearby customers find you, and the ride’s customer follows the truck. Nothing is sent when you are off shift.',
  backgroundAllow: 'Allow',
  backgroundLater: 'Not now',
  backgroundRefused:
    'Background position refused: it is sent only while the app is open. You can change this in the phone’s settings.',
  serviceTitle: 'Truck4u: on shift',
  serviceBody: 'Your position is shared while you are on shift.',
};

const CATALOGUES: Record<Locale, OfflineMessages> = { fr, ar, en };

export function offlineMessages(locale: Locale): OfflineMessages {
  return CATALOGUES[locale] ?? fr;
}
