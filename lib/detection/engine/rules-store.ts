import type pg from "pg";
import { type BuiltInRule, builtInRule, builtInRules } from "@/lib/detection/catalog";
import { type RuleConfig, ruleConfigSchema } from "@/lib/detection/rule-config";

// The stored side of the rules: each built-in rule has a row and, from its first start, a version 1
// holding its default configuration. Every configuration change is a new version; the rule row points
// at the current one.

export type Queryable = Pick<pg.ClientBase, "query">;

export interface ActiveRule {
  rule: BuiltInRule;
  versionId: string;
  version: number;
  config: RuleConfig;
}

/**
 * Creates the rows of built-in rules that have none yet. Safe to call at every start, concurrently. A rule
 * new to a database that already holds events starts unevaluated, so the worker's re-evaluation runs it
 * over the events stored before it existed.
 */
export async function ensureBuiltInRules(db: Queryable): Promise<void> {
  for (const rule of builtInRules) {
    // With no events stored there is nothing to evaluate: the first version counts as evaluated at once,
    // so a fresh installation's first upload gets its signals without waiting for a re-evaluation.
    await db.query(
      `INSERT INTO rules (id, origin_id, name, description, enabled, current_version, evaluated_version)
       SELECT $1, $2, $3, $4, $5, 1, CASE WHEN EXISTS (SELECT 1 FROM events) THEN NULL ELSE 1 END
       ON CONFLICT (id) DO NOTHING`,
      [rule.id, rule.originId, rule.name, rule.description, rule.defaultConfig.enabled],
    );
    await db.query(
      `INSERT INTO rule_versions (rule_id, version, config, comment)
       VALUES ($1, 1, $2, 'Shipped configuration') ON CONFLICT (rule_id, version) DO NOTHING`,
      [rule.id, JSON.stringify(rule.defaultConfig)],
    );
  }
}

const parsedConfigs = new Map<string, RuleConfig>();

/** A stored configuration, checked once per version (versions never change once written). */
export function parseStoredConfig(versionId: string, config: unknown): RuleConfig {
  let parsed = parsedConfigs.get(versionId);
  if (!parsed) {
    const result = ruleConfigSchema.safeParse(config);
    if (!result.success)
      throw new Error(`rule version ${versionId} has an invalid stored configuration: ${result.error.message}`);
    parsed = result.data;
    parsedConfigs.set(versionId, parsed);
  }
  return parsed;
}

interface VersionRow {
  rule_id: string;
  version_id: string;
  version: number;
  config: unknown;
}

function toActive(row: VersionRow): ActiveRule | null {
  const rule = builtInRule(row.rule_id);
  if (!rule) return null; // a rule this build does not know (written by a newer one): left alone
  return {
    rule,
    versionId: row.version_id,
    version: row.version,
    config: parseStoredConfig(row.version_id, row.config),
  };
}

/** Every rule's current version. */
export async function currentRules(db: Queryable): Promise<ActiveRule[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT r.id AS rule_id, v.id AS version_id, v.version, v.config
       FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
      ORDER BY r.id`,
  );
  return rows.map(toActive).filter((rule): rule is ActiveRule => rule !== null);
}

export async function currentRule(db: Queryable, ruleId: string): Promise<ActiveRule | null> {
  const { rows } = await db.query<VersionRow>(
    `SELECT r.id AS rule_id, v.id AS version_id, v.version, v.config
       FROM rules r JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version
      WHERE r.id = $1`,
    [ruleId],
  );
  return rows[0] ? toActive(rows[0]) : null;
}
