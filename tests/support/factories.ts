import { randomBytes, randomUUID } from "node:crypto";
import type { UserActor } from "@/lib/auth/access";
import { systemActor } from "@/lib/auth/audit";
import { createUser } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import { encodeRawChunk } from "@/lib/events/raw-chunks";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

export const TEST_PASSWORD = "a long enough test password";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.test`;
}

export async function makeUser(db: Db, options: { role?: Role; email?: string; password?: string } = {}) {
  return createUser(db, {
    user: {
      email: options.email ?? uniqueEmail(options.role),
      name: `Test ${options.role ?? "viewer"}`,
      role: options.role ?? "viewer",
      password: options.password ?? TEST_PASSWORD,
    },
    mustChangePassword: false,
    actor: systemActor("test"),
  });
}

/** A new user of `role` as the server's code sees the signed-in caller (lib/auth/access.ts), for tests that call it directly. */
export async function makeUserActor(db: Db, role: Role): Promise<UserActor> {
  const user = await makeUser(db, { role });
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role,
    sessionId: "test",
    mustChangePassword: false,
  };
}

/** An event as a test stores it: the typed columns, and the JSON that storage keeps in a raw chunk. */
export type TestEvent = Omit<Prisma.EventCreateManyInput, "rawChunkId" | "rawIndex"> & { raw: Record<string, unknown> };

/** A stored CloudTrail event: typed columns that agree with its raw JSON, unless a test overrides them. */
export function makeEvent(overrides: Partial<TestEvent> = {}): TestEvent {
  const { raw: rawOverride, ...columns } = overrides;
  const eventId = columns.eventId ?? randomUUID();
  const recipientAccountId = columns.recipientAccountId === undefined ? "111122223333" : columns.recipientAccountId;
  const base = {
    eventId,
    recipientAccountId,
    eventKey: recipientAccountId ? `${recipientAccountId}:${eventId}` : eventId,
    eventTime: new Date("2026-01-15T10:00:00Z"),
    eventSource: "bedrock.amazonaws.com",
    eventName: "ListFoundationModels",
    awsRegion: "us-east-1",
    sourceIp: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    errorCode: "AccessDeniedException",
    errorMessage: "User is not authorized to perform: bedrock:ListFoundationModels",
    principalArn: "arn:aws:iam::111122223333:user/leaked",
    principalType: "IAMUser",
    principalName: "leaked",
    accountId: recipientAccountId,
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    credentialType: "long_term_key" as const,
    readOnly: true,
    eventType: "AwsApiCall",
    requestId: randomUUID(),
    ...columns,
  };
  const raw = rawOverride ?? {
    eventVersion: "1.09",
    userIdentity: {
      type: base.principalType,
      arn: base.principalArn,
      accountId: base.accountId,
      accessKeyId: base.accessKeyId,
      userName: base.principalName,
    },
    eventTime: new Date(base.eventTime).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: base.eventSource,
    eventName: base.eventName,
    awsRegion: base.awsRegion,
    sourceIPAddress: base.sourceIp,
    userAgent: base.userAgent,
    errorCode: base.errorCode,
    errorMessage: base.errorMessage,
    requestParameters: null,
    responseElements: null,
    requestID: base.requestId,
    eventID: base.eventId,
    readOnly: base.readOnly,
    eventType: base.eventType,
    recipientAccountId: base.recipientAccountId,
  };
  return { ...base, raw };
}

/** Stores events as ingestion does: their raw JSON in compressed chunks, each row pointing at its line. */
export async function insertEvents(db: Db, events: TestEvent[], options: { chunkSize?: number } = {}): Promise<void> {
  const chunkSize = options.chunkSize ?? 500;
  for (let start = 0; start < events.length; start += chunkSize) {
    const slice = events.slice(start, start + chunkSize);
    const chunk = await db.rawChunk.create({
      data: {
        uploadId: slice[0]?.uploadId ?? null,
        eventCount: slice.length,
        data: new Uint8Array(await encodeRawChunk(slice.map((event) => JSON.stringify(event.raw)))),
      },
      select: { id: true },
    });
    await db.event.createMany({
      data: slice.map(({ raw: _raw, ...event }, index) => ({ ...event, rawChunkId: chunk.id, rawIndex: index })),
    });
  }
}
