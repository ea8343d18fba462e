// HTTP for organisation profiles: one call gives the page everything the reader may see of an organisation.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, recordId, serviceContext } from "../../server/http";
import { OrganisationProfileSchema } from "./profiles.schema";
import { getOrganisationProfile } from "./profiles.service";

const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Organisation id (uuid)" }) });

export const profileRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/organisations/{id}/profile",
    tags: ["Organisations"],
    summary:
      "An organisation's profile: its record with contact persons and memberships, agreements, programmes, where it works, its reporting record",
    description:
      "Each part is read with its own module's access rules: the 3W needs the right to read agreements; reports and their timeliness only for readers who may see them (`reporting.visible`). The ETag is the organisation's version.",
    request: { params: IdParams },
    responses: { 200: json(OrganisationProfileSchema, "The profile"), ...problemResponses },
  }),
  async (c) => {
    const profile = await getOrganisationProfile(
      serviceContext(c),
      recordId(c.req.valid("param").id, "The organisation"),
    );
    c.header("ETag", `"${profile.organisation.version}"`);
    return c.json(profile, 200);
  },
);
