// The Pulumi CLI pin and the @pulumi/pulumi SDK must move together (CONTRIBUTING.md, "The Pulumi CLI").
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");

describe("toolchain", () => {
  it("toolchain: the CLI pin in tools/pulumi-cli/go.mod equals the @pulumi/pulumi dev dependency", () => {
    // Users bring their own SDK (a peer dependency); the pin we build and test with is the dev dependency.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const goMod = fs.readFileSync(path.join(root, "tools", "pulumi-cli", "go.mod"), "utf8");
    const pinned = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\S+)/.exec(goMod)?.[1];
    expect(pinned).toBe(pkg.devDependencies["@pulumi/pulumi"]);
  });

  it("toolchain: the language host builds against the same sdk/v3 as the CLI", () => {
    const hostMod = fs.readFileSync(path.join(root, "tools", "pulumi-language-nodejs", "go.mod"), "utf8");
    const cliMod = fs.readFileSync(path.join(root, "tools", "pulumi-cli", "go.mod"), "utf8");
    const sdk = (text: string) => /github\.com\/pulumi\/pulumi\/sdk\/v3 v(\S+)/.exec(text)?.[1];
    expect(sdk(hostMod)).toBe(sdk(cliMod));
  });
});
