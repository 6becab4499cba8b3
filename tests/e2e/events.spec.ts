import { expect, type Page, test } from "@playwright/test";
import { minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";

// The Events page: its filters live in the URL (shared, reloaded, hand-edited), free text and region
// narrow the list, a filter change goes back to the first page, and the export takes the same filters.

const EVENTS = 55;

const rows = (page: Page) => page.getByRole("table", { name: "Events" }).getByRole("row");
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

test("free text and region narrow the events, live in the URL, and reach the export", async ({ page, request }) => {
  const prefix = uniquePrefix();
  const filename = `events-${prefix}.json`;
  const start = new Date("2026-03-02T08:00:00Z");
  const upload = await plantEvents(
    request,
    filename,
    Array.from({ length: EVENTS }, (_, i) =>
      denialBy(prefix, i, {
        time: minutes(start, i),
        errorCode: null,
        region: i < 3 ? "eu-west-1" : "us-east-1",
        // LIKE's `_` is a plain character: the first agent matches the search below, the second does not.
        userAgent: i === 10 ? `Denied_Bedrock/${prefix}` : i === 11 ? `Denied Bedrock/${prefix}` : `cli/${prefix}`,
      }),
    ),
  );

  await page.goto(`/events?upload=${upload}`);
  await expect(page.getByText(`From upload ${filename}`)).toBeVisible();
  await expect(rows(page)).toHaveCount(50 + 1);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(rows(page)).toHaveCount(EVENTS - 50 + 1);

  // Free text, in any case; a filter change goes back to the first page.
  await page.getByLabel("Search", { exact: true }).fill(`denied_bedrock/${prefix.toUpperCase()}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect.poll(() => param(page, "q")).toBe(`denied_bedrock/${prefix.toUpperCase()}`);
  await expect(page).not.toHaveURL(/page=/);
  await expect(rows(page)).toHaveCount(2);

  // A reload (or a shared link) shows the same list.
  await page.reload();
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue(`denied_bedrock/${prefix.toUpperCase()}`);
  await expect(rows(page)).toHaveCount(2);

  // The region, exactly; the search cleared.
  await page.getByLabel("Search", { exact: true }).fill("");
  await page.getByLabel("Region", { exact: true }).fill("eu-west-1");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect.poll(() => param(page, "awsRegion")).toBe("eu-west-1");
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(rows(page)).toHaveCount(3 + 1);
  const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  const exported = await (await request.get(exportHref as string)).text();
  expect(exported.trim().split("\r\n")).toHaveLength(3 + 1);

  // Clear takes every filter away, the upload's too.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue("");
});

test("a hand-edited link opens the page with what makes sense in it", async ({ page, request }) => {
  const prefix = uniquePrefix();
  const upload = await plantEvents(request, `events-link-${prefix}.json`, [
    denialBy(prefix, 0, { time: new Date("2026-03-03T08:00:00Z"), errorCode: null }),
    denialBy(prefix, 1, { time: new Date("2026-03-03T08:01:00Z"), errorCode: null, region: "ap-south-1" }),
  ]);
  // What the API would refuse (an unknown credential type, a page below one, a NUL byte) is left out.
  await page.goto(`/events?upload=${upload}&credentialType=root&page=-3&q=%00&awsRegion=ap-south-1`);
  await expect(rows(page)).toHaveCount(1 + 1);
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue("ap-south-1");
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue("");
});
