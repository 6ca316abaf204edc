#!/usr/bin/env node
// Runs after `npm run build`: makes node_modules/pulumi-qoder a real copy of this package (package.json and
// dist/), as an install from a registry would, instead of the link npm makes for the `file:.` dependency.
//
// Why: Pulumi stores each resource's provider in state. A provider loaded from a path inside node_modules is
// stored as a short `require("pulumi-qoder/dist/.../entry/<kind>.js")` (about 300 bytes); loaded from a
// linked path, Node resolves it to this repository's own files and Pulumi stores its code by value (about
// 2 KB per resource). The root fleet program loads the package by name, so it gets the short form too.
// Safe to run twice; `npm install` / `npm ci` may put the link back, and the next build copies again.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(repoRoot, "node_modules", "pulumi-qoder");
const dist = path.join(repoRoot, "dist");

if (!fs.existsSync(dist)) {
  console.error("install-self: dist/ is missing; run the build first");
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
// A link (what npm made) or an earlier copy: replaced whole, so no stale module survives.
fs.rmSync(target, { recursive: true, force: true });
const staging = `${target}.staging-${process.pid}`;
fs.mkdirSync(staging);
fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(staging, "package.json"));
fs.cpSync(dist, path.join(staging, "dist"), { recursive: true });
fs.renameSync(staging, target);
