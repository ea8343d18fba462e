// Where the keys come from: the variable, a keys file, the default file made on first use; what is refused and why.
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_FIELD_KEY_ID, TEST_FIELD_KEYS } from "../../../tests/field-keys";
import { openField, sealField } from "./field-cipher";
import {
  addNewKey,
  defaultKeysFile,
  getFieldKeyring,
  KeyringConfigError,
  keyringNotice,
  loadFieldKeyring,
  setFieldKeyringForTests,
} from "./keyring";

const root = mkdtempSync(join(tmpdir(), "ubuf-keyring-"));
let dir: string;
let caseNumber = 0;

beforeEach(() => {
  dir = join(root, `case-${++caseNumber}`);
  mkdirSync(dir);
});

afterEach(() => {
  setFieldKeyringForTests(null);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const posix = process.platform !== "win32";

/** A key that must never be echoed by an error: its base64 text is looked for in every refusal. */
const secretKey = randomBytes(32).toString("base64");

const document = (keys: Record<string, string>, current = Object.keys(keys)[0] ?? "") =>
  JSON.stringify({ current, keys });

/** An environment with nothing but what the test gives: no keys of the run, a data folder of the test's own. */
function envWith(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { UBUFATANYE_DATA_DIR: join(dir, "data"), HOME: join(dir, "home"), ...vars };
}

function writeKeysFile(path: string, text: string, mode = 0o600): string {
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (!(error instanceof KeyringConfigError)) throw error;
    expect(error.message).not.toContain(secretKey);
    return error.message;
  }
  throw new Error("expected a KeyringConfigError, and the keys were accepted");
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("loadFieldKeyring", () => {
  it("reads the keys from UBUFATANYE_DATA_KEYS", () => {
    const other = randomBytes(32).toString("base64");
    const loaded = loadFieldKeyring(
      envWith({ UBUFATANYE_DATA_KEYS: document({ a: secretKey, b: other }, "b") }),
    );
    expect(loaded.source).toEqual({ kind: "inline", variable: "UBUFATANYE_DATA_KEYS" });
    expect(loaded.created).toBe(false);
    expect(loaded.keyring.currentKeyId).toBe("b");
    expect(loaded.keyring.keys.get("a")?.toString("base64")).toBe(secretKey);
    expect(loaded.keyring.keys.get("b")?.toString("base64")).toBe(other);
  });

  it("reads the keys from the file UBUFATANYE_KEYS_FILE names", () => {
    const file = writeKeysFile(join(dir, "keys.json"), document({ k1: secretKey }));
    const loaded = loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: file }));
    expect(loaded.source).toEqual({ kind: "file", variable: "UBUFATANYE_KEYS_FILE", path: file });
    expect(loaded.keyring.currentKeyId).toBe("k1");
    expect(loaded.keyring.keys.get("k1")?.toString("base64")).toBe(secretKey);
    expect(keyringNotice(loaded)).toBeNull();
  });

  it("refuses both variables at once, naming them", () => {
    const file = writeKeysFile(join(dir, "keys.json"), document({ k1: secretKey }));
    const message = refusal(() =>
      loadFieldKeyring(
        envWith({ UBUFATANYE_KEYS_FILE: file, UBUFATANYE_DATA_KEYS: document({ k1: secretKey }) }),
      ),
    );
    expect(message).toContain("UBUFATANYE_DATA_KEYS");
    expect(message).toContain("UBUFATANYE_KEYS_FILE");
  });

  it("refuses a keys file inside the data folder, also through a symbolic link or before the folder exists", () => {
    const dataDir = join(dir, "data");
    mkdirSync(dataDir);
    const inside = writeKeysFile(join(dataDir, "keys.json"), document({ k1: secretKey }));
    const message = refusal(() => loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: inside })));
    expect(message).toContain("UBUFATANYE_KEYS_FILE");
    expect(message).toContain("UBUFATANYE_DATA_DIR");
    expect(message).toContain(dataDir);

    const link = join(dir, "looks-outside.json");
    symlinkSync(inside, link);
    expect(refusal(() => loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: link })))).toContain(
      "inside the data folder",
    );

    // The data folder given by a link to it: the same folder.
    const dataLink = join(dir, "data-link");
    symlinkSync(dataDir, dataLink);
    expect(
      refusal(() =>
        loadFieldKeyring({ ...envWith({ UBUFATANYE_KEYS_FILE: inside }), UBUFATANYE_DATA_DIR: dataLink }),
      ),
    ).toContain("inside the data folder");

    // A data folder that does not exist yet (first start) with the keys file meant to go into it.
    const later = join(dir, "later-data");
    expect(
      refusal(() =>
        loadFieldKeyring({
          ...envWith({ UBUFATANYE_KEYS_FILE: join(later, "keys.json") }),
          UBUFATANYE_DATA_DIR: later,
        }),
      ),
    ).toContain("inside the data folder");

    // Beside the data folder is fine, even when its name starts like the folder's.
    const beside = writeKeysFile(join(dir, "data-keys.json"), document({ k1: secretKey }));
    expect(loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: beside })).keyring.currentKeyId).toBe("k1");
  });

  it.runIf(posix)("refuses a keys file that its group or others may read or write", () => {
    for (const mode of [0o640, 0o604, 0o620, 0o660, 0o644]) {
      const file = writeKeysFile(
        join(dir, `keys-${mode.toString(8)}.json`),
        document({ k1: secretKey }),
        mode,
      );
      const message = refusal(() => loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: file })));
      expect(message).toContain(`chmod 600 ${file}`);
      expect(message).toContain("UBUFATANYE_KEYS_FILE");
    }
    const owners = writeKeysFile(join(dir, "keys-400.json"), document({ k1: secretKey }), 0o400);
    expect(loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: owners })).keyring.currentKeyId).toBe("k1");
  });

  it("refuses a key that is not 32 bytes of base64, naming the key but not quoting it", () => {
    for (const bad of [
      randomBytes(16).toString("base64"),
      randomBytes(33).toString("base64"),
      randomBytes(32).toString("base64url").replace(/=*$/, ""),
      `${secretKey}!`,
      "",
    ]) {
      const message = refusal(() =>
        loadFieldKeyring(
          envWith({ UBUFATANYE_DATA_KEYS: document({ good: secretKey, short: bad }, "good") }),
        ),
      );
      expect(message).toContain('key "short" must be 32 bytes');
      expect(message).toContain("UBUFATANYE_DATA_KEYS");
      if (bad) expect(message).not.toContain(bad);
    }
  });

  it("refuses a current key missing from the keys, a bad key id, a wrong shape and text that is not JSON", () => {
    expect(
      refusal(() => loadFieldKeyring(envWith({ UBUFATANYE_DATA_KEYS: document({ k1: secretKey }, "k2") }))),
    ).toContain('the current key "k2" is not among its keys');
    expect(
      refusal(() =>
        loadFieldKeyring(envWith({ UBUFATANYE_DATA_KEYS: document({ "k.1": secretKey }, "k.1") })),
      ),
    ).toContain("UBUFATANYE_DATA_KEYS must be");
    expect(
      refusal(() => loadFieldKeyring(envWith({ UBUFATANYE_DATA_KEYS: JSON.stringify([secretKey]) }))),
    ).toContain("UBUFATANYE_DATA_KEYS must be");
    // JSON.parse quotes the text near its error: a broken document holding a key must not be echoed.
    const message = refusal(() =>
      loadFieldKeyring(envWith({ UBUFATANYE_DATA_KEYS: `{"current":"k1","keys":{"k1":"${secretKey}"` })),
    );
    expect(message).toBe("UBUFATANYE_DATA_KEYS is not valid JSON.");
  });

  it("names a keys file that cannot be read", () => {
    const missing = join(dir, "nowhere.json");
    const message = refusal(() => loadFieldKeyring(envWith({ UBUFATANYE_KEYS_FILE: missing })));
    expect(message).toContain(missing);
    expect(message).toContain("ENOENT");
  });
});

describe("the default keys file", () => {
  it("is made on first use in $XDG_CONFIG_HOME/ubufatanye, private, with one fresh key, and reused after", () => {
    const xdg = join(dir, "xdg");
    const env = envWith({ XDG_CONFIG_HOME: xdg });
    const file = join(xdg, "ubufatanye", "keys.json");
    expect(defaultKeysFile(env)).toBe(file);

    const first = loadFieldKeyring(env);
    expect(first.created).toBe(true);
    expect(first.source).toEqual({ kind: "default-file", path: file });
    expect(first.keyring.keys.size).toBe(1);
    expect(first.keyring.keys.get(first.keyring.currentKeyId)?.length).toBe(32);
    if (posix) {
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(join(xdg, "ubufatanye"))).toBe(0o700);
    }
    const notice = keyringNotice(first);
    expect(notice).toContain(file);
    expect(notice).toContain("Back this file up apart from the data folder");
    // Nothing left beside it (the temp file it was linked from).
    expect(readdirSync(join(xdg, "ubufatanye"))).toEqual(["keys.json"]);

    const second = loadFieldKeyring(env);
    expect(second.created).toBe(false);
    expect(keyringNotice(second)).toBeNull();
    expect(second.keyring.currentKeyId).toBe(first.keyring.currentKeyId);
    expect(second.keyring.keys.get(second.keyring.currentKeyId)).toEqual(
      first.keyring.keys.get(first.keyring.currentKeyId),
    );
  });

  it("is ~/.config/ubufatanye/keys.json without XDG_CONFIG_HOME (or with a relative one)", () => {
    const home = join(dir, "home");
    expect(defaultKeysFile({ HOME: home })).toBe(join(home, ".config", "ubufatanye", "keys.json"));
    expect(defaultKeysFile({ HOME: home, XDG_CONFIG_HOME: "relative/config" })).toBe(
      join(home, ".config", "ubufatanye", "keys.json"),
    );
    const loaded = loadFieldKeyring(envWith({}));
    expect(loaded.source).toEqual({
      kind: "default-file",
      path: join(home, ".config", "ubufatanye", "keys.json"),
    });
    expect(loaded.created).toBe(true);
  });

  it("is not made inside the data folder", () => {
    const dataDir = join(dir, "data");
    const message = refusal(() => loadFieldKeyring(envWith({ XDG_CONFIG_HOME: join(dataDir, "config") })));
    expect(message).toContain("inside the data folder");
    expect(message).toContain("XDG_CONFIG_HOME");
    expect(() => statSync(join(dataDir, "config"))).toThrow();
  });

  it.runIf(posix)("is refused, not repaired, when someone made it readable by others", () => {
    const xdg = join(dir, "xdg");
    const env = envWith({ XDG_CONFIG_HOME: xdg });
    loadFieldKeyring(env);
    const file = defaultKeysFile(env);
    chmodSync(file, 0o644);
    expect(refusal(() => loadFieldKeyring(env))).toContain(`chmod 600 ${file}`);
  });
});

describe("addNewKey", () => {
  it("adds a fresh current key and keeps the old ones, so values sealed before still open", () => {
    const file = writeKeysFile(join(dir, "keys.json"), document({ old: secretKey }));
    const env = envWith({ UBUFATANYE_KEYS_FILE: file });
    const before = loadFieldKeyring(env).keyring;
    const sealed = sealField(before, "Uwimana Jeanne", "t.c:1");

    const added = addNewKey(file, env);
    expect(added.file).toBe(file);
    expect(added.keyId).toMatch(/^k\d{8}-[0-9a-f]{6}$/);
    const after = loadFieldKeyring(env).keyring;
    expect(after.currentKeyId).toBe(added.keyId);
    expect([...after.keys.keys()].sort()).toEqual([added.keyId, "old"].sort());
    expect(after.keys.get("old")?.toString("base64")).toBe(secretKey);
    expect(after.keys.get(added.keyId)?.equals(before.keys.get("old") ?? Buffer.alloc(0))).toBe(false);
    expect(openField(after, sealed, "t.c:1")).toBe("Uwimana Jeanne");
    expect(sealField(after, "x", "t.c:1")).toMatch(new RegExp(`^uf1\\.${added.keyId}\\.`));
    if (posix) expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const third = addNewKey(file, env);
    expect(third.keyId).not.toBe(added.keyId);
    expect(loadFieldKeyring(env).keyring.keys.size).toBe(3);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ current: third.keyId });
  });

  it("refuses to touch a keys file that is not valid, leaving it as it was", () => {
    const text = document({ old: secretKey }, "missing");
    const file = writeKeysFile(join(dir, "keys.json"), text);
    refusal(() => addNewKey(file, envWith({})));
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe("getFieldKeyring", () => {
  it("uses the run's fixed test keys from the environment vitest sets, and a test's own keyring when given", () => {
    expect(process.env.UBUFATANYE_DATA_KEYS).toBe(TEST_FIELD_KEYS);
    expect(process.env.TEST_DB_KIND).toBeTruthy();
    setFieldKeyringForTests(null);
    const fromEnv = getFieldKeyring();
    expect(fromEnv.currentKeyId).toBe(TEST_FIELD_KEY_ID);
    expect(getFieldKeyring()).toBe(fromEnv);

    const own = { currentKeyId: "mine", keys: new Map([["mine", randomBytes(32)]]) };
    setFieldKeyringForTests(own);
    expect(getFieldKeyring()).toBe(own);
    setFieldKeyringForTests(null);
    expect(getFieldKeyring().currentKeyId).toBe(TEST_FIELD_KEY_ID);
  });
});
