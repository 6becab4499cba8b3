import { withRoute } from "@/lib/api/route";

export const GET = withRoute({ access: "session" }, async ({ actor }) => ({
  data: {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    mustChangePassword: actor.mustChangePassword,
  },
}));
