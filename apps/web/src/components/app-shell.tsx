'use client';
import { Anchor, AppShell, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Link, usePathname } from '@/i18n/navigation';
import { logout } from '@/lib/app-client';
import { LocaleSwitch } from './locale-switch';
import { useSession } from './use-session';

interface NavItem {
  href: string;
  label: string;
}

/** Header with the brand, the locale switch and logout; a side menu that folds behind a burger on phones. */
export function Shell(props: { nav: NavItem[]; children: ReactNode }) {
  const t = useTranslations();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = usePathname();
  const session = useSession();
  const hasNav = props.nav.length > 0;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={hasNav ? { width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {hasNav && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('nav.mainMenu')}
              />
            )}
            <Anchor component={Link} href="/" prefetch={false} underline="never" c="indigo.8">
              <Title order={1} fz={{ base: 'h4', sm: 'h3' }}>
                {t('common.appName')}
              </Title>
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LocaleSwitch />
            {session.status === 'signedIn' && (
              <Button variant="subtle" size="xs" px={6} data-testid="logout" onClick={() => void logout()}>
                {t('common.logout')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {hasNav && (
        <AppShell.Navbar p="xs" aria-label={t('nav.mainMenu')}>
          <Stack gap={4} component="nav">
            {props.nav.map((item) => (
              <NavLink
                key={item.href}
                component={Link}
                href={item.href}
                // No prefetch: on a phone, fetching and parsing every menu page's payload competes with the
                // current page's start for the main thread; these pages load fast enough when opened.
                prefetch={false}
                label={item.label}
                active={pathname === item.href}
                onClick={close}
              />
            ))}
            {session.user && (
              <>
                <Text size="sm" c="dimmed" mt="md" px="sm">
                  {session.user.name}
                </Text>
                {/* A NavLink rather than a Button: its label wraps, so a long one stays whole in any language. */}
                <NavLink
                  component="button"
                  type="button"
                  label={t('common.logoutAll')}
                  onClick={() => void logout(true)}
                  data-testid="logout-all"
                  c="indigo.8"
                />
              </>
            )}
          </Stack>
        </AppShell.Navbar>
      )}
      <AppShell.Main>{props.children}</AppShell.Main>
    </AppShell>
  );
}

export function useCustomerNav(): NavItem[] {
  const t = useTranslations('nav');
  const profile = useTranslations('profile');
  return [
    { href: '/app', label: t('postRide') },
    { href: '/app/rides', label: t('rides') },
    { href: '/app/wallet', label: t('wallet') },
    { href: '/app/profile', label: profile('navLabel') },
  ];
}

export function useDriverNav(): NavItem[] {
  const t = useTranslations('nav');
  const documents = useTranslations('documents');
  return [
    { href: '/driver', label: t('shift') },
    { href: '/driver/earnings', label: t('earnings') },
    { href: '/driver/wallet', label: t('wallet') },
    { href: '/driver/documents', label: documents('navLabel') },
  ];
}
