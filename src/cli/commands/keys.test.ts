// `keys new` and `keys rotate` as an operator runs them: a key added to the keys file (never printed), the sealed
// columns moved to it, what cannot be moved named with exit code 1, and keys that cannot be changed refused.
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliDatabase,
  type CliRun,
  createCliDatabase,
  runCliInProcess,
  runCliProcess,
} from "../../../tests/cli";
import { queryRows } from "../../db/client";
import {
  type EncryptedColumns,
  type FieldKeyring,
  loadFieldKeyring,
  openField,
  sealedKeyId,
  sealField,
} from "../../kernel/crypto";
import { CliError, type RunCommand } from "../cli-command";
import { rotateKeysOf } from "./keys";

let database: CliDatabase;
let keysFile: string;

const TABLE = "keys_cli_probe";
const context = (id: string) => `${TABLE}.name:${id}`;
const probe: EncryptedColumns = { table: TABLE, idColumn: "id", columns: [{ name: "name", context }] };
const CANARY = "Canary Uwamahoro-91c2";

/** The CLI's environment with the test's keys file instead of the run's inline keys. */
const withKeysFile = (file: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...database.env,
  UBUFATANYE_DATA_KEYS: "",
  UBUFATANYE_KEYS_FILE: file,
  ...extra,
});

const cli = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> => runCliInProcess(args, env);

/** Runs a command function as runCli would, for `keys rotate` over the test's own table. */
async function runCommand(command: RunCommand, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = {
    env,
    input: Readable.from([]),
    out: (text: string) => {
      stdout += `${text}\n`;
    },
    err: (text: string) => {
      stderr += `${text}\n`;
    },
  };
  try {
    await command(args, io);
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { code: 1, stdout, stderr: `${stderr}error: ${error.message}\n` };
  }
}

const keysInFile = (file: string) =>
  JSON.parse(readFileSync(file, "utf8")) as { current: string; keys: Record<string, string> };

/** No key of the file appears in what a command printed. */
function expectNoKeyPrinted(run: CliRun, file: string): void {
  for (const key of Object.values(keysInFile(file).keys)) {
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
  }
}

const readProbe = () =>
  database.withDatabase((handle) =>
    queryRows<{ id: string; name: string }>(
      handle.db,
      sql`select id::text as id, name from keys_cli_probe order by id`,
    ),
  );

beforeAll(async () => {
  database = await createCliDatabase("cli-keys");
  keysFile = join(database.workDir, "keys.json");
  writeFileSync(
    keysFile,
    JSON.stringify({ current: "first", keys: { first: randomBytes(32).toString("base64") } }),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  await database?.close();
});

describe("keys new", () => {
  it("adds a key to the keys file and makes it current, printing its id and the file but never a key", async () => {
    const run = await cli(withKeysFile(keysFile), "keys", "new");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { current, keys } = keysInFile(keysFile);
    expect(current).not.toBe("first");
    expect(Object.keys(keys).sort()).toEqual(["first", current].sort());
    expect(run.stdout).toContain(
      `Added key ${current} to ${keysFile} and made it current (2 keys in the file).`,
    );
    expect(run.stdout).toContain("keys rotate");
    expectNoKeyPrinted(run, keysFile);
    if (process.platform !== "win32") expect(statSync(keysFile).mode & 0o777).toBe(0o600);
  });

  it("works as a child process too, and makes the default keys file when none is configured", async () => {
    const before = keysInFile(keysFile);
    const run = await runCliProcess(["keys", "new"], withKeysFile(keysFile));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const after = keysInFile(keysFile);
    expect(Object.keys(after.keys)).toHaveLength(Object.keys(before.keys).length + 1);
    expect(run.stdout).toContain(`Added key ${after.current} to ${keysFile}`);

    const xdg = join(database.workDir, "xdg");
    const fresh = await cli(withKeysFile("", { XDG_CONFIG_HOME: xdg }), "keys", "new");
    expect(fresh.code).toBe(0);
    const made = join(xdg, "ubufatanye", "keys.json");
    expect(existsSync(made)).toBe(true);
    expect(fresh.stdout).toContain(
      `Made ${made} with a new key, ${keysInFile(made).current}, which is current.`,
    );
    expect(Object.keys(keysInFile(made).keys)).toHaveLength(1);
    expectNoKeyPrinted(fresh, made);
  });

  it("refuses keys given inline, and a keys file others may read, changing nothing", async () => {
    const inline = await cli(database.env, "keys", "new");
    expect(inline.code).toBe(1);
    expect(inline.stderr).toContain("The keys are given inline in UBUFATANYE_DATA_KEYS");
    expect(inline.stdout).toBe("");

    const open = join(database.workDir, "open-keys.json");
    const text = JSON.stringify({ current: "k", keys: { k: randomBytes(32).toString("base64") } });
    writeFileSync(open, text);
    chmodSync(open, 0o644);
    const refused = await cli(withKeysFile(open), "keys", "new");
    if (process.platform !== "win32") {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`chmod 600 ${open}`);
      expect(refused.stderr).not.toContain("unexpected failure");
      expect(readFileSync(open, "utf8")).toBe(text);
    }
  });
});

describe("keys rotate", () => {
  it("walks the incidents' sealed columns (none to re-seal in an empty register)", async () => {
    const run = await cli(withKeysFile(keysFile), "keys", "rotate");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const line of [
      /incident +description_sealed +0/,
      /incident_person_identity +name_sealed +0/,
      /incident_person_identity +contact_sealed +0/,
      /referral_follow_up +note_sealed +0/,
    ])
      expect(run.stdout).toMatch(line);
  });

  it("re-seals a registered column with the current key, says which keys are no longer needed, and is idempotent", async () => {
    const old = loadFieldKeyring(withKeysFile(keysFile)).keyring;
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await database.withDatabase(async (handle) => {
      await handle.db.execute(sql`create table keys_cli_probe (id uuid primary key, name text not null)`);
      for (const id of ids)
        await handle.db.execute(
          sql`insert into keys_cli_probe (id, name) values (${id}, ${sealField(old, `${CANARY} ${id}`, context(id))})`,
        );
    });
    const added = await cli(withKeysFile(keysFile), "keys", "new");
    expect(added.code).toBe(0);
    const rotated: FieldKeyring = loadFieldKeyring(withKeysFile(keysFile)).keyring;
    const oldKeys = [...rotated.keys.keys()].filter((keyId) => keyId !== rotated.currentKeyId);

    const run = await runCommand(rotateKeysOf([probe]), [], withKeysFile(keysFile));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Re-sealed with key ${rotated.currentKeyId}:`);
    expect(run.stdout).toMatch(new RegExp(`${TABLE}\\s+name\\s+5\\n`));
    expect(run.stdout).toContain(`Every sealed value now uses key ${rotated.currentKeyId}.`);
    expect(run.stdout).toContain(`No value in the database needs keys ${oldKeys.join(", ")} any more.`);
    expect(run.stdout).toContain(
      `from ${keysFile} only once every backup made before this rotation has expired`,
    );
    expect(run.stdout).not.toContain("Canary");
    expectNoKeyPrinted(run, keysFile);
    for (const row of await readProbe()) {
      expect(sealedKeyId(row.name)).toBe(rotated.currentKeyId);
      expect(openField(rotated, row.name, context(row.id))).toBe(`${CANARY} ${row.id}`);
    }

    const again = await runCommand(rotateKeysOf([probe]), ["--json"], withKeysFile(keysFile));
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      currentKeyId: rotated.currentKeyId,
      resealed: [{ table: TABLE, column: "name", resealed: 0 }],
      failures: [],
      sealedByKey: [{ table: TABLE, column: "name", keyId: rotated.currentKeyId, values: 5 }],
      unused: oldKeys,
    });
  });

  it("names the values it could not open, by row, with exit code 1, and moves the others on", async () => {
    const keyring = loadFieldKeyring(withKeysFile(keysFile)).keyring;
    const [victim, source] = (await readProbe()).map((row) => row.id);
    // A value copied from another row: it does not open where it now is.
    await database.withDatabase((handle) =>
      handle.db.execute(
        sql`update keys_cli_probe set name = (select name from keys_cli_probe where id = ${source}) where id = ${victim}`,
      ),
    );
    await cli(withKeysFile(keysFile), "keys", "new");
    const run = await runCommand(rotateKeysOf([probe]), [], withKeysFile(keysFile));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 value could not be opened and was left as it was:");
    expect(run.stderr).toContain(
      `${TABLE}.name of row ${victim}: altered, or copied from another row or column`,
    );
    expect(run.stdout).toMatch(new RegExp(`${TABLE}\\s+name\\s+4\\n`));
    expect(run.stdout).toContain(`${TABLE}.name: 1 value with key ${keyring.currentKeyId}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain("Canary");
  });
});
