import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled block of an admin detail page, named for screen readers by its title. */
export function AdminSection(props: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="section"
      aria-label={props.title}
      data-testid={props.testId}
    >
      <Title order={3} size="h5" mb="xs">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}
