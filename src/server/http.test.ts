// bodyReadOffThread: a JSON body read in a parsing worker answers exactly what the router's own validator answers
// (status and problem, field paths included), with the same value in c.req.valid("json"), and the OpenAPI document
// still describes the body.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { describe, expect, it } from "vitest";
import { HxlImportInputSchema } from "../modules/coordination/coordination.schema";
import { BoundaryUploadBodySchema } from "../modules/places/place-boundaries.schema";
import { type AppEnv, bodyReadOffThread, createRouter, jsonBody, problemFromError } from "./http";

const SCHEMAS = {
  "a z.object that strips unknown keys (the 3W import)": {
    schema: HxlImportInputSchema,
    ref: {
      module: new URL("../modules/coordination/coordination.schema.ts", import.meta.url),
      exportName: "HxlImportInputSchema",
    },
  },
  "a z.looseObject that keeps them (the boundary upload)": {
    schema: BoundaryUploadBodySchema,
    ref: {
      module: new URL("../modules/places/place-boundaries.schema.ts", import.meta.url),
      exportName: "BoundaryUploadBodySchema",
    },
  },
};

/** Two routes taking the same body: one validated by the router, one read off the thread. */
function appsFor(entry: (typeof SCHEMAS)[keyof typeof SCHEMAS]) {
  const route = (path: string) =>
    createRoute({
      method: "post",
      path,
      request: { body: jsonBody(entry.schema) },
      responses: { 200: { description: "The body as validated" } },
    });
  const router = createRouter();
  const app = new OpenAPIHono<AppEnv>();
  app.route(
    "/",
    router
      .openapi(route("/router"), (c) => c.json({ valid: c.req.valid("json") as unknown }, 200))
      .openapi(bodyReadOffThread(router, route("/worker"), entry.ref), (c) =>
        c.json({ valid: c.req.valid("json") as unknown }, 200),
      ),
  );
  app.onError((error, c) => {
    const { status, body } = problemFromError(error);
    return c.json(body, status as ContentfulStatusCode);
  });
  return app;
}

const REQUESTS: Record<string, { body?: string; type?: string }> = {
  "a valid body": { body: '{"fileName":" a.csv ","csv":"#org","type":"Topology","more":[1,{"x":"y"}]}' },
  "a body that is not JSON": { body: '{"csv":' },
  "an empty body": { body: "" },
  "invalid fields and a stray key holding U+0000": {
    body: '{"fileName":"","csv":5,"dryRun":"yes","type":7,"stray":"a\\u0000b"}',
  },
  "a valid body with U+0000 in a declared field": {
    body: '{"fileName":"a.csv","csv":"x\\u0000y","type":"Topology\\u0000"}',
  },
  "a valid body with U+0000 only in a stray key's name": {
    body: '{"fileName":"a.csv","csv":"#org","type":"Topology","st\\u0000ray":1}',
  },
  "a long field": { body: JSON.stringify({ fileName: "x".repeat(201), csv: "#org", type: "T".repeat(41) }) },
  "JSON that is not an object": { body: "[1,2]" },
  "a JSON type with a charset": {
    body: '{"fileName":"a","csv":"b","type":"c"}',
    type: "application/json; charset=utf-8",
  },
  "a +json type": { body: '{"fileName":"a","csv":"b","type":"c"}', type: "application/merge-patch+json" },
  "another type": { body: '{"fileName":"a"}', type: "text/plain" },
  "a body without a type": { body: '{"fileName":"a"}', type: "" },
  "no type and no body": { type: "" },
};

describe.each(Object.entries(SCHEMAS))("bodyReadOffThread with %s", (_name, entry) => {
  const app = appsFor(entry);
  const send = async (path: string, request: { body?: string; type?: string }) => {
    const headers = new Headers();
    const type = request.type ?? "application/json";
    if (type) headers.set("content-type", type);
    const res = await app.request(path, { method: "POST", headers, body: request.body });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it.each(Object.entries(REQUESTS))("answers %s as the router does", async (_what, request) => {
    const [byRouter, byWorker] = await Promise.all([send("/router", request), send("/worker", request)]);
    expect(byWorker).toEqual(byRouter);
  });

  it("leaves the body described in the OpenAPI document, as the router's route", () => {
    const paths =
      app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } }).paths ?? {};
    expect(paths["/worker"]).toEqual(paths["/router"]);
  });
});

describe("bodyReadOffThread", () => {
  it("refuses a schema reference that is not the body schema the route declares", async () => {
    const router = createRouter();
    const route = createRoute({
      method: "post",
      path: "/wrong",
      request: { body: jsonBody(HxlImportInputSchema) },
      responses: { 200: { description: "never" } },
    });
    const app = router.openapi(
      bodyReadOffThread(router, route, SCHEMAS[Object.keys(SCHEMAS)[1] as keyof typeof SCHEMAS].ref),
      (c) => c.json({}, 200),
    );
    app.onError((error, c) => c.json({ message: error.message }, 500));
    const res = await app.request("/wrong", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      message: "post /wrong: BoundaryUploadBodySchema is not the body schema it declares",
    });
  });
});
