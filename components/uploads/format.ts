// Numbers as the Uploads page writes them. Sizes: formatBytes (lib/format.ts), the server's own.

import { count } from "@/lib/format";

const compactFormat = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** Short for dense cells: 12,345 becomes 12.3K. Pair it with the exact count in a title. */
export const compact = (n: number) => (n < 10_000 ? count(n) : compactFormat.format(n));

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${(ms / 1000).toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "the folder name/" when every file came from one folder, the file's name for one file, else "N files". */
export function dropLabel(files: readonly (File & { path?: string })[]): string {
  const folders = new Set(
    files.map((file) => {
      const parts = (file.webkitRelativePath || file.path || "").replace(/^\.?\//, "").split("/");
      return parts.length > 1 ? parts[0] : null;
    }),
  );
  const [folder] = folders;
  if (folders.size === 1 && folder) return `${folder}/`;
  if (files.length === 1) return files[0]?.name ?? "1 file";
  return `${count(files.length)} files`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
