/** A count as the pages write it: 12,345. */
export const count = (n: number) => n.toLocaleString("en-US");

/**
 * A byte count as people read it, in binary units with their binary names (the one formatter, for the
 * server's messages and the pages alike): 512 B, 1.5 KiB, 1.04 MiB, 22.1 MiB, 220 MiB, 3 GiB. Two
 * decimals below 10, one below 100, none above, trailing zeros dropped.
 */
export function formatBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  const units = ["KiB", "MiB", "GiB", "TiB"] as const;
  if (n < 1024) return `${n} B`;
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  const shown = digits === 0 ? value.toFixed(0) : value.toFixed(digits).replace(/\.?0+$/, "");
  return `${shown} ${units[unit]}`;
}

/** Free text with control characters (NUL, newlines, escapes) removed, for names that are shown and stored. */
export function withoutControlCharacters(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
  return text.replace(/[\u0000-\u001f\u007f]/g, "");
}
