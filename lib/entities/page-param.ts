// A page's dynamic segment arrives percent-encoded (route handlers get it decoded; pages do not), so a
// page decodes it exactly once. A segment that does not decode, is empty, or holds a control character
// names nothing: null.

export function decodeSegment(raw: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  value = value.trim();
  return value === "" || value.length > 4096 || /\p{Cc}/u.test(value) ? null : value;
}
