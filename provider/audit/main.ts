#!/usr/bin/env node
// The `qoder-audit` command (package bin; `node --import tsx provider/audit/main.ts` from a checkout): runs
// cli.ts with the process's own input, output, environment and `pulumi`.
import { processIo, runAudit } from "./cli";

void runAudit(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
