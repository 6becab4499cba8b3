import type pg from "pg";
import { loadRawTexts } from "@/lib/detection/engine/raw";
import { type PlaybookSummary, playbookValues } from "@/lib/detection/engine/signal-content";
import { readsFirstEvent, renderMarkdownTemplate } from "@/lib/detection/playbook";
import { ruleConfigSchema } from "@/lib/detection/rule-config";

// Stored signal messages link principals, IPs and keys (lib/detection/links.ts). Messages rendered when
// those links opened the Events page still do; this re-renders them from the signal's own summary and its
// rule version's playbook, so they open the investigation views at once rather than at the signal's next
// regroup. The worker runs it at start. It touches only messages holding an old link, compares and sets
// (a regroup that rewrote a message meanwhile wins), and leaves history, version and triage alone.

const STALE_LINK = "%](/events?%";
const BATCH = 500;

interface Row {
  id: string;
  message: string;
  template: unknown;
  principal_arn: string | null;
  account_id: string | null;
  event_names: string[];
  event_sources: string[];
  source_ips: string[];
  user_agents: string[];
  access_key_ids: string[];
  aws_regions: string[];
  error_codes: string[];
  first_chunk: string | null;
  first_index: number | null;
}

export async function refreshSignalMessages(pool: pg.Pool): Promise<number> {
  let refreshed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { rows } = await pool.query<Row>(
      `SELECT s.id, s.message, rv.config->'playbook'->'message' AS template, s.principal_arn, s.account_id,
              s.event_names, s.event_sources, s.source_ips, s.user_agents, s.access_key_ids, s.aws_regions,
              s.error_codes, first.raw_chunk_id::text AS first_chunk, first.raw_index AS first_index
         FROM signals s
         JOIN rule_versions rv ON rv.id = s.rule_version_id
         LEFT JOIN LATERAL (
           SELECT e.raw_chunk_id, e.raw_index FROM signal_events se JOIN events e ON e.id = se.event_id
            WHERE se.signal_id = s.id ORDER BY e.event_time, e.id LIMIT 1) first ON true
        WHERE s.message LIKE $1 AND s.id > $2
        ORDER BY s.id LIMIT ${BATCH}`,
      [STALE_LINK, after],
    );
    if (rows.length === 0) return refreshed;
    for (const row of rows) {
      after = row.id;
      const template = ruleConfigSchema.shape.playbook.shape.message.safeParse(row.template);
      if (!template.success) continue;
      let firstEvent: unknown = null;
      if (readsFirstEvent(template.data) && row.first_chunk !== null && row.first_index !== null) {
        const [text] = await loadRawTexts(pool, [{ rawChunkId: row.first_chunk, rawIndex: row.first_index }]);
        firstEvent = text ? JSON.parse(text) : null;
      }
      const summary: PlaybookSummary = {
        principalArn: row.principal_arn,
        accountId: row.account_id,
        eventNames: row.event_names,
        eventSources: row.event_sources,
        sourceIps: row.source_ips,
        userAgents: row.user_agents,
        accessKeyIds: row.access_key_ids,
        regions: row.aws_regions,
        errorCodes: row.error_codes,
      };
      const message = renderMarkdownTemplate(template.data, playbookValues(summary, firstEvent));
      const updated = await pool.query("UPDATE signals SET message = $2 WHERE id = $1 AND message = $3", [
        row.id,
        message,
        row.message,
      ]);
      refreshed += updated.rowCount ?? 0;
    }
  }
}
