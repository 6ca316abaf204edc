// The stack config's size against Linux's 128 KiB limit on one environment string: Pulumi hands the config to
// the program in PULUMI_CONFIG, so the program must warn while it still runs, and name the way out.
import { describe, expect, it } from "vitest";
import { CONFIG_WARN_BYTES, configSizeWarning, MAX_ENV_STRING_BYTES, stackConfigBytes } from "../../provider/fleet/config-size";

const FLEET_KEY = "qoder-fleet:fleet";

/** A fleet with one memory store holding memories of these lengths, as Pulumi's config holds it (JSON text). */
function fleetWithMemories(...lengths: number[]): string {
  const memories = lengths.map((length, index) => ({ path: `notes/${index}.md`, content: `line\n${"x".repeat(length - 5)}` }));
  return JSON.stringify({ agents: { reviewer: { model: "auto" } }, memoryStores: { notes: { memories } } });
}

/** PULUMI_CONFIG as the language host writes it: one JSON object, keys spelled `<namespace>:config:<name>`. */
function hostEnv(config: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(config).map(([key, value]) => [key.replace(":", ":config:"), value])));
}

describe("fleet config size", () => {
  it("config size: counts the bytes of the whole PULUMI_CONFIG=… string, its NUL included", () => {
    expect(stackConfigBytes('{"a:config:b":"é"}', {})).toBe("PULUMI_CONFIG=".length + 19 + 1);
  });

  it("config size: without PULUMI_CONFIG, estimates the string the host would build", () => {
    const config = { [FLEET_KEY]: fleetWithMemories(10_000), "qoder:baseUrl": "http://localhost:1" };
    expect(stackConfigBytes(undefined, config)).toBe(stackConfigBytes(hostEnv(config), {}));
  });

  it("config size: two 80,000-character memories, each within the API limit, are past what Linux passes to node", () => {
    const config = { [FLEET_KEY]: fleetWithMemories(80_000, 80_000) };
    expect(stackConfigBytes(hostEnv(config), {})).toBeGreaterThan(MAX_ENV_STRING_BYTES);
  });

  it("config size: a small fleet gets no warning", () => {
    const config = { [FLEET_KEY]: fleetWithMemories(20_000) };
    expect(configSizeWarning({ bytes: stackConfigBytes(hostEnv(config), {}), config, fleetKey: FLEET_KEY })).toBeUndefined();
  });

  it("config size: near the limit, the warning names the failure, the longest texts and both ways out", () => {
    const config = { [FLEET_KEY]: fleetWithMemories(60_000, 40_000, 100), "qoder:token": "pt-secret" };
    const bytes = stackConfigBytes(hostEnv(config), {});
    expect(bytes).toBeGreaterThanOrEqual(CONFIG_WARN_BYTES);
    expect(bytes).toBeLessThanOrEqual(MAX_ENV_STRING_BYTES);
    expect(configSizeWarning({ bytes, config, fleetKey: FLEET_KEY })).toBe(
      `The stack config is ${Math.ceil(bytes / 1024)} KiB (qoder-fleet:fleet holds 98 KiB of it), close to the 128 KiB Linux allows in one ` +
        "environment variable, which is how Pulumi hands it to the program: past that, `pulumi preview` and `pulumi up` fail with " +
        '"fork/exec …/node: argument list too long" before the program starts. Make room: move the fleet into its own file (write the ' +
        "document to fleet.yaml, then `pulumi config rm fleet` and `pulumi config set fleetFile fleet.yaml`; a fleet file is read from " +
        "disk, with no such limit), or move long prompts and memories into files of the repository with systemFile and contentFile; the " +
        "longest: memoryStores.notes.memories[0].content (59 KiB), memoryStores.notes.memories[1].content (40 KiB). " +
        "See docs/content-files.md of pulumi-qoder.",
    );
  });

  it("config size: past the limit (where the OS allowed it), the warning says Linux will refuse it", () => {
    const config = { [FLEET_KEY]: fleetWithMemories(80_000, 80_000) };
    const warning = configSizeWarning({ bytes: stackConfigBytes(hostEnv(config), {}), config, fleetKey: FLEET_KEY });
    expect(warning).toMatch(/^The stack config is 1\d\d KiB \(qoder-fleet:fleet holds 1\d\d KiB of it\), more than the 128 KiB Linux allows/);
    expect(warning).toContain("this system allowed it, but on Linux (most CI runners) `pulumi preview` and `pulumi up` fail");
  });

  it("config size: with the fleet in its own file, the warning names the largest config values, never their text", () => {
    const config = { "qoder-fleet:fleetFile": "fleet.yaml", "qoder-fleet:notes": "n".repeat(100_000), "qoder:token": "pt-secret" };
    const warning = configSizeWarning({ bytes: stackConfigBytes(hostEnv(config), {}), config, fleetKey: FLEET_KEY });
    expect(warning).toContain("Make room by keeping long values out of the stack config; the largest: qoder-fleet:notes (98 KiB). See");
    expect(warning).not.toContain("fleetFile fleet.yaml");
    expect(warning).not.toContain("pt-secret");
  });
});
