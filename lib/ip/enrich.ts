import { readFile } from "node:fs/promises";
import { Reader } from "mmdb-lib";
import { logger } from "@/lib/logger";
import {
  type AsnRecord,
  findAsnIpv4,
  findAsnIpv6,
  type Ipv4AsnTable,
  type Ipv6AsnTable,
  parseAsnIpv4Csv,
  parseAsnIpv6Csv,
} from "./asn-table";
import { parseAddress } from "./classify";
import { type IpDataFiles, ipDataVersions, locateIpDataFiles } from "./data-files";
import { scopeOf } from "./scope";

// Country and AS owner of a public address, from the data packages installed with the app (no network:
// docs/ip-data.md). Server-side only: it reads node_modules. Each table loads on the first lookup that
// needs it (IPv6 only when an IPv6 address is asked for), once per process, and stays in memory; a
// missing or unreadable file turns its half of the answer into null and is reported once, never thrown.
// The first IPv4 lookup costs ~0.5-0.9 s of CPU on the event loop (parsing 412,000 rows), the first IPv6
// one ~0.3 s; after that a lookup takes microseconds. Measurements in docs/ip-data.md.

export type { AsnRecord } from "./asn-table";
export { IP_DATA_ATTRIBUTION } from "./attribution";

export interface IpEnrichment {
  country: { code: string; name: string } | null;
  asn: AsnRecord | null;
}

type DatasetName = "country" | "asnIpv4" | "asnIpv6";
export type DatasetStatus =
  | { state: "not loaded" }
  | { state: "loading" }
  | { state: "loaded"; loadMs: number; rows: number }
  | { state: "failed"; reason: string };

export interface IpDataStatus {
  datasets: Record<DatasetName, DatasetStatus>;
  versions: { asn: string | null; country: string | null } | null;
}

export interface IpEnricher {
  lookup(address: string): Promise<IpEnrichment>;
  status(): IpDataStatus;
}

interface EnricherOptions {
  /** Where the files are; tests point it elsewhere. */
  locate?: () => IpDataFiles | Error;
  /** Reads a data file; tests count or fail the reads. */
  read?: (file: string) => Promise<Buffer>;
  /** Told each distinct problem once. */
  report?: (message: string) => void;
}

const nothing = (): IpEnrichment => ({ country: null, asn: null });
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** These files hold `{ country_code: "US" }`, not MaxMind's `country.iso_code`; anything else is ignored. */
function countryCode(record: unknown): string | null {
  const code = record && typeof record === "object" && "country_code" in record ? record.country_code : null;
  return typeof code === "string" && /^[A-Z]{2}$/.test(code) ? code : null;
}

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function createIpEnricher(options: EnricherOptions = {}): IpEnricher {
  const report = options.report ?? ((message: string) => logger.warn(`IP data: ${message}`));
  const read = options.read ?? ((file: string) => readFile(file));
  const reported = new Set<string>();
  const datasets: Record<DatasetName, DatasetStatus> = {
    country: { state: "not loaded" },
    asnIpv4: { state: "not loaded" },
    asnIpv6: { state: "not loaded" },
  };
  let files: IpDataFiles | Error | undefined;
  const pending = new Map<DatasetName, Promise<unknown>>();

  /** Loads `name` once; every caller, including concurrent first ones, shares the one promise. */
  function load<T>(name: DatasetName, open: (files: IpDataFiles) => Promise<{ value: T; rows: number }>) {
    let promise = pending.get(name) as Promise<T | null> | undefined;
    if (promise) return promise;
    datasets[name] = { state: "loading" };
    const started = performance.now();
    files ??= (options.locate ?? locateIpDataFiles)();
    const located = files;
    promise = (located instanceof Error ? Promise.reject(located) : open(located)).then(
      ({ value, rows }) => {
        datasets[name] = { state: "loaded", loadMs: Math.round(performance.now() - started), rows };
        return value;
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        datasets[name] = { state: "failed", reason };
        if (!reported.has(reason)) {
          reported.add(reason);
          report(name === "country" || located instanceof Error ? reason : `${name}: ${reason}`);
        }
        return null;
      },
    );
    pending.set(name, promise);
    return promise;
  }

  const country = () =>
    load("country", async (found) => {
      const reader = new Reader(await read(found.country));
      return { value: reader, rows: reader.metadata.nodeCount };
    });
  const asnIpv4 = () =>
    load<Ipv4AsnTable>("asnIpv4", async (found) => {
      const table = parseAsnIpv4Csv(await read(found.asnIpv4));
      return { value: table, rows: table.starts.length };
    });
  const asnIpv6 = () =>
    load<Ipv6AsnTable>("asnIpv6", async (found) => {
      const table = parseAsnIpv6Csv(await read(found.asnIpv6));
      return { value: table, rows: table.startHi.length };
    });

  return {
    async lookup(address) {
      const parsed = parseAddress(address.trim());
      // Only public addresses have an owner worth naming; the rest never load anything.
      if (!parsed || scopeOf(parsed.address).scope !== "public") return nothing();
      const ip = parsed.address;
      const [reader, asn] = await Promise.all([
        country(),
        ip.kind() === "ipv4"
          ? asnIpv4().then((table) => table && findAsnIpv4(table, ipv4Number(ip.toByteArray())))
          : asnIpv6().then((table) => table && findAsnIpv6(table, ...ipv6Halves(ip.toByteArray()))),
      ]);
      const code = reader ? countryCode(reader.get(ip.toString())) : null;
      return { country: code ? { code, name: countryName(code) } : null, asn: asn ?? null };
    },
    status() {
      const found = files instanceof Error || files === undefined ? null : files;
      return { datasets: { ...datasets }, versions: found ? ipDataVersions(found) : null };
    },
  };
}

function ipv4Number(bytes: number[]): number {
  return bytes.reduce((value, byte) => value * 256 + byte, 0);
}

function ipv6Halves(bytes: number[]): [bigint, bigint] {
  const half = (from: number) => bytes.slice(from, from + 8).reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  return [half(0), half(8)];
}

// One enricher per process, kept on globalThis: Next's dev server re-evaluates modules on every edit, and
// each copy of a module-level variable would load the ~26 MB of tables again.
const SHARED = Symbol.for("trailtriage.ip-enricher");
const shared = () => ((globalThis as { [SHARED]?: IpEnricher })[SHARED] ??= createIpEnricher());

/** Country and AS owner of a public address; nulls for anything else or when the data is missing. */
export function lookupIp(address: string): Promise<IpEnrichment> {
  return shared().lookup(address);
}

/** What has loaded, how long it took, and what failed: for a health or about page. */
export function ipDataStatus(): IpDataStatus {
  return shared().status();
}
