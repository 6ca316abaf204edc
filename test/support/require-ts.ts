// Vitest setup for tiers that load resource modules: each Resource class file binds its serialized entry
// point with a plain `require("./entry/<kind>")`, which Node resolves outside vitest's transform. tsx's
// require hook lets Node load those TypeScript files from source, as the compiled package loads its .js;
// its import hook does the same for the `import()` a module loaded that way makes (the API client, on the
// first call).
import { register } from "tsx/cjs/api";
import { register as registerImports } from "tsx/esm/api";

register();
registerImports();
