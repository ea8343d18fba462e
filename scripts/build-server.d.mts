// Types of build-server.mjs (plain JavaScript so that `npm start` runs without TypeScript loading).
export declare const ROOT: string;
export declare const SERVER_DIR: string;
/** dist/server/server/main.js: the compiled src/server/main.ts. */
export declare const SERVER_MAIN: string;
/** dist/server/cli/main.js: the compiled src/cli/main.ts (`npm run cli`). */
export declare const CLI_MAIN: string;
export declare function namedCodeModules(): string[];
/** Why dist/server is not the build of the current sources, or null when it is. */
export declare function serverStaleReason(): string | null;
export declare function buildServer(): Promise<{ inputs: number; entries: number }>;
/** Compiles dist/server when its sources changed since the last build; says whether it did and why. */
export declare function ensureServerBuilt(): Promise<{ built: boolean; reason: string | null }>;
