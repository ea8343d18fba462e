// `keys new` and `keys rotate`: a new field-encryption key, then every sealed column re-sealed with it (decision 020).
import { parseArgs } from "node:util";
import {
  addNewKey,
  countSealedValuesByKey,
  type EncryptedColumns,
  type FieldCipherFailure,
  INLINE_KEYS_VARIABLE,
  KEYS_FILE_VARIABLE,
  KeyringConfigError,
  type KeyringSource,
  type LoadedKeyring,
  loadFieldKeyring,
  type ResealResult,
  resealColumns,
  type SealedValueCount,
} from "../../kernel/crypto";
import { CliError, type CliIo, type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";
import { ENCRYPTED_COLUMNS } from "./encrypted-columns";

/** The keys `io.env` configures; a configuration error is the operator's to fix, printed without a stack. */
function loadKeys(env: NodeJS.ProcessEnv): LoadedKeyring {
  try {
    return loadFieldKeyring(env);
  } catch (error) {
    if (error instanceof KeyringConfigError) throw new CliError(error.message);
    throw error;
  }
}

function noArguments(args: string[], options: { json?: boolean } = {}): { json: boolean } {
  const { values, positionals } = parseArgs({
    args,
    options: options.json ? { json: { type: "boolean" } } : {},
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument: ${positionals.join(" ")}`);
  return { json: values.json === true };
}

const BACK_UP = "Back that file up now, apart from the data folder and its backups";

export const runNewKey: RunCommand = async (args, io) => {
  noArguments(args);
  const loaded = loadKeys(io.env);
  const { source } = loaded;
  if (source.kind === "inline" || source.kind === "test")
    throw new CliError(
      `The keys are given inline in ${INLINE_KEYS_VARIABLE}, which this command cannot change: add a key to that JSON ` +
        `yourself (\`openssl rand -base64 32\`) and make it "current", or keep the keys in a file named by ` +
        `${KEYS_FILE_VARIABLE}.`,
    );
  if (loaded.created) {
    // There was no keys file: the one just made holds a fresh key, which is what was asked for.
    io.out(`Made ${source.path} with a new key, ${loaded.keyring.currentKeyId}, which is current.`);
    io.out(`${BACK_UP}: without it the encrypted fields cannot be read, and with the data it opens them.`);
    return;
  }
  const added = addNewKey(source.path, io.env);
  io.out(
    `Added key ${added.keyId} to ${added.file} and made it current (${countOf(added.keyring.keys.size, "key")} in the file).`,
  );
  io.out(`${BACK_UP}: backups made from now on need this key.`);
  io.out(
    "Next: restart the server, so that it seals with the new key and opens what the rotation re-seals; then run " +
      "`npm run cli -- keys rotate` to re-seal the values sealed with older keys.",
  );
};

type Rotation = ResealResult & LoadedKeyring & { stillSealed: SealedValueCount[] };

async function rotate(sets: readonly EncryptedColumns[], io: CliIo): Promise<Rotation> {
  const loaded = loadKeys(io.env);
  const { keyring } = loaded;
  return withMigratedDatabase(io, async (handle, ctx) => {
    const rotation: Rotation = { ...loaded, counts: [], failures: [], stillSealed: [] };
    for (const spec of sets) {
      const result = await resealColumns(handle.db, spec, keyring, { actor: ctx.actor });
      rotation.counts.push(...result.counts);
      rotation.failures.push(...result.failures);
      rotation.stillSealed.push(...(await countSealedValuesByKey(handle.db, spec)));
    }
    return rotation;
  });
}

const MAX_FAILURES_LISTED = 20;

/** `keys rotate` over `sets`: the registered columns in the CLI, a test's own table in its test. */
export function rotateKeysOf(sets: readonly EncryptedColumns[]): RunCommand {
  return async (args, io) => {
    const { json } = noArguments(args, { json: true });
    const { keyring, source, counts, failures, stillSealed } = await rotate(sets, io);
    const current = keyring.currentKeyId;
    const keysInUse = new Set(stillSealed.flatMap((count) => (count.keyId === null ? [] : [count.keyId])));
    const unused = [...keyring.keys.keys()].filter((keyId) => keyId !== current && !keysInUse.has(keyId));
    if (json)
      io.out(
        JSON.stringify(
          { currentKeyId: current, resealed: counts, failures, sealedByKey: stillSealed, unused },
          null,
          2,
        ),
      );
    else if (sets.length === 0) io.out("No encrypted columns are registered: nothing to re-seal.");
    else {
      io.out(`Re-sealed with key ${current}:`);
      io.out(
        formatTable(
          ["TABLE", "COLUMN", "RE-SEALED"],
          counts.map((count) => [count.table, count.column, String(count.resealed)]),
        ),
      );
      const others = stillSealed.filter((count) => count.keyId !== current);
      io.out(
        others.length === 0
          ? `Every sealed value now uses key ${current}.`
          : `Still not under key ${current}: ${others
              .map(
                (c) =>
                  `${c.table}.${c.column}: ${countOf(c.values, "value")} ${c.keyId === null ? "not sealed" : `with key ${c.keyId}`}`,
              )
              .join("; ")}.`,
      );
      if (unused.length > 0)
        io.out(
          `No value in the database needs ${unused.length === 1 ? "key" : "keys"} ${unused.join(", ")} any more. ` +
            `Remove ${unused.length === 1 ? "it" : "them"} from ${keysPlace(source)} only once every backup made ` +
            "before this rotation has expired: restoring such a backup needs the keys it was sealed with.",
        );
    }
    if (failures.length > 0) {
      const listed = failures
        .slice(0, MAX_FAILURES_LISTED)
        .map((f) => `  ${f.table}.${f.column} of row ${f.id}: ${reasonText(f.reason)}`);
      const more =
        failures.length > MAX_FAILURES_LISTED
          ? [`  … and ${failures.length - MAX_FAILURES_LISTED} more`]
          : [];
      throw new CliError(
        [
          `${countOf(failures.length, "value")} could not be opened and ${failures.length === 1 ? "was" : "were"} left as ${failures.length === 1 ? "it was" : "they were"}:`,
          ...listed,
          ...more,
        ].join("\n"),
      );
    }
  };
}

function keysPlace(source: KeyringSource): string {
  return source.kind === "file" || source.kind === "default-file" ? source.path : INLINE_KEYS_VARIABLE;
}

function reasonText(reason: FieldCipherFailure): string {
  if (reason === "unknown-key") return "sealed with a key that is not among the keys";
  if (reason === "tampered") return "altered, or copied from another row or column";
  return "not a sealed value";
}

export const runRotateKeys: RunCommand = rotateKeysOf(ENCRYPTED_COLUMNS);
