import { spacing } from '@truck4u/ui';

/** What a Screen has measured of itself, in its scroll content's coordinates; 0 is "not measured yet". */
export interface RevealGeometry {
  /** Where the screen's body starts, below the title: a section's own position is read against it. */
  bodyY: number;
  viewport: number;
  content: number;
  section: { y: number; height: number } | null;
}

/**
 * The scroll offset that brings a section into view: its top, with a little room above, when it fits on the
 * screen; its bottom when it is taller, so a long chat shows its newest messages and its input rather than the
 * oldest ones. Never past the end of the page.
 */
export function revealOffset(geometry: RevealGeometry): number {
  const { bodyY, viewport, content, section } = geometry;
  if (!section) return 0;
  const top = bodyY + section.y - spacing.lg;
  const bottom = bodyY + section.y + section.height + spacing.lg;
  let offset = viewport > 0 && bottom - top > viewport ? bottom - viewport : top;
  if (viewport > 0 && content > 0) offset = Math.min(offset, content - viewport);
  return Math.max(0, offset);
}
