/**
 * Calendar periods as Tunisians count them: days start at midnight Africa/Tunis, weeks on Monday (ISO),
 * months on the 1st. The offset is read from the time-zone database for each instant rather than fixed at
 * +01:00, so the rules stay right if Tunisia brings daylight saving back (it last did in 2008).
 */
export const TUNIS_TIME_ZONE = 'Africa/Tunis';

export interface TunisPeriods {
  /** Midnight starting the Tunis day that contains `now`. */
  dayStart: Date;
  /** Monday 00:00 of the ISO week that contains `now`. */
  weekStart: Date;
  /** The 1st of the month, 00:00. */
  monthStart: Date;
}

interface LocalDate {
  year: number;
  month: number; // 1..12
  day: number;
}

const dateParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TUNIS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const offsetParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TUNIS_TIME_ZONE,
  timeZoneName: 'longOffset',
});

function localDateOf(at: Date): LocalDate {
  const parts = Object.fromEntries(dateParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** Minutes east of UTC in Tunis at that instant ("GMT+01:00" -> 60). */
function offsetMinutesAt(at: Date): number {
  const name = offsetParts.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The instant of 00:00 Tunis time on a local date (month and day may overflow, as with Date.UTC). */
export function tunisMidnight(date: LocalDate): Date {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day);
  // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
  let instant = asUtc - offsetMinutesAt(new Date(asUtc)) * 60_000;
  instant = asUtc - offsetMinutesAt(new Date(instant)) * 60_000;
  return new Date(instant);
}

/** The Tunis calendar date (YYYY-MM-DD) of an instant. */
export function tunisDateOf(at: Date): string {
  const { year, month, day } = localDateOf(at);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function tunisPeriods(now: Date): TunisPeriods {
  const local = localDateOf(now);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay(); // 0 = Sunday
  const daysSinceMonday = (weekday + 6) % 7;
  return {
    dayStart: tunisMidnight(local),
    weekStart: tunisMidnight({ ...local, day: local.day - daysSinceMonday }),
    monthStart: tunisMidnight({ ...local, day: 1 }),
  };
}
