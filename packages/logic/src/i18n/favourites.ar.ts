import type { favouritesFr } from './favourites.fr';

type Widen<T> = T extends string ? string : { readonly [K in keyof T]: Widen<T[K]> };

export const favouritesAr: Widen<typeof favouritesFr> = {
  profile: {
    navLabel: 'حسابي',
    title: 'حسابي',
  },
  addresses: {
    title: 'العناوين المحفوظة',
    empty: 'لا توجد عناوين محفوظة. احفظ الأماكن التي تستعملها كثيرًا لتختارها بلمسة واحدة.',
    add: 'إضافة عنوان',
    label: 'اسم المكان (مثلًا: الدار، المخزن)',
    place: 'العنوان',
    save: 'حفظ',
    rename: 'تغيير الاسم',
    delete: 'حذف',
    count: '{count} من {max}',
    pick: 'عناويني',
    saveThis: 'حفظ هذا العنوان',
    saved: 'تمّ حفظ العنوان: {label}',
  },
  favourites: {
    title: 'السائقون المفضّلون',
    empty: 'لا يوجد سائق مفضّل. بعد رحلة مكتملة، أضف السائق من بطاقته.',
    add: 'إضافة إلى المفضّلين',
    remove: 'إزالة من المفضّلين',
    isFavourite: 'سائق مفضّل',
    ridesTogether: '{count} رحلة معك',
    first: 'اعرض الطلب أوّلًا على سائقيّ المفضّلين',
    firstHint: 'يتلقّى المفضّلون المتّصلون الطلب أوّلًا، ثمّ السائقون القريبون.',
  },
  routeStops: {
    title: 'محطّات في الطريق',
    hint: 'حتّى {max} محطّات بين التحميل والتسليم، بترتيب المرور.',
    add: 'إضافة محطّة',
    stop: 'المحطّة {index}',
    note: 'ملاحظة للسائق (اختياري)',
    remove: 'حذف المحطّة {index}',
    up: 'تقديم المحطّة {index}',
    down: 'تأخير المحطّة {index}',
    needPlace: 'اختر عنوانًا لكلّ محطّة أو احذفها.',
    onMap: 'المحطّة {index}',
    status: {
      PENDING: 'قادمة',
      ARRIVED: 'السائق هناك',
      DONE: 'تمّت',
    },
  },
  criteria: {
    title: 'بالتفصيل (اختياري)',
    hint: 'قيّم النقاط الثلاث أو لا شيء منها.',
    incomplete: 'قيّم النقاط الثلاث أو امسحها.',
    clear: 'مسح',
    punctuality: 'الالتزام بالوقت',
    care: 'العناية بالبضاعة',
    communication: 'التواصل',
  },
};
