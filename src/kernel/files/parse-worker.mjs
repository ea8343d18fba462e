// Bootstrap of a file-parsing worker thread: TypeScript loading (tsx) for this thread, then the worker proper.
import { register } from "tsx/esm/api";

register();
await import("./parse-worker.ts");
