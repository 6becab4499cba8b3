import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { createGzip, gzip } from "node:zlib";
import { type BaseEvents, loadBaseEvents } from "@/bench/base-events";
import { onCleanup } from "@/bench/cleanup";
import { mulberry32, pick, type Random, randomChars, randomInt } from "@/bench/prng";
import { createEventFactory, REGIONS } from "@/bench/synth";

// The corpus: S3 delivery files as CloudTrail writes them ({"Records":[…]}, gzip, one account and region
// per file, AWSLogs/<account>/CloudTrail/<region>/yyyy/mm/dd/), generated once per seed and size and kept
// under .data/bench. The manifest is written last, so a half-written corpus is never reused.

/** 2: one event in 2,000 is a planted attack (bench/synth.ts). */
const VERSION = 2;
const gzipAsync = promisify(gzip);
const FILE_WINDOW_MS = 5 * 60 * 1000;
const START = Date.UTC(2025, 0, 6);

export interface CorpusFile {
  path: string;
  events: number;
  bytes: number;
  uncompressedBytes: number;
}

export interface Corpus {
  version: number;
  dir: string;
  seed: number;
  events: number;
  bytes: number;
  uncompressedBytes: number;
  base: { source: BaseEvents["source"]; description: string };
  generationSeconds: number;
  /** Planted true positives of the Bedrock rule: detection must match exactly this many. */
  plantedMatches: number;
  files: CorpusFile[];
  /** Whether this run generated it or found it cached. */
  cached?: boolean;
}

const pad = (n: number) => String(n).padStart(2, "0");

function s3Name(random: Random, account: string, region: string, end: Date): string {
  const d = end;
  const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
  const suffix = randomChars(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16);
  return `AWSLogs/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${stamp}_${suffix}.json.gz`;
}

async function cached(dir: string): Promise<Corpus | null> {
  const text = await readFile(path.join(dir, "manifest.json"), "utf8").catch(() => null);
  if (!text) return null;
  const manifest = JSON.parse(text) as Corpus;
  return manifest.version === VERSION ? { ...manifest, dir, cached: true } : null;
}

/** Builds into a temporary folder removed on interrupt, then renames it into place. */
async function build(dir: string, fill: (tmp: string) => Promise<Omit<Corpus, "dir">>): Promise<Corpus> {
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const removeTmp = onCleanup(() => rm(tmp, { recursive: true, force: true }));
  const manifest = await fill(tmp);
  await writeFile(path.join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  removeTmp();
  return { ...manifest, dir, cached: false };
}

export async function ensureCorpus(options: {
  outputDir: string;
  sharedDataDir: string;
  seed: number;
  events: number;
  /** Every file this many events (an S3 prefix of one account, ~5 minutes each); default 2,000–5,000. */
  filesOf?: number | null;
  log: (message: string) => void;
}): Promise<Corpus> {
  const base = await loadBaseEvents(options.sharedDataDir);
  const suffix = `${options.filesOf ? `-of-${options.filesOf}` : ""}${base.source === "synthetic" ? "-synthetic" : ""}`;
  const dir = path.join(options.outputDir, `corpus-${options.seed}-${options.events}${suffix}`);
  const found = await cached(dir);
  if (found) return found;
  options.log(`Generating ${options.events.toLocaleString("en")} events into ${dir} (${base.description})…`);
  return build(dir, async (tmp) => {
    const started = performance.now();
    const random = mulberry32(options.seed);
    const factory = createEventFactory(base, random);
    const accounts = Array.from(new Set([...Array(3)].map(() => String(randomInt(random, 1e11, 1e12 - 1)))));
    const clocks = new Map<string, number>();
    const files: CorpusFile[] = [];
    let index = 0;
    let writing: Promise<void> = Promise.resolve();
    while (index < options.events) {
      const count = Math.min(options.events - index, options.filesOf ?? randomInt(random, 2000, 5000));
      const account = pick(random, accounts);
      const region = pick(random, REGIONS);
      const stream = `${account}/${region}`;
      const start = (clocks.get(stream) ?? START) + FILE_WINDOW_MS;
      clocks.set(stream, start);
      const name = s3Name(random, account, region, new Date(start + FILE_WINDOW_MS));
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        const time = new Date(start + Math.floor(((i + random()) * FILE_WINDOW_MS) / count));
        parts.push(factory.event(index++, time, region, account));
      }
      const text = Buffer.from(`{"Records":[${parts.join(",")}]}`, "utf8");
      // Compress this file on the thread pool while the next one is built.
      await writing;
      writing = gzipAsync(text).then(async (compressed) => {
        const file = path.join(tmp, name);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, compressed);
        files.push({ path: name, events: count, bytes: compressed.length, uncompressedBytes: text.length });
      });
    }
    await writing;
    return {
      version: VERSION,
      seed: options.seed,
      events: options.events,
      bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      uncompressedBytes: files.reduce((sum, file) => sum + file.uncompressedBytes, 0),
      base: { source: base.source, description: base.description },
      generationSeconds: (performance.now() - started) / 1000,
      plantedMatches: factory.planted,
      files,
    };
  });
}

/** One S3-format file of about `megabytes` MiB uncompressed, written as a stream (never held whole). */
export async function ensureBigFile(options: {
  outputDir: string;
  sharedDataDir: string;
  seed: number;
  megabytes: number;
  log: (message: string) => void;
}): Promise<Corpus> {
  const base = await loadBaseEvents(options.sharedDataDir);
  const suffix = base.source === "synthetic" ? "-synthetic" : "";
  const dir = path.join(options.outputDir, `big-${options.seed}-${options.megabytes}mb${suffix}`);
  const found = await cached(dir);
  if (found) return found;
  options.log(`Generating one ${options.megabytes} MiB S3 file into ${dir} (${base.description})…`);
  return build(dir, async (tmp) => {
    const started = performance.now();
    const random = mulberry32(options.seed ^ 0x5bd1e995);
    const factory = createEventFactory(base, random);
    const account = String(randomInt(random, 1e11, 1e12 - 1));
    const region = "us-east-1";
    const target = options.megabytes * 1024 * 1024;
    const name = s3Name(random, account, region, new Date(START + 24 * 3600 * 1000));
    const file = path.join(tmp, name);
    await mkdir(path.dirname(file), { recursive: true });
    const gz = createGzip();
    const out = createWriteStream(file);
    const done = once(out, "close");
    gz.pipe(out);
    let uncompressed = 0;
    let index = 0;
    let pending: string[] = [];
    let pendingBytes = 0;
    const push = async (text: string) => {
      pending.push(text);
      pendingBytes += text.length;
      uncompressed += Buffer.byteLength(text);
      if (pendingBytes < 1024 * 1024) return;
      const chunk = pending.join("");
      pending = [];
      pendingBytes = 0;
      if (!gz.write(chunk)) await once(gz, "drain");
    };
    await push('{"Records":[');
    while (uncompressed < target) {
      const time = new Date(START + Math.floor((index / 1_000_000) * 24 * 3600 * 1000));
      await push(`${index > 0 ? "," : ""}${factory.event(index, time, region, account)}`);
      index++;
    }
    await push("]}");
    gz.end(pending.join(""));
    await done;
    const { size } = await stat(file);
    return {
      version: VERSION,
      seed: options.seed,
      events: index,
      bytes: size,
      uncompressedBytes: uncompressed,
      base: { source: base.source, description: base.description },
      generationSeconds: (performance.now() - started) / 1000,
      plantedMatches: factory.planted,
      files: [{ path: name, events: index, bytes: size, uncompressedBytes: uncompressed }],
    };
  });
}
