import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { ACCOUNT, minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";
import { admin, createActiveUser, sameOrigin, signIn } from "./support";

// The Signals explorer as analysts live in it: the keyboard, the side panel, selection and bulk changes
// (a page, or everything matching), sorting, saved views and related signals. Each test plants its own
// principals under its own prefix and filters the list down to them, so tests can share the database.

interface Planted {
  prefix: string;
  arns: string[];
}

/**
 * One signal per entry of `eventCounts`, each with that many denied calls, under principals named
 * `<label>-<i>-<prefix>`; all of one test's calls share its access key.
 */
async function plantSignals(request: APIRequestContext, label: string, eventCounts: number[]): Promise<Planted> {
  const prefix = uniquePrefix();
  const start = new Date("2026-04-02T08:00:00Z");
  const arns = eventCounts.map((_, i) => `arn:aws:iam::${ACCOUNT}:user/e2e-explorer/${label}-${i}-${prefix}`);
  let index = 0;
  const events = eventCounts.flatMap((count, i) =>
    Array.from({ length: count }, (_, call) =>
      denialBy(prefix, index++, { time: minutes(start, i * 2 + call * 5), arn: arns[i] as string }),
    ),
  );
  await plantEvents(request, `explorer-${label}-${prefix}.json`, events);
  await expect
    .poll(async () => (await (await request.get(`/api/v1/signals?q=${prefix}&status=open`)).json()).total, {
      timeout: 60_000,
    })
    .toBe(eventCounts.length);
  return { prefix, arns };
}

const resourceOf = (arn: string) => arn.split(":").slice(5).join(":");

/** The signal rows in the order shown (the header row left out). */
const rows = (page: Page) => page.getByRole("table", { name: "Signals" }).locator("tbody tr");
const rowOf = (page: Page, arn: string) => rows(page).filter({ hasText: resourceOf(arn) });
/** The side panel (a landmark beside the list), named by its signal's title, which holds the principal. */
const panelOf = (page: Page, arn: string) => page.getByRole("complementary", { name: new RegExp(resourceOf(arn)) });

async function signalOf(request: APIRequestContext, arn: string) {
  const page = await (await request.get(`/api/v1/signals?principal=${encodeURIComponent(arn)}`)).json();
  return page.data[0] as {
    id: string;
    status: string;
    archiveReason: string | null;
    assignee: { name: string } | null;
  };
}

async function countOf(request: APIRequestContext, query: string): Promise<number> {
  return (await (await request.get(`/api/v1/signals?${query}`)).json()).total;
}

test("the keyboard: move, open, assign, review, archive, search, help and the full page", async ({ page, request }) => {
  const { prefix, arns } = await plantSignals(request, "keys", [1, 3, 2]);
  const [one, three, two] = arns as [string, string, string];
  await page.goto(`/signals?q=${prefix}&sort=-eventCount`);
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).nth(0)).toContainText(resourceOf(three));

  // j and k move the keyboard's row.
  await page.keyboard.press("j");
  await expect(rows(page).nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(rows(page).nth(1)).toHaveAttribute("aria-current", "true");
  await expect(rows(page).nth(0)).not.toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(rows(page).nth(0)).toHaveAttribute("aria-current", "true");

  // o opens it beside the list.
  await page.keyboard.press("o");
  const panel = panelOf(page, three);
  await expect(panel.getByRole("region", { name: "Triage" })).toContainText("assigned to nobody");

  // a assigns it to me, r puts it under review: the row and the panel both say so.
  await page.keyboard.press("a");
  await expect(rowOf(page, three)).toContainText(admin.name);
  await expect(panel.getByRole("region", { name: "Triage" })).toContainText(`assigned to ${admin.name}`);
  await page.keyboard.press("r");
  await expect(rowOf(page, three)).toContainText("under review");

  // e asks for a reason and a comment, then archives: it leaves "Needs triage", and the next row takes
  // the keyboard. The panel stays on the archived signal until the keyboard moves.
  await page.keyboard.press("e");
  const archive = page.getByRole("dialog", { name: "Archive this signal" });
  await archive.getByLabel("Reason").selectOption("testing_or_maintenance");
  await archive.getByLabel("Comment").fill("Load test of the **ML platform** pipeline.");
  await archive.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(archive).toBeHidden();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toContainText(resourceOf(two));
  await expect(rows(page).nth(0)).toHaveAttribute("aria-current", "true");
  await expect(panel.getByRole("region", { name: "Triage" })).toContainText("Status archived · Testing or maintenance");
  await page.keyboard.press("k");
  await expect(panelOf(page, two)).toBeVisible();
  await expect(panel).toBeHidden();

  // What the keys did is what the server holds, with the history to show for it.
  const archived = await signalOf(request, three);
  expect(archived).toMatchObject({ status: "archived", archiveReason: "testing_or_maintenance" });
  expect(archived.assignee?.name).toBe(admin.name);
  const history = (await (await request.get(`/api/v1/signals/${archived.id}/activity`)).json()).data as {
    kind: string;
    details: Record<string, unknown>;
  }[];
  expect(history.map((entry) => entry.kind)).toEqual(["created", "assigned", "status_changed", "status_changed"]);
  expect(history.at(-1)?.details).toMatchObject({
    to: "archived",
    comment: "Load test of the **ML platform** pipeline.",
  });

  // Esc closes the panel; / goes to the search box (its text selected), where keys are typed, not obeyed.
  await page.keyboard.press("Escape");
  await expect(panelOf(page, two)).toBeHidden();
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeFocused();
  await page.keyboard.press("a");
  await expect(search).toHaveValue("a");
  expect((await signalOf(request, two)).assignee).toBeNull();
  await search.fill(prefix);
  await search.blur();

  // ? lists the shortcuts.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Assign to me");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Shift+O opens the keyboard's row on its own page.
  const twoId = (await signalOf(request, two)).id;
  await page.keyboard.press("Shift+O");
  await expect(page).toHaveURL(new RegExp(`/signals/${twoId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(resourceOf(two));
  expect((await signalOf(request, one)).status).toBe("open");
});

test("bulk: assign a selection, then review and archive everything matching across pages", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  // 52 signals: more than the page of 50, so "everything matching" reaches beyond what is shown.
  const { prefix, arns } = await plantSignals(
    request,
    "bulk",
    Array.from({ length: 52 }, () => 1),
  );
  await page.goto(`/signals?q=${prefix}`);
  await expect(rows(page)).toHaveCount(50);

  // j past the last row goes on to the next page, and k comes back.
  for (let i = 0; i < 50; i++) await page.keyboard.press("j");
  await expect(rows(page).nth(49)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(page).not.toHaveURL(/page=2/);
  await expect(rows(page).nth(49)).toHaveAttribute("aria-current", "true");

  // The newest two (the list shows the most recent activity first).
  const [newest, next] = [arns[51] as string, arns[50] as string];
  await rowOf(page, newest).getByRole("checkbox").check();
  await rowOf(page, next).getByRole("checkbox").check();
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("2 selected");
  await bar.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 changed." })).toBeVisible();
  await expect(bar).toBeHidden();
  await expect(rowOf(page, newest)).toContainText(admin.name);
  await expect(rowOf(page, next)).toContainText(admin.name);
  expect(await countOf(request, `q=${prefix}&assignee=me`)).toBe(2);

  // The page's checkbox selects the 50 shown; the bar then offers all 52.
  await page.getByRole("checkbox", { name: "Select every signal on this page" }).check();
  await expect(bar).toContainText("50 selected");
  await bar.getByRole("button", { name: "Select all 52 matching" }).click();
  await expect(bar).toContainText("All 52 matching signals");
  await bar.getByRole("button", { name: "Under review" }).click();
  await expect(page.getByRole("status").filter({ hasText: "52 changed." })).toBeVisible();
  expect(await countOf(request, `q=${prefix}&status=under_review`)).toBe(52);

  await page.getByRole("checkbox", { name: "Select every signal on this page" }).check();
  await bar.getByRole("button", { name: "Select all 52 matching" }).click();
  await bar.getByRole("button", { name: "Comment…" }).click();
  await bar.getByLabel("Comment on 52 signals").fill("Same leaked key as INC-4711.");
  await bar.getByRole("button", { name: "Add comment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "52 changed." })).toBeVisible();

  await page.getByRole("checkbox", { name: "Select every signal on this page" }).check();
  await bar.getByRole("button", { name: "Select all 52 matching" }).click();
  await bar.getByRole("button", { name: "Archive…" }).click();
  const archive = page.getByRole("dialog", { name: "Archive all 52 matching signals" });
  await archive.getByLabel("Reason").selectOption("true_positive_malicious");
  await archive.getByLabel("Comment").fill("Key revoked; see INC-4711.");
  await archive.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(page.getByText("No signals match these filters")).toBeVisible();
  expect(await countOf(request, `q=${prefix}&status=archived`)).toBe(52);
  expect(await countOf(request, `q=${prefix}&status=open,under_review`)).toBe(0);

  // One signal's history holds every step, each marked as part of a bulk change.
  const last = await signalOf(request, arns[51] as string);
  const history = (await (await request.get(`/api/v1/signals/${last.id}/activity`)).json()).data as {
    kind: string;
  }[];
  expect(history.map((entry) => entry.kind)).toEqual([
    "created",
    "assigned",
    "status_changed",
    "commented",
    "status_changed",
  ]);
});

test("sorting by a column, and a saved view that brings the filters and the order back", async ({ page, request }) => {
  const { prefix, arns } = await plantSignals(request, "sort", [1, 3, 2]);
  const [one, three, two] = arns as [string, string, string];
  await page.goto(`/signals?q=${prefix}`);
  await expect(rows(page)).toHaveCount(3);

  const events = page.getByRole("columnheader", { name: /Events/ });
  await events.getByRole("button").click();
  await expect(page).toHaveURL(/[?&]sort=-eventCount/);
  await expect(events).toHaveAttribute("aria-sort", "descending");
  await expect(rows(page).nth(0)).toContainText(resourceOf(three));
  await expect(rows(page).nth(1)).toContainText(resourceOf(two));
  await expect(rows(page).nth(2)).toContainText(resourceOf(one));
  await events.getByRole("button").click();
  await expect(page).toHaveURL(/[?&]sort=eventCount/);
  await expect(events).toHaveAttribute("aria-sort", "ascending");
  await expect(rows(page).nth(0)).toContainText(resourceOf(one));
  await expect(rows(page).nth(2)).toContainText(resourceOf(three));
  // The export follows the same order.
  const exportHref = await page.getByRole("link", { name: "Export JSON" }).getAttribute("href");
  const exported = (await (await request.get(exportHref as string)).json()) as { principalArn: string }[];
  expect(exported.map((signal) => signal.principalArn)).toEqual([one, two, three]);

  // Save the view, leave it, come back to it in one click.
  const views = page.getByRole("region", { name: "Saved views" });
  await views.getByRole("button", { name: "Save view…" }).click();
  await views.getByLabel("View name").fill(`Fewest events ${prefix}`);
  await views.getByRole("button", { name: "Save", exact: true }).click();
  const chip = views.getByRole("button", { name: `Fewest events ${prefix}`, exact: true });
  await expect(chip).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(chip).toHaveAttribute("aria-pressed", "false");
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`));
  await expect(page).toHaveURL(/sort=eventCount/);
  await expect(rows(page).nth(0)).toContainText(resourceOf(one));
  await expect(chip).toHaveAttribute("aria-pressed", "true");

  // A view is saved for its user: it is there after a reload, and a deletion can be undone.
  await page.reload();
  await expect(chip).toBeVisible();
  await views.getByRole("button", { name: `Delete the view Fewest events ${prefix}` }).click();
  await expect(chip).toBeHidden();
  await views.getByRole("button", { name: "Undo" }).click();
  await expect(chip).toBeVisible();
});

test("from the list: filter, open in the side panel, assign to a colleague, comment, archive, reopen; related signals", async ({
  page,
  request,
}) => {
  // A long journey (a dozen triage changes through the panel), like the other journeys here.
  test.setTimeout(120_000);
  const colleague = await createActiveUser("analyst", "colleague");
  await colleague.api.dispose();
  const { arns } = await plantSignals(request, "flow", [2, 1]);
  const [main, sibling] = arns as [string, string];

  await page.goto("/signals");
  await page.getByLabel("Principal ARN").fill(main);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(rows(page)).toHaveCount(1);
  // A click on the row (not its title link) opens the side panel.
  await rowOf(page, main).getByRole("cell").nth(5).click();
  const panel = panelOf(page, main);
  const triage = panel.getByRole("region", { name: "Triage" });
  await expect(triage).toContainText("Status open");

  // Choosing alone assigns nobody; Assign does.
  await triage.getByLabel("Assign to").selectOption({ label: colleague.name });
  await expect(triage).toContainText("assigned to nobody");
  await triage.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(triage).toContainText(`assigned to ${colleague.name}`);
  await expect(rowOf(page, main)).toContainText(colleague.name);

  // A button in the panel and then a key, at once: the key's change follows the button's, with no
  // conflict between them; with the panel open, keys act on the panel's signal.
  await triage.getByRole("button", { name: "Under review" }).click();
  await page.keyboard.press("a");
  await expect(triage).toContainText(`Status under review · assigned to ${admin.name}`);
  await expect
    .poll(async () => {
      const signal = await signalOf(request, main);
      return [signal.status, signal.assignee?.name];
    })
    .toEqual(["under_review", admin.name]);
  await expect(page.getByRole("alert").filter({ hasText: "Someone else" })).toHaveCount(0);

  await triage.getByLabel("Add a comment").fill("Checked with the **ML team**: not theirs.");
  await triage.getByRole("button", { name: "Comment" }).click();
  const history = panel.getByRole("list", { name: "Signal history" });
  await expect(history.locator("strong", { hasText: "ML team" })).toBeVisible();

  await triage.getByRole("button", { name: "Archive…" }).click();
  const archive = triage.getByRole("form", { name: "Archive the signal" });
  await archive.getByLabel("Reason").selectOption("false_positive");
  await archive.getByLabel("Comment").fill("A scanner we run.");
  await archive.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(triage).toContainText("Status archived · False positive");
  await expect(history).toContainText("under review → archived (false positive)");
  await triage.getByRole("button", { name: "Reopen" }).click();
  await expect(triage).toContainText("Status open");
  await expect(history.getByRole("listitem")).toHaveCount(7);

  // Related: the sibling shares this signal's access key, and says so.
  const related = panel.getByRole("region", { name: "Related signals" });
  const siblingItem = related.getByRole("listitem").filter({ hasText: resourceOf(sibling) });
  await expect(siblingItem).toContainText("key AKIA");
  await expect(siblingItem).not.toContainText("same principal");
  await siblingItem.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/signals/${(await signalOf(request, sibling)).id}$`));
  await expect(page.getByRole("region", { name: "Related signals" })).toContainText(resourceOf(main));
});

test("a keyboard change from a stale list is refused, says so, and shows the other analyst's change", async ({
  page,
  request,
}) => {
  const colleague = await createActiveUser("analyst", "quicker");
  await colleague.api.dispose();
  const { prefix, arns } = await plantSignals(request, "stale", [1]);
  await page.goto(`/signals?q=${prefix}`);
  await expect(rows(page)).toHaveCount(1);
  await page.waitForLoadState("networkidle");
  // The list on screen stays the one from before the colleague's change until the keys are in: any read of
  // the list (a background refetch on a busy machine) is held until then, and goes through afterwards.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const listReads = /\/api\/v1\/signals\?/;
  await page.route(listReads, async (route) => {
    await held;
    // The page may have cancelled a held read meanwhile (a triage change cancels the list's fetch).
    await route.continue().catch(() => {});
  });
  // Someone else assigns it after the list was loaded.
  const signal = await signalOf(request, arns[0] as string);
  const users = (await (await request.get("/api/v1/users/assignable")).json()).data as { id: string; name: string }[];
  const other = users.find((user) => user.name === colleague.name);
  const theirs = await request.patch(`/api/v1/signals/${signal.id}`, {
    headers: sameOrigin,
    data: { assigneeId: other?.id, version: 1 },
  });
  expect(theirs.status()).toBe(200);

  // Two keys at once, both from the stale row: the first is refused, and so is the one queued behind it.
  await page.keyboard.press("j");
  await page.keyboard.press("a");
  await page.keyboard.press("r");
  await expect(page.getByRole("alert").filter({ hasText: "Someone else changed this signal first" })).toBeVisible();
  release();
  await page.unroute(listReads);
  await expect(rowOf(page, arns[0] as string)).toContainText(colleague.name);
  await expect(rowOf(page, arns[0] as string)).toContainText("open");
  const after = await signalOf(request, arns[0] as string);
  expect([after.status, after.assignee?.name]).toEqual(["open", colleague.name]);
});

test("a viewer reads the list and moves with the keyboard, but has no selection and no triage keys", async ({
  browser,
  request,
}) => {
  const { prefix, arns } = await plantSignals(request, "viewer", [1, 1]);
  const viewer = await createActiveUser("viewer", "explorer-viewer");
  await viewer.api.dispose();
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(context.request, viewer.email, viewer.password);
  const page = await context.newPage();
  const changes: string[] = [];
  page.on("request", (sent) => {
    if (sent.method() !== "GET" && sent.url().includes("/api/v1/signals")) changes.push(sent.url());
  });
  await page.goto(`/signals?q=${prefix}`);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  await page.keyboard.press("j");
  await page.keyboard.press("a");
  await page.keyboard.press("e");
  await expect(page.getByRole("dialog", { name: /^Archive/ })).toHaveCount(0);
  await page.keyboard.press("o");
  const panel = page.getByRole("complementary", { name: /Denied Bedrock discovery/ });
  await expect(panel.getByRole("region", { name: "Triage" })).toContainText("Status open");
  await expect(panel.getByRole("region", { name: "Triage" }).getByRole("button")).toHaveCount(0);
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("Move down or up the list");
  await expect(help).not.toContainText("Assign to me");
  // Nothing was even asked of the server.
  expect(changes).toEqual([]);
  for (const arn of arns) expect((await signalOf(request, arn)).assignee).toBeNull();
  await context.close();
});

test("on a signal's page, a assigns it to me, r puts it under review and e opens the archive form", async ({
  page,
  request,
}) => {
  const { arns } = await plantSignals(request, "page-keys", [1]);
  const signal = await signalOf(request, arns[0] as string);
  await page.goto(`/signals/${signal.id}`);
  const triage = page.getByRole("region", { name: "Triage" });
  await expect(triage).toContainText("assigned to nobody");
  // The assignee list loads once the page is live: from then on keys work.
  await expect(triage.getByLabel("Assign to")).toBeEnabled();
  await page.keyboard.press("a");
  await expect(triage).toContainText(`assigned to ${admin.name}`);
  await page.keyboard.press("r");
  await expect(triage).toContainText("Status under review");
  await page.keyboard.press("e");
  const archive = triage.getByRole("form", { name: "Archive the signal" });
  await expect(archive.getByLabel("Reason")).toBeFocused();
  await archive.getByLabel("Reason").selectOption("remediated");
  await archive.getByLabel("Comment").fill("Key rotated.");
  await archive.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(triage).toContainText("Status archived · Remediated");
  // The page shows a change at once; the server has it once the history does.
  await expect(page.getByRole("list", { name: "Signal history" })).toContainText("(remediated)");
  expect(await signalOf(request, arns[0] as string)).toMatchObject({
    status: "archived",
    archiveReason: "remediated",
    assignee: { name: admin.name },
  });
});

test("a rule filter set from the Rules page shows as a chip naming the rule, and can be removed", async ({
  page,
  request,
}) => {
  const rules = (await (await request.get("/api/v1/rules")).json()).data as { id: string; name: string }[];
  const [rule] = rules;
  await page.goto("/rules");
  await page.getByRole("link", { name: /open/i }).first().click();
  await expect(page).toHaveURL(new RegExp(`[?&]ruleId=${rule?.id}`));
  const form = page.getByRole("form", { name: "Signal filters" });
  await expect(form.getByText(`Rule ${rule?.name}`)).toBeVisible();
  await form.getByRole("button", { name: "Remove the rule filter" }).click();
  await expect(page).not.toHaveURL(/ruleId=/);
  await expect(form.getByRole("button", { name: "Remove the rule filter" })).toHaveCount(0);
});
