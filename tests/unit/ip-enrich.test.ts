import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locateIpDataFiles } from "@/lib/ip/data-files";
import { createIpEnricher, IP_DATA_ATTRIBUTION, ipDataStatus, lookupIp } from "@/lib/ip/enrich";

// Owner and country of well-known public addresses from the installed data, nothing for the rest, and
// a missing or broken file costing only its half of the answer, reported once.

const installed = () => {
  const files = locateIpDataFiles();
  if (files instanceof Error) throw files;
  return files;
};

/** Reads files as the enricher would, noting each file's name in `reads`. */
const countingReads = (reads: string[]) => (file: string) => {
  reads.push(path.basename(file));
  return readFile(file);
};

describe("lookupIp", () => {
  it.each([
    ["8.8.8.8", 15169, "US", "United States"],
    ["::ffff:8.8.8.8", 15169, "US", "United States"],
    ["1.1.1.1", 13335, null, null],
    ["2001:4860:4860::8888", 15169, "US", "United States"],
    ["2606:4700:4700::1111", 13335, null, null],
  ])("%s belongs to AS%d", async (address, asn, code, name) => {
    const result = await lookupIp(address);
    expect(result.asn?.number).toBe(asn);
    expect(result.asn?.organization).toMatch(asn === 15169 ? /Google/ : /Cloudflare/);
    expect(result.country?.code).toMatch(/^[A-Z]{2}$/);
    if (code) expect(result.country).toEqual({ code, name });
  });

  it.each([
    "10.0.0.1",
    "192.168.1.1",
    "127.0.0.1",
    "169.254.169.254",
    "100.64.0.1",
    "203.0.113.9",
    "fd00::1",
    "2001:db8::1",
    "bedrock.amazonaws.com",
    "AWS Internal",
    "8.8.8.8, 1.1.1.1",
    "1.2.3",
    "",
  ])("has nothing for %j", async (address) => {
    expect(await lookupIp(address)).toEqual({ country: null, asn: null });
  });

  it("reports what has loaded", async () => {
    await lookupIp("8.8.8.8");
    const status = ipDataStatus();
    expect(status.datasets.asnIpv4).toMatchObject({ state: "loaded", rows: expect.any(Number) });
    expect(status.versions?.asn).toMatch(/^\d+\.\d+\.\d{10}$/);
  });
});

describe("createIpEnricher", () => {
  it("loads nothing for addresses that are not public", async () => {
    const reads: string[] = [];
    const enricher = createIpEnricher({ read: countingReads(reads) });
    await enricher.lookup("10.0.0.1");
    await enricher.lookup("2001:db8::1");
    expect(reads).toEqual([]);
  });

  it("reads each file once under concurrent first lookups, IPv6 only when asked", async () => {
    const reads: string[] = [];
    const enricher = createIpEnricher({ read: countingReads(reads) });
    const results = await Promise.all(Array.from({ length: 20 }, () => enricher.lookup("8.8.8.8")));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(reads.sort()).toEqual(["asn-ipv4-num.csv", "geo-whois-asn-country.mmdb"]);
    await Promise.all([enricher.lookup("2001:4860:4860::8888"), enricher.lookup("2606:4700:4700::1111")]);
    expect(reads.filter((file) => file === "asn-ipv6-num.csv")).toHaveLength(1);
  });

  it("answers nulls and reports once when the packages are missing", async () => {
    const reports: string[] = [];
    const enricher = createIpEnricher({
      locate: () => new Error("@ip-location-db/asn not installed (npm install); IP owner and country lookups are off"),
      report: (message) => reports.push(message),
    });
    for (const address of ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"]) {
      expect(await enricher.lookup(address)).toEqual({ country: null, asn: null });
    }
    expect(reports).toEqual(["@ip-location-db/asn not installed (npm install); IP owner and country lookups are off"]);
    expect(enricher.status().datasets.asnIpv4).toMatchObject({ state: "failed" });
  });

  it("keeps the country when only the ASN file is broken, and names the file's problem", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ip-data-"));
    writeFileSync(path.join(dir, "asn-ipv4-num.csv"), "1,2,3,ok\nnot a row\n");
    const reports: string[] = [];
    const enricher = createIpEnricher({
      locate: () => ({ ...installed(), asnIpv4: path.join(dir, "asn-ipv4-num.csv") }),
      report: (message) => reports.push(message),
    });
    expect(await enricher.lookup("8.8.8.8")).toEqual({ country: { code: "US", name: "United States" }, asn: null });
    await enricher.lookup("8.8.4.4");
    expect(reports).toEqual(["asnIpv4: line 2: expected start,end,asn,organization"]);
  });
});

describe("IP_DATA_ATTRIBUTION", () => {
  it("carries the link DB-IP's licence requires, and names every source", () => {
    expect(IP_DATA_ATTRIBUTION.required.url).toBe("https://db-ip.com");
    const names = IP_DATA_ATTRIBUTION.sources.map((source) => source.name).join(" ");
    for (const name of ["DB-IP", "RouteViews", "NRO", "ip-location-db"]) expect(names).toContain(name);
  });
});
