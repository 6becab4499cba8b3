// How a folder is cut into bundles and named: plain functions shared by the server, the CLI and the
// browser (which sends a dropped folder the same way; lib/ingest/bundle.ts packs it).

/** A bundle's name as uploads show it: the folder's name with a slash, which tells the reader it is a folder. */
export function bundleUploadName(name: string): string {
  return `${name.replace(/\/+$/, "") || "folder"}/`;
}

export const isBundleName = (filename: string) => filename.endsWith("/");

/**
 * A path inside a folder, safe to store as a tar entry: forward slashes, no empty, "." or ".." parts, no
 * control characters, each part at most 255 characters and the whole at most 1,024. Null when nothing
 * is left (the caller names it by position).
 */
export function bundleEntryName(raw: string): string | null {
  const parts = raw
    .replace(/\\/g, "/")
    .split("/")
    .map((part) =>
      [...part]
        .filter((char) => (char.codePointAt(0) ?? 0) >= 0x20 && char !== "\u007f")
        .join("")
        .trim()
        .slice(0, 255),
    )
    .filter((part) => part !== "" && part !== "." && part !== "..");
  const name = parts.join("/").slice(-1024).replace(/^\/+/, "");
  return name || null;
}

/** The bytes a tar takes for files of these sizes: a 512-byte header each, content padded to 512, the end. */
export function tarBytes(sizes: readonly number[]): number {
  return sizes.reduce((sum, size) => sum + 512 + Math.ceil(size / 512) * 512, 1024);
}

/**
 * A folder's files cut into bundles that each fit the upload limit, in order: usually one. A file too
 * large for any bundle goes alone (its upload then fails with the limit's message, like any file).
 */
export function splitBundles<T extends { size: number }>(files: readonly T[], maxBytes: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 1024;
  for (const file of files) {
    const cost = 512 + Math.ceil(file.size / 512) * 512;
    if (current.length > 0 && bytes + cost > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 1024;
    }
    current.push(file);
    bytes += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The bundles' upload names: the folder's, with "part i of n" when it took more than one. */
export function bundlePartNames(folder: string, parts: number): string[] {
  return Array.from({ length: parts }, (_, index) =>
    bundleUploadName(parts === 1 ? folder : `${folder} (part ${index + 1} of ${parts})`),
  );
}
