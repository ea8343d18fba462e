// The browser-build record: the current build is reused, and any change to what it read forces a rebuild.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staleReason, stampFile, stampFor } from "./web-app";

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const inputs = ["src/web/main.tsx", "src/modules/agreements/agreements.schema.ts", "src/locales/en.json"];

/** A repository with the files a build read, a built dist/web, and the record of that build. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ubuf-web-build-"));
  for (const path of [...inputs, "vite.config.ts", "package-lock.json", "tsconfig.json"])
    write(path, `// ${path}`);
  write("src/web/public/favicon.svg", "<svg/>");
  write("dist/web/index.html", '<script src="/assets/main-abc.js"></script>');
  writeFileSync(stampFile(root), JSON.stringify(stampFor(inputs, root)));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("the browser build record", () => {
  it("says the build is current when nothing changed", () => {
    expect(staleReason(root)).toBeNull();
    // A test file beside an input is not part of the app.
    write("src/modules/agreements/agreements.schema.test.ts", "// test");
    expect(staleReason(root)).toBeNull();
  });

  it("names an input outside src/web that changed, such as a module's schema", () => {
    write("src/modules/agreements/agreements.schema.ts", "// changed");
    expect(staleReason(root)).toBe("src/modules/agreements/agreements.schema.ts changed");
  });

  it("sees the installed versions, the Vite config and the public folder", () => {
    write("package-lock.json", "{}");
    expect(staleReason(root)).toBe("package-lock.json changed");
    writeFileSync(stampFile(root), JSON.stringify(stampFor(inputs, root)));
    write("src/web/public/robots.txt", "");
    expect(staleReason(root)).toBe("src/web/public/robots.txt was added");
  });

  it("sees a file added beside an input, which could change what an import resolves to", () => {
    write("src/web/main.js", "");
    expect(staleReason(root)).toBe("files were added to or removed from src/web");
  });

  it("sees a removed input, another build of dist/web, and a missing record", () => {
    rmSync(join(root, "src/locales/en.json"));
    expect(staleReason(root)).toBe("src/locales/en.json changed");
    write("src/locales/en.json", "// src/locales/en.json");
    expect(staleReason(root)).toBeNull();
    write("dist/web/index.html", '<script src="/assets/main-def.js"></script>');
    expect(staleReason(root)).toBe("dist/web was rebuilt by something else since");
    rmSync(join(root, "dist/web"), { recursive: true });
    expect(staleReason(root)).toBe("dist/web/index.html is missing");
    rmSync(stampFile(root));
    expect(staleReason(root)).toBe("no record of a previous build");
  });
});
