import { readFileSync } from "node:fs";

// Resident memory from /proc (Linux): VmHWM is the kernel's own peak, VmRSS the current value. Sampling
// VmRSS every 100 ms as well gives a second opinion and shows when the peak happened.

function statusField(pid: number | "self", field: "VmRSS" | "VmHWM"): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export const peakRss = (pid: number | "self"): number | null =>
  statusField(pid, "VmHWM") ?? (pid === "self" ? process.resourceUsage().maxRSS * 1024 : null);

export interface Sampler {
  stop(): { maxBytes: number | null; atSeconds: number | null };
}

export function sampleRss(pid: number | "self", everyMs = 100): Sampler {
  const started = performance.now();
  let maxBytes: number | null = null;
  let atSeconds: number | null = null;
  const timer = setInterval(() => {
    const rss = statusField(pid, "VmRSS");
    if (rss !== null && (maxBytes === null || rss > maxBytes)) {
      maxBytes = rss;
      atSeconds = (performance.now() - started) / 1000;
    }
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return { maxBytes, atSeconds };
    },
  };
}
