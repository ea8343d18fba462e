// The IATI reader's two walls, each tested alone: any DOCTYPE is refused before a parser sees the file, and the schema
// check (libxml2 in WebAssembly) given external entities anyway reads no file and calls no URL.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billionLaughs, externalEntityXml } from "../../../tests/hostile-files";
import { hasShared, IATI_DIR } from "../../../tests/shared-data";
import { AppError } from "../../shared/app-errors";
import { readIatiActivities, refuseDoctype, validateIatiXml } from "./iati-activities.import";

const SCHEMA = join(IATI_DIR, "schema/iati-activities-schema.xsd");
const SAMPLE = join(IATI_DIR, "samples/nl-mfa-dgis-human-rights-2.03.xml");
const PASSWD_LINE = /root:x:0:0|\/bin\/(?:ba)?sh/;

describe("refuseDoctype", () => {
  it("refuses a DOCTYPE or an ENTITY in any case, naming the file and the field", () => {
    for (const xml of [
      billionLaughs(),
      externalEntityXml("http://127.0.0.1:9"),
      "<!doctype x><x/>",
      "<x><!ENTITY a 'b'></x>",
    ]) {
      const error = (() => {
        try {
          refuseDoctype(xml, "activities.xml");
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).errors[0]).toMatchObject({
        path: "xml",
        code: "xml_dtd_refused",
        params: { file: "activities.xml" },
      });
      expect((error as AppError).message).toMatch(/^activities\.xml declares a DTD or entities/);
    }
  });

  it("lets a file without one through", () => {
    expect(() => refuseDoctype('<?xml version="1.0"?><iati-activities/>', "a.xml")).not.toThrow();
  });
});

describe.skipIf(!hasShared(SCHEMA, SAMPLE))("the schema check in WebAssembly", () => {
  let listener: Server;
  let base: string;
  const calls: string[] = [];
  beforeAll(async () => {
    listener = createServer((req, res) => {
      calls.push(req.url ?? "");
      res.end("");
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener?.close(resolve));
  });

  it("given external entities anyway (the DOCTYPE wall skipped), calls no URL and reads no file", async () => {
    const errors = await validateIatiXml(externalEntityXml(base), SCHEMA);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).not.toMatch(PASSWD_LINE);
    // Give a late connection time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toEqual([]);
  });

  it("accepts the Netherlands sample and reads its 13 activities", async () => {
    expect(await validateIatiXml(readFileSync(SAMPLE, "utf8"), SCHEMA)).toEqual([]);
    expect(await readIatiActivities(readFileSync(SAMPLE, "utf8"), SCHEMA, "nl.xml")).toHaveLength(13);
  });

  it("refuses a billion laughs before any parser runs", async () => {
    const error = await readIatiActivities(billionLaughs(), SCHEMA, "laughs.xml").catch((e: unknown) => e);
    expect((error as AppError).errors[0]?.code).toBe("xml_dtd_refused");
  });
});
