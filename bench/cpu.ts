import { readdirSync, readFileSync } from "node:fs";

// CPU time by process (Linux /proc, in clock ticks of 1/100 s): the worker, this process, and PostgreSQL
// (its postmaster and every process under it). Over a scenario, with 2 cores, these say whether the time
// goes to Node or to the database, and whether the two overlap or take turns.

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; ticks: number; reapedTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      reapedTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

export const cpuSeconds = (pid: number): number | null => {
  const s = stat(pid);
  return s ? s.ticks / TICKS_PER_SECOND : null;
};

/**
 * CPU of a process and its direct children (PostgreSQL: the postmaster and its backends): those alive now,
 * and those that exited, which the kernel adds to the parent's reaped-children time.
 */
export function treeCpuSeconds(rootPid: number): number | null {
  const root = stat(rootPid);
  if (!root) return null;
  let ticks = root.ticks + root.reapedTicks;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const child = stat(Number(entry));
    if (child?.ppid === rootPid) ticks += child.ticks;
  }
  return ticks / TICKS_PER_SECOND;
}

export function postmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number(readFileSync(`${clusterDir}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine spent busy (all cores, all processes), from /proc/stat. */
export function machineBusySeconds(): number | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (total - idle) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
