// The field-encryption keys of every test run (decision 020), from field-keys.json: fixed, so that module tests get a
// known keyring and no test makes a keys file in the developer's ~/.config. Not a secret: it protects only test data.
import { readFileSync } from "node:fs";

/** The JSON itself, as UBUFATANYE_DATA_KEYS holds it (vitest.config.ts reads the same file). */
export const TEST_FIELD_KEYS = readFileSync(new URL("./field-keys.json", import.meta.url), "utf8");

export const TEST_FIELD_KEY_ID = (JSON.parse(TEST_FIELD_KEYS) as { current: string }).current;

/**
 * The variables that give a process these keys: vitest.config.ts sets them for every project's workers; the
 * browser tests' servers and CLI children get them explicitly (the example-data folder's server starts from the
 * main process, which vitest's `env` does not reach). UBUFATANYE_KEYS_FILE is blanked: a developer's own keys file
 * in the shell would otherwise clash with the inline keys (the keyring refuses both at once).
 */
export const TEST_FIELD_KEYS_ENV = {
  UBUFATANYE_DATA_KEYS: TEST_FIELD_KEYS,
  UBUFATANYE_KEYS_FILE: "",
} as const;
