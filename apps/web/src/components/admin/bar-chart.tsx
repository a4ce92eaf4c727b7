'use client';
import { Box, Group, Text } from '@mantine/core';

/**
 * Bars in plain SVG, one per day. Every bar has a `<title>` with its day and value, and the whole figure a
 * label, so a screen reader gets the numbers; the table under the charts has them too.
 */
export function BarChart(props: {
  label: string;
  points: Array<{ key: string; label: string; value: number }>;
  format: (value: number) => string;
  color?: string;
}) {
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const width = Math.max(1, props.points.length) * 12;
  const total = props.points.reduce((sum, p) => sum + p.value, 0);
  return (
    <Box>
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {props.label}
        </Text>
        <Text size="sm" fw={700}>
          {props.format(total)}
        </Text>
      </Group>
      {/* Time runs left to right in every language, so the chart does not mirror in Arabic. */}
      <Box dir="ltr">
        <svg
          role="img"
          aria-label={props.label}
          viewBox={`0 0 ${width} 100`}
          preserveAspectRatio="none"
          width="100%"
          height={120}
          style={{ display: 'block', background: 'var(--mantine-color-gray-0)', borderRadius: 4 }}
        >
          {props.points.map((point, index) => {
            const height = (point.value / max) * 96;
            return (
              <rect
                key={point.key}
                x={index * 12 + 2}
                y={100 - height}
                width={8}
                height={Math.max(height, point.value > 0 ? 1 : 0)}
                fill={props.color ?? 'var(--mantine-color-indigo-6)'}
              >
                <title>{`${point.label}: ${props.format(point.value)}`}</title>
              </rect>
            );
          })}
        </svg>
        {props.points.length > 0 && (
          <Group justify="space-between" mt={2}>
            <Text size="xs" c="dimmed">
              {props.points[0]?.label}
            </Text>
            <Text size="xs" c="dimmed">
              {props.points[props.points.length - 1]?.label}
            </Text>
          </Group>
        )}
      </Box>
    </Box>
  );
}
