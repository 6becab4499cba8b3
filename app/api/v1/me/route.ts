import { withRoute } from "@/lib/api/route";

/** Who the caller is: a signed-in user, or an API token (so scripts can check theirs). */
export const GET = withRoute({ access: "authenticated" }, async ({ actor }) =>
  actor.kind === "user"
    ? {
        kind: "user",
        id: actor.userId,
        email: actor.email,
        name: actor.name,
        role: actor.role,
        mustChangePassword: actor.mustChangePassword,
      }
    : { kind: "token", id: actor.tokenId, name: actor.name, scopes: actor.scopes },
);
