// What an upload held, as its row shows it while it is read: the formats of its files, the files it
// skipped and why, and, when nothing in it was an event, the reason it failed in words that lead with
// the cause.

export interface Summary {
  files: Map<string, number>;
  filesRead: number;
  skipped: { path: string; reason: string }[];
  skippedTotal: number;
  firstProblem: { where: string; message: string } | null;
  firstReject: { where: string; message: string } | null;
  rejects: number;
}

export function formatSummary(files: Map<string, number>, container: string | null): string | null {
  if (files.size === 0) return container;
  const parts = [...files.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([format, n]) => (n > 1 ? `${format} ×${n.toLocaleString("en-US")}` : format));
  if (!container && files.size === 1 && [...files.values()][0] === 1) return parts[0] ?? null;
  return `${container ?? "files"}: ${parts.join(", ")}`;
}

/** Why an upload with no events failed, in words that lead with the cause. */
export function failureOf(summary: Summary, filename: string): string {
  const located = (problem: { where: string; message: string }) =>
    problem.where === filename ? problem.message : `${problem.message} (${problem.where})`;
  if (summary.firstProblem) return located(summary.firstProblem);
  if (summary.firstReject) {
    const { where, message } = summary.firstReject;
    return `not a CloudTrail export: none of its ${summary.rejects} record(s) is a CloudTrail event (first, ${where}: ${message})`;
  }
  const skipped = summary.skipped[0];
  return `not a CloudTrail export: no file in it holds CloudTrail events (${summary.skippedTotal} skipped; first, ${skipped?.path}: ${skipped?.reason})`;
}
