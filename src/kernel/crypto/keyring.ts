// Where the field-encryption keys come from: a keys file or variable outside the data folder (decision 020).
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { z } from "zod";
import { FIELD_KEY_BYTES, type FieldKeyId, FieldKeyIdSchema, type FieldKeyring } from "./field-cipher";

export const KEYS_FILE_VARIABLE = "UBUFATANYE_KEYS_FILE";
export const INLINE_KEYS_VARIABLE = "UBUFATANYE_DATA_KEYS";

/** What a keys file (or UBUFATANYE_DATA_KEYS) holds: `{ "current": "<id>", "keys": { "<id>": "<base64 of 32 bytes>" } }`. */
export const KeysDocumentSchema = z.object({
  current: FieldKeyIdSchema,
  keys: z.record(FieldKeyIdSchema, z.string()),
});
export type KeysDocument = z.infer<typeof KeysDocumentSchema>;

/** Where a keyring came from, for the server's start-up line and the `keys` commands. */
export type KeyringSource =
  | { kind: "inline"; variable: typeof INLINE_KEYS_VARIABLE }
  | { kind: "file"; variable: typeof KEYS_FILE_VARIABLE; path: string }
  | { kind: "default-file"; path: string }
  | { kind: "test" };

export type LoadedKeyring = {
  keyring: FieldKeyring;
  source: KeyringSource;
  /** The default keys file did not exist and was made now, with a fresh key: say where it is, and to back it up. */
  created: boolean;
};

/** The keys configuration is wrong; the message names the variable or file to fix, never a key. */
export class KeyringConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringConfigError";
  }
}

/** An unset variable and one set to "" mean the same: a blanked variable switches a source off. */
const setting = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name] || undefined;

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Checks a keys document and turns it into a keyring; `where` names its source in every refusal. */
export function keyringFromDocument(text: string, where: string): FieldKeyring {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be a key: say only that it is not JSON.
    throw new KeyringConfigError(`${where} is not valid JSON.`);
  }
  const parsed = KeysDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KeyringConfigError(
      `${where} must be {"current": "<key id>", "keys": {"<key id>": "<base64 of ${FIELD_KEY_BYTES} bytes>"}}` +
        (issue ? ` (at ${issue.path.join(".") || "the top"}: ${issue.message}).` : "."),
    );
  }
  const keys = new Map<FieldKeyId, Buffer>();
  for (const [keyId, encoded] of Object.entries(parsed.data.keys)) {
    const bytes = STANDARD_BASE64.test(encoded) ? Buffer.from(encoded, "base64") : undefined;
    if (bytes?.length !== FIELD_KEY_BYTES)
      throw new KeyringConfigError(
        `${where}: key "${keyId}" must be ${FIELD_KEY_BYTES} bytes in base64 (e.g. from \`openssl rand -base64 ${FIELD_KEY_BYTES}\`).`,
      );
    keys.set(keyId, bytes);
  }
  if (!keys.has(parsed.data.current))
    throw new KeyringConfigError(`${where}: the current key "${parsed.data.current}" is not among its keys.`);
  return { currentKeyId: parsed.data.current, keys };
}

function documentOf(keyring: FieldKeyring): KeysDocument {
  return {
    current: keyring.currentKeyId,
    keys: Object.fromEntries([...keyring.keys].map(([keyId, key]) => [keyId, key.toString("base64")])),
  };
}

/** The real path of `path`, or of its nearest existing parent followed by the rest (a data folder not made yet). */
function realPathOrParent(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPathOrParent(parent), basename(absolute));
}

/**
 * Refuses a keys file inside the data folder: the folder is what gets copied, backed up and restored, and a backup
 * holding its own key protects nothing. Compared as real paths, so a symbolic link does not hide it.
 */
function assertOutsideDataFolder(file: string, env: NodeJS.ProcessEnv, origin: string): void {
  // The folder src/db/client.ts opens, with the same default.
  const dataDir = realPathOrParent(env.UBUFATANYE_DATA_DIR ?? "./data");
  const keysFile = realPathOrParent(file);
  const rel = relative(dataDir, keysFile);
  const outside = rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  if (!outside)
    throw new KeyringConfigError(
      `The keys file ${keysFile} (${origin}) is inside the data folder ${dataDir} (UBUFATANYE_DATA_DIR): keep the ` +
        "keys elsewhere, so that a copy or backup of the data folder does not carry the key that opens it.",
    );
}

/** On POSIX, refuses a keys file that the file's group or anyone else may read or write. */
function assertPrivate(file: string, origin: string): void {
  if (process.platform === "win32") return;
  const mode = statSync(file).mode;
  if ((mode & 0o077) !== 0)
    throw new KeyringConfigError(
      `The keys file ${file} (${origin}) may be read or written by others (mode ${(mode & 0o777).toString(8)}): ` +
        `run \`chmod 600 ${file}\`.`,
    );
}

/** `origin` says where the path came from (a variable, or the default), for the operator to know what to fix. */
function readKeysFile(file: string, origin: string, env: NodeJS.ProcessEnv): FieldKeyring {
  assertOutsideDataFolder(file, env, origin);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an error";
    throw new KeyringConfigError(`The keys file ${file} (${origin}) cannot be read (${code}).`);
  }
  assertPrivate(file, origin);
  return keyringFromDocument(text, `The keys file ${file} (${origin})`);
}

/** `$XDG_CONFIG_HOME/ubufatanye/keys.json`, else `~/.config/ubufatanye/keys.json` (a relative XDG path is ignored, as the spec says). */
export function defaultKeysFile(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = setting(env, "XDG_CONFIG_HOME");
  const configHome = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".config");
  return join(configHome, "ubufatanye", "keys.json");
}

/** A key id that sorts by the day it was made and does not collide with another made that day. */
function newKeyId(): FieldKeyId {
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  return `k${day}-${randomBytes(3).toString("hex")}`;
}

function newKey(): Buffer {
  return randomBytes(FIELD_KEY_BYTES);
}

/** Writes `document` to a new private file beside `file` (mode 0600, flushed to disk) and returns its path. */
function writePrivateTempFile(file: string, document: KeysDocument): string {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(document, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/**
 * Makes the default keys file with one fresh key, unless another process made it first (a server and a CLI
 * command starting together): the temp file is linked into place, which fails rather than replaces.
 */
function createDefaultKeysFile(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const keyId = newKeyId();
  const temp = writePrivateTempFile(file, { current: keyId, keys: { [keyId]: newKey().toString("base64") } });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The keyring the environment configures: UBUFATANYE_DATA_KEYS (the JSON itself, for containers and tests), or
 * UBUFATANYE_KEYS_FILE (a file holding it), or else the default keys file, made with a fresh key on first use so
 * that a fresh machine starts with nothing to install. Refuses both variables at once, a keys file inside the data
 * folder or readable by others, a key that is not 32 bytes, and a current key that is not among the keys.
 */
export function loadFieldKeyring(env: NodeJS.ProcessEnv = process.env): LoadedKeyring {
  const inline = setting(env, INLINE_KEYS_VARIABLE);
  const file = setting(env, KEYS_FILE_VARIABLE);
  if (inline && file)
    throw new KeyringConfigError(
      `Both ${INLINE_KEYS_VARIABLE} and ${KEYS_FILE_VARIABLE} are set: set one of them, so that it is clear which keys are used.`,
    );
  if (inline)
    return {
      keyring: keyringFromDocument(inline, INLINE_KEYS_VARIABLE),
      source: { kind: "inline", variable: INLINE_KEYS_VARIABLE },
      created: false,
    };
  if (file) {
    const path = resolve(file);
    return {
      keyring: readKeysFile(path, KEYS_FILE_VARIABLE, env),
      source: { kind: "file", variable: KEYS_FILE_VARIABLE, path },
      created: false,
    };
  }
  const path = defaultKeysFile(env);
  const origin = `the default, from XDG_CONFIG_HOME or HOME; set ${KEYS_FILE_VARIABLE} to use another`;
  // Checked before the file is made: a default file inside the data folder must not come into being at all.
  assertOutsideDataFolder(path, env, origin);
  const created = existsSync(path) ? false : createDefaultKeysFile(path);
  return {
    keyring: readKeysFile(path, origin, env),
    source: { kind: "default-file", path },
    created,
  };
}

/** The line the server logs at start when it made the default keys file (null otherwise). */
export function keyringNotice(loaded: LoadedKeyring): string | null {
  if (!loaded.created || loaded.source.kind !== "default-file") return null;
  return (
    `Made a new field-encryption key in ${loaded.source.path}. Back this file up apart from the data folder and ` +
    "its backups: without it the encrypted fields cannot be read, and with the data it opens them."
  );
}

let cached: LoadedKeyring | null = null;

/** The process's keyring and where it came from, loaded from process.env on first use and kept. */
export function loadFieldKeyringOnce(): LoadedKeyring {
  cached ??= loadFieldKeyring(process.env);
  return cached;
}

/**
 * The keyring services seal and open with. Loaded once per process: after `keys new`, restart the server so that
 * it seals with the new key and can open what `keys rotate` re-sealed.
 */
export function getFieldKeyring(): FieldKeyring {
  return loadFieldKeyringOnce().keyring;
}

/** Replaces the process's keyring in a test (null: load from process.env again on next use). */
export function setFieldKeyringForTests(keyring: FieldKeyring | null): void {
  cached = keyring ? { keyring, source: { kind: "test" }, created: false } : null;
}

/**
 * Adds a fresh key to the keys file `file` and makes it current, keeping the others (values sealed with them must
 * still open until `keys rotate` has re-sealed them, and backups made before need them). The file is replaced
 * atomically (a private temp file renamed over it), so a crash leaves the old file or the new one, never half.
 */
export function addNewKey(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): { keyId: FieldKeyId; file: string; keyring: FieldKeyring } {
  const path = resolve(file);
  const current = readKeysFile(path, "the file to add a key to", env);
  let keyId = newKeyId();
  while (current.keys.has(keyId)) keyId = newKeyId();
  const keyring: FieldKeyring = { currentKeyId: keyId, keys: new Map([...current.keys, [keyId, newKey()]]) };
  const temp = writePrivateTempFile(path, documentOf(keyring));
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return { keyId, file: path, keyring };
}
