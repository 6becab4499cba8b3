import type { Readable } from "node:stream";
import * as tarStream from "tar-stream";

// A folder of exports as one upload: its files packed, as they arrive, into one tar stream, which is
// stored and read like any uploaded tar (lib/ingest/expand.ts). One upload row, one fsync, one job and
// one detection pass for the whole folder, where a file per upload made the per-file cost decide the
// speed of a folder of small S3 files (issue 14). Exactly-once and resuming come with the tar: its items
// are numbered in reading order like any upload's.

export interface BundleEntry {
  /** The file's path inside the folder, as bundleEntryName gives it. */
  name: string;
  size: number;
  /** The file's bytes: exactly `size` of them (tar writes the size before the content). */
  open(): AsyncIterable<Uint8Array> | NodeJS.ReadableStream | Buffer;
}

/**
 * Packs entries into one tar stream, one at a time (the next entry is opened only when the stream has
 * taken the last: memory stays bounded however many files there are). An entry that gives more or fewer
 * bytes than its size fails the stream.
 */
export function packBundle(entries: AsyncIterable<BundleEntry> | Iterable<BundleEntry>): Readable {
  const pack = tarStream.pack();
  const fill = async () => {
    for await (const entry of entries) {
      const header = { name: entry.name, size: entry.size, mode: 0o644, mtime: new Date(0), type: "file" as const };
      const content = entry.open();
      await new Promise<void>((resolve, reject) => {
        if (Buffer.isBuffer(content)) {
          if (content.length !== entry.size) {
            reject(new Error(`${entry.name}: ${content.length} bytes where ${entry.size} were announced`));
            return;
          }
          pack.entry(header, content, (error) => (error ? reject(error) : resolve()));
          return;
        }
        const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
        (async () => {
          for await (const chunk of content as AsyncIterable<Uint8Array>) {
            if (!sink.write(chunk)) await new Promise<void>((drained) => sink.once("drain", () => drained()));
          }
          (sink as unknown as NodeJS.WritableStream).end();
        })().catch((error: Error) => {
          sink.destroy(error);
          reject(error);
        });
      });
    }
    pack.finalize();
  };
  fill().catch((error: Error) => pack.destroy(error));
  return pack as unknown as Readable;
}
