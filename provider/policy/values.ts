// Reading policy props without tripping over preview unknowns. Pure functions over plain data; imports no
// runtime module, so the pack process never loads a second copy of @pulumi/policy or @pulumi/pulumi.

declare const unknownBrand: unique symbol;
/** A value the engine cannot know yet during preview (one of the sentinel strings below). */
export type Unknown = string & { readonly [unknownBrand]: true };

/**
 * The sentinels @pulumi/policy 1.21 recognises (proxy.js). The engine marshals every unknown to analyzers
 * as the string one, whatever the declared type; the others are kept so values from any SDK are covered.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (the one the engine sends)
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The sentinel an unknown input or output carries in policy props during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9" as Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** A string that is present and known; `undefined` for anything else (absent, unknown, another type). */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && !isUnknown(value) ? value : undefined;
}

/**
 * True for a plain object (not an array, not null, not unknown). The same test as provider/api/records.ts
 * `isRecord`, copied on purpose: at run time the pack loads nothing outside provider/policy but the kinds' type
 * tokens (test/unit/policy-pack.test.ts), so it cannot import the shared one.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A deep plain copy of policy props in which unknowns stay visible as sentinels.
 *
 * Why: the SDK hands props wrapped in `unknownCheckingProxy`, whose `get` throws `UnknownValueError` on an
 * unknown; the server then turns that into an advisory "can't run policy ... during preview" diagnostic.
 * Our rules must stay silent on unknowns instead, so they read through property descriptors: the proxy
 * defines only a `get` trap, so `getOwnPropertyDescriptor` and `ownKeys` reach the raw target.
 */
export function plain(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const length = (Object.getOwnPropertyDescriptor(value, "length")?.value as number | undefined) ?? 0;
    const copy: unknown[] = [];
    for (let index = 0; index < length; index++) {
      copy.push(plain(Object.getOwnPropertyDescriptor(value, String(index))?.value));
    }
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    // Accessors are never produced by the SDK's deserializer; skipping them keeps this free of `get` calls.
    if (descriptor && "value" in descriptor) copy[key] = plain(descriptor.value);
  }
  return copy;
}

/** `plain` for a props bag: always an object, so rules can destructure it. */
export function plainProps(props: unknown): Record<string, unknown> {
  const copy = plain(props);
  return isRecord(copy) ? copy : {};
}
