import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "@/lib/cli/paths";

// `npm start` builds only when the production build is missing or older than the sources.

const SOURCES = [
  "app",
  "components",
  "lib",
  "prisma/schema.prisma",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
const SKIP = new Set(["generated", "node_modules"]);

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target, { withFileTypes: true });
  const times = await Promise.all(
    entries.filter((entry) => !SKIP.has(entry.name)).map((entry) => newestMtime(path.join(target, entry.name))),
  );
  return Math.max(info.mtimeMs, ...times);
}

export async function isBuildStale(root = projectRoot): Promise<boolean> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = (await stat(buildId)).mtimeMs;
  const sourcesAt = await Promise.all(SOURCES.map((source) => newestMtime(path.join(root, source))));
  return Math.max(...sourcesAt) > builtAt;
}

export function nextBin(root = projectRoot): string {
  return path.join(root, "node_modules", "next", "dist", "bin", "next");
}

export function runNextBuild(env: NodeJS.ProcessEnv, root = projectRoot): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(root), "build"], { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
}
