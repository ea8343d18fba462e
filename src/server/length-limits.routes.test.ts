// Walks the OpenAPI document: every string a request can carry (JSON and multipart bodies, query and path
// parameters, at any depth) declares a maxLength, so no endpoint takes a 20,000-character name. Fails naming each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../tests/database";
import { createTestServer, nationalGrant } from "../../tests/factories";
import type { DatabaseHandle } from "../db/client";

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  maxLength?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

/** Strings whose length their format already bounds (a uuid is 36 characters, a date 10). */
const BOUNDED_FORMATS = new Set(["uuid", "date", "binary"]);

let handle: DatabaseHandle;
let document: OpenApi;

beforeAll(async () => {
  handle = await createTestDatabase();
  const server = createTestServer(handle);
  const { client } = await server.signInAs([nationalGrant("viewer")]);
  document = (await client.json<OpenApi>("/api/openapi.json")).body;
});
afterAll(async () => {
  await handle?.close();
});

/** The string properties under a schema that have no maxLength, as "where.path". */
function unbounded(schema: Schema | undefined, where: string, seen: Set<string> = new Set()): string[] {
  if (!schema) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    const name = schema.$ref.replace("#/components/schemas/", "");
    return unbounded(document.components?.schemas?.[name], where, new Set([...seen, schema.$ref]));
  }
  const found: string[] = [];
  for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    found.push(...unbounded(part, where, seen));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (
    types.includes("string") &&
    schema.maxLength === undefined &&
    schema.enum === undefined &&
    schema.const === undefined &&
    !BOUNDED_FORMATS.has(schema.format ?? "")
  )
    found.push(where);
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    found.push(...unbounded(property, `${where}.${key}`, seen));
  if (typeof schema.additionalProperties === "object")
    found.push(...unbounded(schema.additionalProperties, `${where}.*`, seen));
  if (schema.items) found.push(...unbounded(schema.items, `${where}[]`, seen));
  for (const [i, item] of (schema.prefixItems ?? []).entries())
    found.push(...unbounded(item, `${where}[${i}]`, seen));
  return found;
}

describe("request strings have a length limit", () => {
  it("every string property of every request body and parameter declares maxLength", () => {
    const missing: string[] = [];
    let strings = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        for (const parameter of operation.parameters ?? []) {
          // The If-Match header is read by a strict pattern of at most a few digits (expectedVersion).
          if (parameter.in === "header") continue;
          strings++;
          missing.push(...unbounded(parameter.schema, `${name} ${parameter.in}:${parameter.name}`));
        }
        for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) {
          strings++;
          missing.push(...unbounded(content.schema, `${name} body(${type})`));
        }
      }
    }
    expect(strings).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
