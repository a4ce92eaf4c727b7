'use client';
import { Center, Loader } from '@mantine/core';
import { adminMay } from '@truck4u/logic';
import { useEffect } from 'react';
import { ADMIN_SECTIONS } from '@/components/admin/admin-nav';
import { useAdminMe } from '@/components/admin/use-admin';
import { useRouter } from '@/i18n/navigation';

/** `/admin` opens the first section the admin's role allows (the live map for operations). */
export default function AdminHome() {
  const me = useAdminMe();
  const router = useRouter();
  useEffect(() => {
    const first = ADMIN_SECTIONS.find((section) => adminMay(me, section.action));
    if (first) router.replace(first.href);
  }, [me, router]);
  return (
    <Center h="40vh" aria-busy="true">
      <Loader aria-label="…" />
    </Center>
  );
}
