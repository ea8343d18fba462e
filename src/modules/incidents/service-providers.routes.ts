// HTTP for the service-provider directory: one route definition per endpoint, each calling the service.
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  expectedVersion,
  json,
  jsonBody,
  jsonWithVersion,
  problemResponses,
  recordId,
  serviceContext,
  versionedProblemResponses,
  versionedRoute,
} from "../../server/http";
import {
  ServiceProviderInputSchema,
  ServiceProviderListQuerySchema,
  ServiceProviderPatchSchema,
  ServiceProviderSchema,
} from "./incidents.schema";
import {
  createServiceProvider,
  deleteServiceProvider,
  getServiceProvider,
  listServiceProviders,
  updateServiceProvider,
} from "./service-providers.service";

const tags = ["Service providers"];
const IdParams = z.object({ id: z.string().max(64).openapi({ description: "Service provider id (uuid)" }) });
const LABEL = "The service provider";

export const serviceProviderRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/service-providers",
      tags,
      summary:
        "The directory of service providers, by service and district (nationwide ones serve every district)",
      request: { query: ServiceProviderListQuerySchema },
      responses: { 200: json(z.array(ServiceProviderSchema), "Providers by name"), ...problemResponses },
    }),
    async (c) => c.json(await listServiceProviders(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/service-providers",
      tags,
      summary: "Add an organisation of the register to the directory (one entry per organisation)",
      request: { body: jsonBody(ServiceProviderInputSchema) },
      responses: { 201: json(ServiceProviderSchema, "Created"), ...versionedProblemResponses },
    }),
    async (c) => {
      const created = await createServiceProvider(serviceContext(c), c.req.valid("json"));
      c.header("Location", `/api/service-providers/${created.id}`);
      return jsonWithVersion(c, created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/service-providers/{id}",
      tags,
      summary: "One service provider",
      request: { params: IdParams },
      responses: {
        200: json(ServiceProviderSchema, "The provider; ETag carries its version"),
        ...problemResponses,
      },
    }),
    async (c) => {
      const provider = await getServiceProvider(serviceContext(c), recordId(c.req.valid("param").id, LABEL));
      return jsonWithVersion(c, provider, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "patch",
      path: "/api/service-providers/{id}",
      tags,
      summary:
        "Change some fields: services, districts, contacts, capacity, whether it takes referrals (If-Match required)",
      request: { params: IdParams, body: jsonBody(ServiceProviderPatchSchema) },
      responses: { 200: json(ServiceProviderSchema, "Updated") },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      const id = recordId(c.req.valid("param").id, LABEL);
      const updated = await updateServiceProvider(ctx, id, expectedVersion(c), c.req.valid("json"));
      return jsonWithVersion(c, updated, 200);
    },
  )
  .openapi(
    versionedRoute({
      method: "delete",
      path: "/api/service-providers/{id}",
      tags,
      summary: "Remove a provider that never received a referral (If-Match required)",
      request: { params: IdParams },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const ctx = serviceContext(c);
      await deleteServiceProvider(ctx, recordId(c.req.valid("param").id, LABEL), expectedVersion(c));
      return c.body(null, 204);
    },
  );
