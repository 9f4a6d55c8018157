/** IANA time zones known to this Node (its ICU data), e.g. Europe/Rome. */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC, in milliseconds, at an instant. */
function offsetAt(instant: number, tz: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a wall-clock time ("2025-09-10 09:30") in a time zone. In the hour skipped by a
 * daylight-saving change the result moves forward; in the repeated hour it takes the first occurrence.
 */
export function zonedTimeToInstant(local: string, tz: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(local.trim());
  if (!m || !isTimeZone(tz)) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const first = wall - offsetAt(wall - 12 * 3600 * 1000, tz);
  const second = wall - offsetAt(wall + 12 * 3600 * 1000, tz);
  // Of the (at most two) candidates, the earliest whose offset reproduces the wall time.
  const candidates = [first, second].filter((c) => c + offsetAt(c, tz) === wall).sort((a, b) => a - b);
  return new Date(candidates[0] ?? Math.max(first, second));
}

/** The wall-clock time ("2025-09-10 09:30") of an instant in a time zone: the inverse of zonedTimeToInstant. */
export function instantToZonedTime(instant: Date, tz: string): string {
  return new Date(instant.getTime() + offsetAt(instant.getTime(), tz)).toISOString().slice(0, 16).replace('T', ' ');
}

/** Where a country (or one of its regions, e.g. the Canaries) keeps one time zone: the places Ponte's networks and services are in. */
const ZONES_BY_REGION: Record<string, string> = { 'ES-CN': 'Atlantic/Canary', 'PT-20': 'Atlantic/Azores', 'PT-30': 'Atlantic/Madeira' };
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = {
  IT: 'Europe/Rome',
  SM: 'Europe/San_Marino',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  FR: 'Europe/Paris',
  BE: 'Europe/Brussels',
  NL: 'Europe/Amsterdam',
  GR: 'Europe/Athens',
  CY: 'Asia/Nicosia',
  MT: 'Europe/Malta',
  IE: 'Europe/Dublin',
  GB: 'Europe/London',
};

/** The time zone of a country or of one of its regions (ISO 3166-2 code), UTC when unknown. */
export const regionTimeZone = (country: string, regionCode?: string | null): string => (regionCode && ZONES_BY_REGION[regionCode]) || COUNTRY_TIME_ZONES[country] || 'UTC';
