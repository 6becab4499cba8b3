import { spawn } from "node:child_process";
import type { Corpus } from "@/bench/corpus";
import { defaultBedrockRuleConfig } from "@/lib/detection/rule-config";

// What an analyst scripts instead of a tool: zcat the files and let jq pick out the rule's matches (denied
// discovery calls by an AKIA key). The ingest targets are set against it: storing, indexing and grouping
// every event must be no slower than reading them with jq. Null when jq is not installed.

export interface JqResult {
  seconds: number;
  eventsPerSecond: number;
  /** Lines jq printed (the rule's matches, roughly: it does not classify keys as exactly as the rule). */
  matches: number;
}

function filter(): string {
  const rule = defaultBedrockRuleConfig;
  const list = (values: string[]) => JSON.stringify(values);
  return `.Records[] | select(
    (.errorCode as $e | ${list(rule.errorCodes)} | index($e))
    and ((.userIdentity.accessKeyId // "") | startswith("AKIA"))
    and (((.eventSource as $s | ${list(rule.seedSources)} | index($s)) and (.eventName as $n | ${list(rule.seedNames)} | index($n)))
      or (.eventSource == ${JSON.stringify(rule.bedrockSource)} and (.eventName as $n | ${list(rule.bedrockNames)} | index($n))))
  ) | .eventID`;
}

export async function timeJq(corpus: Corpus): Promise<JqResult | null> {
  const script = `cd ${JSON.stringify(corpus.dir)} && find AWSLogs -type f -name '*.gz' -print0 | sort -z | xargs -0 zcat | jq -r "$FILTER" | wc -l`;
  const started = performance.now();
  const output = await new Promise<string | null>((resolve, reject) => {
    const child = spawn("bash", ["-o", "pipefail", "-c", script], {
      env: { ...process.env, FILTER: filter() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else if (/jq: command not found|jq: not found/.test(err)) resolve(null);
      else reject(new Error(`jq run failed (${code}): ${err.slice(0, 500)}`));
    });
  });
  if (output === null) return null;
  const seconds = (performance.now() - started) / 1000;
  return { seconds, eventsPerSecond: corpus.events / seconds, matches: Number(output.trim()) };
}
