import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SavedView, SavedViewInput, SavedViewPatch } from "@/lib/signals/saved-views";

// A user's saved views of the Signals page. Views are private: every query is scoped to the owner, and
// another user's view answers exactly as a missing one does, so ids reveal nothing.

const viewSelect = { id: true, name: true, query: true, createdAt: true, updatedAt: true } as const;
type ViewRow = Prisma.SavedViewGetPayload<{ select: typeof viewSelect }>;

const toSavedView = (row: ViewRow): SavedView => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const byName = new Intl.Collator("en", { sensitivity: "base", numeric: true });

const isPrismaError = (error: unknown, code: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

/** The unique (user, name) index decides, so two requests racing for one name cannot both win. */
function duplicateName(error: unknown, name: string | undefined): unknown {
  return isPrismaError(error, "P2002") && name !== undefined
    ? new AppError("CONFLICT", `You already have a view named "${name}".`)
    : error;
}

const notFound = () => new AppError("NOT_FOUND", "No saved view of yours has this id.");

/** The user's views by name, ignoring case (a user has a handful, so sorting here is cheap). */
export async function listSavedViews(options: { userId: string }): Promise<SavedView[]> {
  const rows = await getDb().savedView.findMany({ where: { userId: options.userId }, select: viewSelect });
  return rows
    .sort((a, b) => byName.compare(a.name, b.name) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map(toSavedView);
}

export async function createSavedView(options: { userId: string; view: SavedViewInput }): Promise<SavedView> {
  const { userId, view } = options;
  try {
    const row = await getDb().savedView.create({
      data: { userId, name: view.name, query: view.query },
      select: viewSelect,
    });
    return toSavedView(row);
  } catch (error) {
    throw duplicateName(error, view.name);
  }
}

export async function updateSavedView(options: {
  userId: string;
  id: string;
  patch: SavedViewPatch;
}): Promise<SavedView> {
  const { userId, id, patch } = options;
  try {
    const row = await getDb().savedView.update({
      where: { id, userId },
      data: { name: patch.name, query: patch.query },
      select: viewSelect,
    });
    return toSavedView(row);
  } catch (error) {
    if (isPrismaError(error, "P2025")) throw notFound();
    throw duplicateName(error, patch.name);
  }
}

export async function deleteSavedView(options: { userId: string; id: string }): Promise<void> {
  const { count } = await getDb().savedView.deleteMany({ where: { id: options.id, userId: options.userId } });
  if (count === 0) throw notFound();
}
