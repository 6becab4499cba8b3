import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { type BundleEntry, packBundle } from "@/lib/ingest/bundle";
import { bundlePartNames, splitBundles, tarBytes } from "@/lib/ingest/bundle-plan";

// Files and folders on this machine as uploads (the CLI's `ingest`, and the benchmark): a folder is one
// upload holding all its files, named relative to the folder, cut in parts only past the upload size
// limit; a file given by itself is an upload of its own, named by its base name.

export interface UploadSource {
  /** The upload's name: a folder's ends with "/". */
  name: string;
  bytes: number;
  read(): NodeJS.ReadableStream;
}

async function walk(folder: string, exclude: ReadonlySet<string>): Promise<{ file: string; size: number }[]> {
  const files: { file: string; size: number }[] = [];
  const visit = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (exclude.has(full)) continue;
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) files.push({ file: full, size: (await stat(full)).size });
    }
  };
  await visit(folder);
  return files;
}

/**
 * The uploads the paths make: each folder one bundle (or a few, past the size limit), each file itself.
 * Folders in `exclude` (the app's own DATA_DIR, when the folder given holds it) are not read.
 */
export async function uploadSources(
  paths: string[],
  maxUploadBytes: number,
  options: { exclude?: string[] } = {},
): Promise<UploadSource[]> {
  const exclude = new Set((options.exclude ?? []).map((dir) => path.resolve(dir)));
  const sources: UploadSource[] = [];
  for (const target of paths) {
    const resolved = path.resolve(target);
    const info = await stat(resolved).catch(() => null);
    if (!info) throw new Error(`${target}: no such file or folder`);
    if (info.isFile()) {
      // Named by its base name, wherever the command was run from.
      sources.push({ name: path.basename(resolved), bytes: info.size, read: () => createReadStream(resolved) });
      continue;
    }
    if (!info.isDirectory()) continue;
    const files = await walk(resolved, exclude);
    const groups = splitBundles(files, maxUploadBytes);
    const names = bundlePartNames(path.basename(resolved) || "folder", groups.length);
    groups.forEach((group, index) => {
      const entries: BundleEntry[] = group.map(({ file, size }) => ({
        // Relative to the folder given, with forward slashes on every system.
        name: path.relative(resolved, file).split(path.sep).join("/"),
        size,
        open: () => createReadStream(file),
      }));
      sources.push({
        name: names[index] as string,
        bytes: tarBytes(group.map((file) => file.size)),
        read: () => packBundle(entries),
      });
    });
  }
  return sources;
}
