// CloudTrail times as exports write them (../shared/DOMAIN.md §3): ISO 8601 with Z or an offset,
// Panther's "2025-01-21 17:49:47.000000000" (UTC, no zone), and the 2020 console CSV's local
// "2020-05-13, 04:52:01 PM" (no zone either: read as UTC, and said so).

export interface ParsedTime {
  date: Date;
  /** The text had no time zone; it was read as UTC. */
  isZoneAssumed: boolean;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const SPACE_SEPARATED = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z)?$/i;
const CONSOLE_12H = /^(\d{4}-\d{2}-\d{2}),\s*(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)$/i;

function valid(date: Date, isZoneAssumed: boolean): ParsedTime | null {
  return Number.isNaN(date.getTime()) ? null : { date, isZoneAssumed };
}

export function parseEventTime(value: unknown): ParsedTime | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (ISO_WITH_ZONE.test(text)) return valid(new Date(text), false);
  const spaced = SPACE_SEPARATED.exec(text);
  if (spaced) {
    const millis = spaced[3] ? spaced[3].slice(0, 4).padEnd(4, "0") : ".000";
    return valid(new Date(`${spaced[1]}T${spaced[2]}${millis}Z`), !spaced[4]);
  }
  const console12h = CONSOLE_12H.exec(text);
  if (console12h) {
    const [, day, hours, minutes, seconds, meridiem] = console12h;
    const hour = (Number(hours) % 12) + (meridiem?.toUpperCase() === "PM" ? 12 : 0);
    return valid(new Date(`${day}T${String(hour).padStart(2, "0")}:${minutes}:${seconds}Z`), true);
  }
  return null;
}
