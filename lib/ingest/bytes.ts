const trim = (value: number) => value.toFixed(2).replace(/\.?0+$/, "");

/** A byte count as people read it: 512 B, 1.5 KiB, 1.04 MiB, 3 GiB (two decimals at most, none when whole). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${trim(bytes / 1024 ** 3)} GiB`;
  if (bytes >= 1024 ** 2) return `${trim(bytes / 1024 ** 2)} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes} B`;
}
