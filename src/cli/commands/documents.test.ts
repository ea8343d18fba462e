// `documents reindex` and `documents search` as an operator runs them: an agreement's Word document read and found
// by a phrase, with the match in [brackets].
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliDatabase, type CliRun, createCliDatabase, runCliInProcess } from "../../../tests/cli";
import { contextAs, createAgreementFixture, systemActor } from "../../../tests/factories";
import { kinyarwandaDocx } from "../../../tests/library-files";
import { addAgreementDocument } from "../../modules/agreements";

let database: CliDatabase;
const cli = (...args: string[]): Promise<CliRun> => runCliInProcess(args, database.env);

beforeAll(async () => {
  database = await createCliDatabase("cli-documents");
  await database.withDatabase(async (handle) => {
    const agreement = await createAgreementFixture(handle, { title: "MoU on legal aid" });
    await addAgreementDocument(contextAs(handle, systemActor), agreement.id, {
      kind: "report",
      fileName: "report.docx",
      bytes: await kinyarwandaDocx("Abunzi committees mediated 310 land disputes in Rubavu."),
    });
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

describe("documents", () => {
  it("reindex reads the agreement's document; search finds it with the match marked", async () => {
    const reindex = await cli("documents", "reindex");
    expect(reindex.stderr).toBe("");
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toContain("Read 1 file(s): 1 with text, 0 without");
    expect(reindex.stdout).toMatch(/^agreement_document\s+extracted\s+1$/m);

    const search = await cli("documents", "search", "land", "disputes");
    expect(search.code).toBe(0);
    expect(search.stdout).toContain("report.docx  (agreement_document, en,");
    expect(search.stdout).toContain("in: MoU on legal aid");
    expect(search.stdout).toContain("[land] [disputes]");
  });

  it("refuses a search without words and a bad language, naming it", async () => {
    expect((await cli("documents", "search")).code).not.toBe(0);
    const bad = await cli("documents", "search", "x", "--language", "de");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("language");
  });
});
