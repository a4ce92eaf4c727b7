'use client';
import type { RideStatus } from '@truck4u/contracts';

/** Colours with at least 4.5:1 contrast for text on their paired background (checked against white). */
export const colors = {
  primary: '#3b3fb6',
  primaryPressed: '#2e318f',
  onPrimary: '#ffffff',
  background: '#f5f6fa',
  surface: '#ffffff',
  border: '#d6d9e3',
  text: '#1b1e2b',
  textMuted: '#565b6e',
  danger: '#b3261e',
  success: '#1e6b3a',
  warning: '#8a5300',
  info: '#0b5f78',
  disabled: '#9a9eb0',
} as const;

export const spacing = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24, xxl: 32 } as const;
export const radii = { sm: 6, md: 10, lg: 16, pill: 999 } as const;
export const fontSizes = { sm: 13, md: 15, lg: 18, xl: 22, xxl: 28 } as const;
/** Thumb-sized: the smallest touch target on a phone (WCAG 2.5.5). */
export const minTouch = 48;

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'primary';

export const toneColors: Record<Tone, { fg: string; bg: string }> = {
  neutral: { fg: colors.textMuted, bg: '#eceef4' },
  info: { fg: colors.info, bg: '#dff2f7' },
  success: { fg: colors.success, bg: '#e0f2e6' },
  warning: { fg: colors.warning, bg: '#fbefd9' },
  danger: { fg: colors.danger, bg: '#fbe4e2' },
  primary: { fg: colors.primary, bg: '#e6e7fa' },
};

export const statusTone: Record<RideStatus, Tone> = {
  PENDING_BIDS: 'info',
  NO_DRIVERS_AVAILABLE: 'danger',
  BID_ACCEPTED: 'primary',
  DRIVER_ARRIVING: 'primary',
  PICKUP_ARRIVED: 'primary',
  LOADING: 'warning',
  IN_TRANSIT: 'primary',
  DROPOFF_ARRIVED: 'primary',
  COMPLETED: 'success',
  CANCELLED: 'danger',
};
