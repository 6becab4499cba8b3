import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Where the installed IP data files are: the package folder, found the way Node's resolver looks for
// it (node_modules in this file's folder and each one above), then the same from the working directory.
//
// Not createRequire(import.meta.url).resolve(): in `next build` (Turbopack) that call is bundled, and
// returns a module id (a number) instead of a path; with a computed name it also warns "Module not
// found" at build time. Turbopack does keep import.meta.url as this source file's path, so the walk from
// here works in Next as under vitest and tsx; the walk from the working directory covers a build moved
// after it was made (import.meta.url then names the build machine's folder), since `next start` and the
// CLI run from the project root. docs/ip-data.md has the details.

export const ASN_PACKAGE = "@ip-location-db/asn";
export const COUNTRY_PACKAGE = "@ip-location-db/geo-whois-asn-country-mmdb";

export interface IpDataFiles {
  asnIpv4: string;
  asnIpv6: string;
  /** IPv4 and IPv6 in one MaxMind DB file. */
  country: string;
}

function findPackageDir(name: string): string | null {
  const starts = [path.dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", name);
      if (existsSync(path.join(candidate, "package.json"))) return candidate;
      if (dir === path.dirname(dir)) break;
    }
  }
  return null;
}

/** The data files, or an Error saying which package or file is missing. */
export function locateIpDataFiles(): IpDataFiles | Error {
  const asn = findPackageDir(ASN_PACKAGE);
  const country = findPackageDir(COUNTRY_PACKAGE);
  if (!asn || !country) {
    const missing = [asn ? null : ASN_PACKAGE, country ? null : COUNTRY_PACKAGE].filter(Boolean).join(" and ");
    return new Error(`${missing} not installed (npm install); IP owner and country lookups are off`);
  }
  const files: IpDataFiles = {
    asnIpv4: path.join(asn, "asn-ipv4-num.csv"),
    asnIpv6: path.join(asn, "asn-ipv6-num.csv"),
    country: path.join(country, "geo-whois-asn-country.mmdb"),
  };
  const absent = Object.values(files).filter((file) => !existsSync(file));
  if (absent.length > 0)
    return new Error(`IP data file missing: ${absent.join(", ")}; IP owner and country lookups are off`);
  return files;
}

/** The installed data packages' versions: the version is the snapshot's date (2.3.YYYYMMDDHH). */
export function ipDataVersions(files: IpDataFiles): { asn: string | null; country: string | null } {
  const versionOf = (file: string): string | null => {
    try {
      const manifest: unknown = JSON.parse(readFileSync(path.join(path.dirname(file), "package.json"), "utf8"));
      const version = (manifest as { version?: unknown }).version;
      return typeof version === "string" ? version : null;
    } catch {
      return null;
    }
  };
  return { asn: versionOf(files.asnIpv4), country: versionOf(files.country) };
}
