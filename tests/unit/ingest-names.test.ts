import { describe, expect, it } from "vitest";
import { cleanFilename } from "@/lib/ingest/accept";
import { entryNameProblem } from "@/lib/ingest/archive-guards";

describe("cleanFilename", () => {
  it.each([
    ["AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/01/a.json.gz", "a.json.gz"],
    ["C:\\Users\\ana\\Downloads\\event_history.csv", "event_history.csv"],
    ["../../etc/passwd", "passwd"],
    ["bad\u0000name\u001b.json", "badname.json"],
    ["", "upload"],
    ["///", "upload"],
    [`${"x".repeat(300)}.json`, "x".repeat(255)],
  ])("%j is shown as %j", (name, expected) => {
    expect(cleanFilename(name)).toBe(expected);
  });
});

describe("entryNameProblem", () => {
  it.each(["../evil.json", "a/../../evil.json", "/etc/cron.d/x", "C:/x.json", "a\\..\\..\\x.json"])(
    "refuses %j",
    (name) => {
      expect(entryNameProblem(name)).toMatch(/unsafe entry name/);
    },
  );
  it.each(["AWSLogs/1/CloudTrail/us-east-1/x.json.gz", "a..b.json", "folder/..hidden.json"])("accepts %j", (name) => {
    expect(entryNameProblem(name)).toBeNull();
  });
});
