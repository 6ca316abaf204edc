#!/usr/bin/env node
// `npm run demo`: the fleet demo arrives with the fleet stack file (issue 5). Until then it proves the
// toolchain a demo needs: the pinned Pulumi CLI, found or built.
import { ensurePulumiCli } from "./pulumi-cli.mjs";

const cli = await ensurePulumiCli();
console.log(`Pulumi CLI v${cli.version} is ready (${cli.source}) in ${cli.binDir}.`);
console.log("Coming next: the demo starts the local Qoder emulator, deploys the example fleet with `pulumi up`,");
console.log("previews a small change, applies it, and ends with a preview that has no changes.");
