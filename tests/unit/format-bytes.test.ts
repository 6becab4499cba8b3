import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format";

// One byte formatter for the server's messages and the pages: the same file has the same size in both.

describe("formatBytes", () => {
  it.each<[number | bigint, string]>([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [1090519, "1.04 MiB"],
    [23_173_529, "22.1 MiB"],
    [231_090_995, "220 MiB"],
    [4096 * 1024 * 1024, "4 GiB"],
    [BigInt(5) * BigInt(1024) ** BigInt(4), "5 TiB"],
  ])("%s bytes is %s", (bytes, shown) => {
    expect(formatBytes(bytes)).toBe(shown);
  });
});
