import { mkdir, mkdtemp, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isBuildStale } from "@/lib/cli/build";

async function project() {
  const root = await mkdtemp(path.join(os.tmpdir(), "tt-build-"));
  await mkdir(path.join(root, "app"), { recursive: true });
  await writeFile(path.join(root, "app", "page.tsx"), "export default 1;");
  return root;
}

async function build(root: string, at: Date) {
  await mkdir(path.join(root, ".next"), { recursive: true });
  await writeFile(path.join(root, ".next", "BUILD_ID"), "x");
  await utimes(path.join(root, ".next", "BUILD_ID"), at, at);
}

describe("npm start builds only when needed", () => {
  it("builds when there is no build", async () => {
    expect(await isBuildStale(await project())).toBe(true);
  });

  it("does not rebuild when the build is newer than every source", async () => {
    const root = await project();
    await utimes(path.join(root, "app", "page.tsx"), new Date(2020, 1, 1), new Date(2020, 1, 1));
    await utimes(path.join(root, "app"), new Date(2020, 1, 1), new Date(2020, 1, 1));
    await build(root, new Date());
    expect(await isBuildStale(root)).toBe(false);
  });

  it("rebuilds when a source changed after the build", async () => {
    const root = await project();
    await build(root, new Date(2020, 1, 1));
    expect(await isBuildStale(root)).toBe(true);
  });
});
