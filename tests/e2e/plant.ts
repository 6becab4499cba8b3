import { type APIRequestContext, expect } from "@playwright/test";
import { type CallSpec, call } from "../support/detection-events";
import { s3RecordsText } from "../support/fixtures";
import { sameOrigin } from "./support";

// Planting attacks for the detection e2e specs: events uploaded through the API as one S3 delivery file,
// waited for until the upload is done (its signals exist by then).

/** Uploads the events as one S3 delivery file and waits until it is stored and detection has run. */
export async function plantEvents(request: APIRequestContext, filename: string, events: ReturnType<typeof call>[]) {
  const response = await request.post("/api/v1/uploads", {
    headers: sameOrigin,
    multipart: { file: { name: filename, mimeType: "application/json", buffer: Buffer.from(s3RecordsText(events)) } },
  });
  expect(response.status(), await response.text()).toBe(202);
  const { data } = (await response.json()) as { data: { id: string }[] };
  const id = data[0]?.id as string;
  await expect
    .poll(async () => ((await (await request.get(`/api/v1/uploads/${id}`)).json()) as { status: string }).status, {
      timeout: 60_000,
    })
    .toBe("done");
  return id;
}

/** One call under this test's own key, so follow-up correlation (same principal or key) never spans tests. */
export const denialBy = (prefix: string, index: number, spec: Partial<CallSpec>) =>
  call({ prefix, index, accessKeyId: `AKIA${prefix.toUpperCase()}00000000`, ...spec } as CallSpec);
