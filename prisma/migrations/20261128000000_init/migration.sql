-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'analyst', 'admin');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('ingest', 'read', 'write');

-- CreateEnum
CREATE TYPE "CredentialType" AS ENUM ('long_term_key', 'bedrock_api_key', 'temporary', 'console_session', 'aws_service', 'unknown');

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('queued', 'processing', 'done', 'failed');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('info', 'low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "SignalStatus" AS ENUM ('open', 'under_review', 'archived');

-- CreateEnum
CREATE TYPE "ArchiveReason" AS ENUM ('false_positive', 'testing_or_maintenance', 'remediated', 'investigated_case_opened', 'true_positive_benign', 'true_positive_malicious', 'other');

-- CreateEnum
CREATE TYPE "SignalActivityKind" AS ENUM ('created', 'new_matches', 'merged', 'status_changed', 'assigned', 'commented', 'severity_changed', 'suppressed', 'unsuppressed', 'reopened');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "password_hash" TEXT,
    "disabled_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "ip" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "scopes" "TokenScope"[],
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6),
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "ip" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "uploads" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "filename" TEXT NOT NULL,
    "stored_path" TEXT NOT NULL,
    "sha256" TEXT,
    "format" TEXT,
    "status" "UploadStatus" NOT NULL DEFAULT 'queued',
    "bytes_total" BIGINT NOT NULL,
    "bytes_processed" BIGINT NOT NULL DEFAULT 0,
    "events_parsed" INTEGER NOT NULL DEFAULT 0,
    "events_inserted" INTEGER NOT NULL DEFAULT 0,
    "events_duplicate" INTEGER NOT NULL DEFAULT 0,
    "events_rejected" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "failure_reason" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(6),
    "finished_at" TIMESTAMPTZ(6),

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "event_key" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "recipient_account_id" TEXT,
    "event_time" TIMESTAMPTZ(6) NOT NULL,
    "event_source" TEXT,
    "event_name" TEXT NOT NULL,
    "aws_region" TEXT,
    "source_ip" TEXT,
    "user_agent" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,
    "principal_arn" TEXT,
    "principal_type" TEXT,
    "principal_name" TEXT,
    "account_id" TEXT,
    "access_key_id" TEXT,
    "credential_type" "CredentialType" NOT NULL,
    "read_only" BOOLEAN,
    "event_type" TEXT,
    "request_id" TEXT,
    "upload_id" UUID,
    "ingested_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raw" JSON NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rules" (
    "id" TEXT NOT NULL,
    "origin_id" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "last_evaluated_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rule_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "comment" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_matches" (
    "rule_version_id" UUID NOT NULL,
    "event_id" BIGINT NOT NULL,
    "group_key" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(6) NOT NULL,
    "explanation" JSONB NOT NULL,

    CONSTRAINT "rule_matches_pkey" PRIMARY KEY ("rule_version_id","event_id")
);

-- CreateTable
CREATE TABLE "signals" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rule_id" TEXT NOT NULL,
    "rule_version_id" UUID NOT NULL,
    "group_key" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "status" "SignalStatus" NOT NULL DEFAULT 'open',
    "archive_reason" "ArchiveReason",
    "assignee_id" UUID,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "principal_arn" TEXT,
    "account_id" TEXT,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    "event_count" INTEGER NOT NULL,
    "event_names" TEXT[],
    "event_sources" TEXT[],
    "aws_regions" TEXT[],
    "source_ips" TEXT[],
    "user_agents" TEXT[],
    "access_key_ids" TEXT[],
    "error_codes" TEXT[],
    "follow_up" JSONB,
    "suppressed_by_id" UUID,
    "merged_into_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signal_events" (
    "signal_id" UUID NOT NULL,
    "event_id" BIGINT NOT NULL,

    CONSTRAINT "signal_events_pkey" PRIMARY KEY ("signal_id","event_id")
);

-- CreateTable
CREATE TABLE "signal_activity" (
    "id" BIGSERIAL NOT NULL,
    "signal_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "kind" "SignalActivityKind" NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "signal_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppressions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "rule_id" TEXT,
    "query" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "starts_at" TIMESTAMPTZ(6),
    "expires_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(6),

    CONSTRAINT "suppressions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppression_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "suppression_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "changed_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppression_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_action_at_idx" ON "audit_log"("action", "at");

-- CreateIndex
CREATE INDEX "uploads_created_at_idx" ON "uploads"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "events_event_key_key" ON "events"("event_key");

-- CreateIndex
CREATE INDEX "events_event_time_idx" ON "events"("event_time");

-- CreateIndex
CREATE INDEX "events_principal_arn_event_time_idx" ON "events"("principal_arn", "event_time");

-- CreateIndex
CREATE INDEX "events_source_ip_event_time_idx" ON "events"("source_ip", "event_time");

-- CreateIndex
CREATE INDEX "events_access_key_id_event_time_idx" ON "events"("access_key_id", "event_time");

-- CreateIndex
CREATE INDEX "events_event_name_event_time_idx" ON "events"("event_name", "event_time");

-- CreateIndex
CREATE INDEX "events_upload_id_idx" ON "events"("upload_id");

-- CreateIndex
CREATE UNIQUE INDEX "rule_versions_rule_id_version_key" ON "rule_versions"("rule_id", "version");

-- CreateIndex
CREATE INDEX "rule_matches_rule_version_id_group_key_event_time_idx" ON "rule_matches"("rule_version_id", "group_key", "event_time");

-- CreateIndex
CREATE INDEX "rule_matches_event_id_idx" ON "rule_matches"("event_id");

-- CreateIndex
CREATE INDEX "signals_rule_id_group_key_first_seen_idx" ON "signals"("rule_id", "group_key", "first_seen");

-- CreateIndex
CREATE INDEX "signals_status_last_seen_idx" ON "signals"("status", "last_seen");

-- CreateIndex
CREATE INDEX "signals_principal_arn_last_seen_idx" ON "signals"("principal_arn", "last_seen");

-- CreateIndex
CREATE INDEX "signals_source_ips_idx" ON "signals" USING GIN ("source_ips");

-- CreateIndex
CREATE INDEX "signals_access_key_ids_idx" ON "signals" USING GIN ("access_key_ids");

-- CreateIndex
CREATE INDEX "signal_events_event_id_idx" ON "signal_events"("event_id");

-- CreateIndex
CREATE INDEX "signal_activity_signal_id_at_idx" ON "signal_activity"("signal_id", "at");

-- CreateIndex
CREATE INDEX "suppressions_rule_id_idx" ON "suppressions"("rule_id");

-- CreateIndex
CREATE UNIQUE INDEX "suppression_versions_suppression_id_version_key" ON "suppression_versions"("suppression_id", "version");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_matches" ADD CONSTRAINT "rule_matches_rule_version_id_fkey" FOREIGN KEY ("rule_version_id") REFERENCES "rule_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_matches" ADD CONSTRAINT "rule_matches_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_rule_version_id_fkey" FOREIGN KEY ("rule_version_id") REFERENCES "rule_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_suppressed_by_id_fkey" FOREIGN KEY ("suppressed_by_id") REFERENCES "suppressions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signals" ADD CONSTRAINT "signals_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "signals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signal_events" ADD CONSTRAINT "signal_events_signal_id_fkey" FOREIGN KEY ("signal_id") REFERENCES "signals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signal_events" ADD CONSTRAINT "signal_events_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signal_activity" ADD CONSTRAINT "signal_activity_signal_id_fkey" FOREIGN KEY ("signal_id") REFERENCES "signals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signal_activity" ADD CONSTRAINT "signal_activity_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppression_versions" ADD CONSTRAINT "suppression_versions_suppression_id_fkey" FOREIGN KEY ("suppression_id") REFERENCES "suppressions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "suppression_versions" ADD CONSTRAINT "suppression_versions_changed_by_id_fkey" FOREIGN KEY ("changed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Append-only history. Not expressible in schema.prisma, so kept here; the drift test knows about these.
CREATE FUNCTION "refuse_change_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_append_only"();

CREATE TRIGGER "audit_log_no_truncate"
  BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_append_only"();

CREATE TRIGGER "signal_activity_append_only"
  BEFORE UPDATE OR DELETE ON "signal_activity"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_append_only"();

CREATE TRIGGER "signal_activity_no_truncate"
  BEFORE TRUNCATE ON "signal_activity"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_append_only"();
