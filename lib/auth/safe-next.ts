// Where to go after signing in: only a path on this site, never an address elsewhere. The value comes from
// the query string, so it is hostile until shown otherwise: "/.//evil.example", "/..//evil.example",
// "/%2e//evil.example" and "/./\evil.example" all resolve to a path that begins "//" or "/\", which a browser
// (and Next's router) reads as protocol-relative, and tabs or newlines are dropped by URL parsing.

export const AFTER_SIGN_IN = "/signals";

const BASE = "http://trailtriage.invalid";

/** A same-origin path (with its query and fragment) to go to after sign-in, or the Signals page. */
export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return AFTER_SIGN_IN;
  // Only a path: not "//host", not "/\host", not a scheme, and nothing a URL parser would silently drop.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (!next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return AFTER_SIGN_IN;
  let target: URL;
  try {
    target = new URL(next, BASE);
  } catch {
    return AFTER_SIGN_IN;
  }
  if (target.origin !== BASE) return AFTER_SIGN_IN;
  // After dot segments and percent-decoding of "." are resolved, the path must still start with one "/".
  const path = target.pathname;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return AFTER_SIGN_IN;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return AFTER_SIGN_IN;
  }
  if (decoded.startsWith("//") || decoded.startsWith("/\\")) return AFTER_SIGN_IN;
  return `${path}${target.search}${target.hash}`;
}
