import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { gzip, s3RecordsText, syntheticEvent, syntheticEvents, uniquePrefix, zipArchive } from "../support/fixtures";
import { createActiveUser, sameOrigin, signIn } from "./support";

// The analyst's path: one drag of a zip (nested S3 folders, Mac clutter, a README) onto the Uploads page,
// the progress bar running to the end, and the events found on the Events page.

function exportZip(prefix: string) {
  const first = syntheticEvents(30, prefix).slice(0, 18);
  const second = syntheticEvents(30, prefix).slice(18);
  const folder = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/01";
  return {
    events: 30,
    bytes: zipArchive([
      {
        name: `${folder}/111122223333_CloudTrail_us-east-1_20260101T0000Z_a.json.gz`,
        data: gzip(s3RecordsText(first)),
      },
      {
        name: `${folder}/111122223333_CloudTrail_us-east-1_20260101T0005Z_b.json.gz`,
        data: gzip(s3RecordsText(second)),
      },
      { name: `__MACOSX/${folder}/._111122223333_CloudTrail_us-east-1_20260101T0000Z_a.json.gz`, data: "mac" },
      { name: "README.txt", data: "exported from the S3 console" },
    ]),
  };
}

test("an analyst drags a zip onto the Uploads page, watches it finish, and finds its events", async ({ page }) => {
  const prefix = uniquePrefix();
  const name = `export-${prefix}.zip`;
  const zip = exportZip(prefix);

  await page.goto("/uploads");
  const zone = page.getByRole("region", { name: "Upload CloudTrail exports" });
  await expect(zone).toBeVisible();
  // A real drop: a DataTransfer holding the file, through dragenter, dragover and drop.
  const dataTransfer = await page.evaluateHandle(
    ({ fileName, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], fileName, { type: "application/zip" }));
      return transfer;
    },
    { fileName: name, base64: zip.bytes.toString("base64") },
  );
  for (const type of ["dragenter", "dragover", "drop"]) await zone.dispatchEvent(type, { dataTransfer });

  const row = page.getByTestId("upload-row").filter({ hasText: name });
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const bar = row.getByRole("progressbar");
  const max = await bar.getAttribute("aria-valuemax");
  await expect(bar).toHaveAttribute("aria-valuenow", max ?? "");
  await expect(row).toContainText("zip");
  await expect(row).toContainText(String(zip.events));

  // The details: the skipped clutter is listed, and the events are one click away.
  await row.click();
  const skipped = page.getByRole("region", { name: "Skipped files" });
  await expect(skipped).toContainText("__MACOSX");
  await expect(skipped).toContainText("README.txt");
  await page.getByRole("link", { name: new RegExp(`View ${zip.events} events`) }).click();
  await expect(page).toHaveURL(/\/events\?upload=/);
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  const table = page.getByRole("table", { name: "Events" });
  await expect(table.getByRole("row")).toHaveCount(zip.events + 1);
  await expect(table).toContainText("ListTrainingJobs");
});

test("uploading the same zip again stores nothing new, and says so", async ({ page, request }) => {
  const prefix = uniquePrefix();
  const zip = exportZip(prefix);
  for (const round of [1, 2]) {
    const response = await request.post("/api/v1/uploads", {
      headers: sameOrigin,
      multipart: { file: { name: `again-${prefix}-${round}.zip`, mimeType: "application/zip", buffer: zip.bytes } },
    });
    expect(response.status()).toBe(202);
  }
  await page.goto("/uploads");
  for (const round of [1, 2]) {
    const row = page.getByTestId("upload-row").filter({ hasText: `again-${prefix}-${round}.zip` });
    await expect(row).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  }
  // The worker reads uploads side by side, so either may store the events first: one stores them all,
  // the other finds every one already stored.
  const detail = await (await request.get("/api/v1/uploads?pageSize=10")).json();
  const counts = (detail.data as { filename: string; eventsInserted: number; eventsDuplicate: number }[])
    .filter((entry) => entry.filename.startsWith(`again-${prefix}-`))
    .map((entry) => [entry.eventsInserted, entry.eventsDuplicate])
    .sort((a, b) => (a[0] as number) - (b[0] as number));
  expect(counts).toEqual([
    [0, zip.events],
    [zip.events, 0],
  ]);
});

test("a viewer sees the uploads but is not offered the drop zone", async ({ browser }) => {
  const viewer = await createActiveUser("viewer", "uploads-viewer");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(context.request, viewer.email, viewer.password);
  const page = await context.newPage();
  await page.goto("/uploads");
  await expect(page.getByRole("heading", { level: 1, name: "Uploads" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Upload CloudTrail exports" })).toHaveCount(0);
  await expect(page.getByRole("note")).toContainText(/analyst/i);
  await context.close();
});

test("a folder of 500 small S3 files goes as one upload, and its progress bar runs to done", async ({
  page,
  request,
}) => {
  const prefix = uniquePrefix();
  const root = await mkdtemp(path.join(os.tmpdir(), "tt-e2e-"));
  const folder = path.join(root, `s3-export-${prefix}`);
  const files = 500;
  const perFile = 4;
  for (let f = 0; f < files; f++) {
    const day = `AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/${String((f % 28) + 1).padStart(2, "0")}`;
    const events = Array.from({ length: perFile }, (_, i) => syntheticEvent(prefix, f * perFile + i));
    await mkdir(path.join(folder, day), { recursive: true });
    await writeFile(
      path.join(folder, day, `111122223333_CloudTrail_us-east-1_${f}_${prefix}.json.gz`),
      gzip(s3RecordsText(events)),
    );
  }

  await page.goto("/uploads");
  await page.getByLabel("Choose a folder to upload").setInputFiles(folder);

  const row = page.getByTestId("upload-row").filter({ hasText: `s3-export-${prefix}/` });
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  const bar = row.getByRole("progressbar");
  await expect(bar).toHaveAttribute("aria-valuenow", (await bar.getAttribute("aria-valuemax")) ?? "");
  // One upload for the whole folder, holding every file's events, and none for any of its files (other
  // tests upload at the same time, so the uploads are told apart by this test's prefix).
  const listed = (await (await request.get("/api/v1/uploads?pageSize=100")).json()).data as {
    filename: string;
    filesRead: number;
    eventsParsed: number;
    format: string;
  }[];
  const ours = listed.filter((upload) => upload.filename.includes(prefix));
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatchObject({
    filename: `s3-export-${prefix}/`,
    filesRead: files,
    eventsParsed: files * perFile,
    format: `folder: s3-records ×${files}`,
  });
  await rm(root, { recursive: true, force: true });
});
