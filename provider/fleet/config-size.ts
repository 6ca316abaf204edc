// The size of the stack config the program is handed. Pulumi's language host passes all of it to Node in one
// environment variable, PULUMI_CONFIG, and Linux refuses any single environment string over 128 KiB
// (MAX_ARG_STRLEN): past that, `pulumi preview` fails with "fork/exec …/node: argument list too long" before
// any code of ours runs. So the warning has to come while the config still fits. No I/O.
import { formatPath, type Path } from "./problems";

/** Linux's MAX_ARG_STRLEN: the bytes of one argument or environment string, `NAME=value` and its NUL. */
export const MAX_ENV_STRING_BYTES = 128 * 1024;

/** From here on the program warns: a few more prompts or memories inline would cross the limit. */
export const CONFIG_WARN_BYTES = 96 * 1024;

const ENV_NAME = "PULUMI_CONFIG";

/** Texts in the fleet at least this long are named as the ones to move into files. */
const LONG_TEXT_BYTES = 4 * 1024;

/**
 * The bytes of the `PULUMI_CONFIG=<json>` environment string: measured when the language host set it, else
 * estimated from the config as the SDK holds it (the host spells each key `<namespace>:config:<name>`).
 */
export function stackConfigBytes(envValue: string | undefined, config: Record<string, string>): number {
  if (envValue !== undefined) return Buffer.byteLength(`${ENV_NAME}=${envValue}`) + 1;
  const spelled = Object.fromEntries(Object.entries(config).map(([key, value]) => [key.replace(":", ":config:"), value]));
  return Buffer.byteLength(`${ENV_NAME}=${JSON.stringify(spelled)}`) + 1;
}

const kib = (bytes: number): string => `${Math.ceil(bytes / 1024)} KiB`;

/** The longest strings of the fleet document (by path, never by value: one may be a secret). */
export function longestTexts(document: unknown, count = 3): { path: Path; bytes: number }[] {
  const out: { path: Path; bytes: number }[] = [];
  const visit = (value: unknown, path: Path): void => {
    if (typeof value === "string") {
      const bytes = Buffer.byteLength(value);
      if (bytes >= LONG_TEXT_BYTES) out.push({ path, bytes });
    } else if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (value !== null && typeof value === "object") for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
  };
  visit(document, []);
  return out.sort((a, b) => b.bytes - a.bytes).slice(0, count);
}

export interface ConfigSizeInput {
  /** The bytes of the PULUMI_CONFIG environment string (stackConfigBytes). */
  bytes: number;
  /** The stack config as the program sees it: full keys, objects as JSON text. */
  config: Record<string, string>;
  /** `qoder-fleet:fleet`: the key of a fleet written in the stack file. */
  fleetKey: string;
}

/**
 * A warning when the stack config nears (or, where the OS allows it, passes) Linux's limit, with the way
 * out: the fleet in its own file, or long prompts and memories in files. Undefined while there is room.
 */
export function configSizeWarning(input: ConfigSizeInput): string | undefined {
  if (input.bytes < CONFIG_WARN_BYTES) return undefined;
  const { fleetKey } = input;
  const fleetText = input.config[fleetKey];
  const share = fleetText === undefined ? "" : ` (${fleetKey} holds ${kib(Buffer.byteLength(fleetText))} of it)`;
  const failure = '`pulumi preview` and `pulumi up` fail with "fork/exec …/node: argument list too long" before the program starts';
  const state =
    input.bytes > MAX_ENV_STRING_BYTES
      ? `The stack config is ${kib(input.bytes)}${share}, more than the ${kib(MAX_ENV_STRING_BYTES)} Linux allows in one environment variable, which is how Pulumi hands it to the program: this system allowed it, but on Linux (most CI runners) ${failure}.`
      : `The stack config is ${kib(input.bytes)}${share}, close to the ${kib(MAX_ENV_STRING_BYTES)} Linux allows in one environment variable, which is how Pulumi hands it to the program: past that, ${failure}.`;
  if (fleetText === undefined) {
    const largest = Object.entries(input.config)
      .map(([key, value]) => ({ key, bytes: Buffer.byteLength(value) }))
      .filter((entry) => entry.bytes >= 1024)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 3)
      .map((entry) => `${entry.key} (${kib(entry.bytes)})`);
    return `${state} Make room by keeping long values out of the stack config; the largest: ${largest.join(", ")}. See docs/content-files.md of pulumi-qoder.`;
  }
  const name = fleetKey.slice(fleetKey.indexOf(":") + 1);
  const texts = longestTexts(parseJson(fleetText)).map((text) => `${formatPath(text.path)} (${kib(text.bytes)})`);
  const which = texts.length > 0 ? `; the longest: ${texts.join(", ")}` : "";
  return (
    `${state} Make room: move the fleet into its own file (write the document to fleet.yaml, then \`pulumi config rm ${name}\` and ` +
    `\`pulumi config set ${name}File fleet.yaml\`; a fleet file is read from disk, with no such limit), or move long prompts and ` +
    `memories into files of the repository with systemFile and contentFile${which}. ` +
    "See docs/content-files.md of pulumi-qoder."
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
