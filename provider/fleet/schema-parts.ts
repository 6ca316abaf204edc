// Building blocks of the fleet document shared by every entry: stable keys, references to other entries,
// `{ secret: <config key> }` references, deletion policies, adoption ids and Pulumi resource options.
import { z } from "zod";
import { IdOf, type IdPrefix } from "../api/common";

/** Stable keys name entries and become Pulumi resource names: changing one replaces the resource. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const Key = z
  .string()
  .regex(KEY_PATTERN, "keys are 1–64 letters, digits, '-' or '_', starting with a letter or digit")
  .meta({ description: "A stable key: the Pulumi resource name derives from it, so renaming it replaces the resource." });

/** A reference to another entry by its key; unknown keys are reported with the closest existing key. */
export function Ref(kind: string) {
  return z
    .string()
    .min(1)
    .meta({ description: `The key of a ${kind} declared in this document.` });
}

/** Where a secret comes from when it is not a `secure:` value of the stack file itself. */
export const SecretRef = z
  .strictObject({
    secret: z
      .string()
      .min(1)
      .meta({ description: "A stack config key set with `pulumi config set --secret <key> <value>` (project namespace unless qualified)." }),
  })
  .meta({ description: "Reads the value from a secret of the stack config instead of writing it here." });
export type SecretRef = z.infer<typeof SecretRef>;

/** A secret field: a `secure:` value of the stack file or a `{ secret: <config key> }` (fleet/secrets.ts resolves it). */
export function secretOrRef<T extends z.ZodType>(leaf: T) {
  return z.union([leaf, SecretRef]).meta({
    description: "A secret: a `secure:` value of the stack file, or { secret: <config key> }. Never plain text.",
  });
}

export const DeletionPolicy = z.enum(["delete", "archive"]);

export function deletionPolicy(description: string) {
  return DeletionPolicy.optional().meta({ description });
}

/** `adoptId`: take over an existing object instead of creating one. */
export function adoptId(prefix: IdPrefix, what: string) {
  return IdOf(prefix)
    .optional()
    .meta({ description: `Take over this existing ${what} (${prefix}_…) instead of creating one.` });
}

/**
 * A file of the repository whose text a field takes instead of an inline value (fleet/content-files.ts reads
 * and checks it): relative to the file that declares the fleet, and inside the project.
 */
export function contentFile(what: string) {
  return z
    .string()
    .min(1)
    .optional()
    .meta({ description: `${what}; relative to the file that declares the fleet, inside the project.` });
}

/** The Pulumi resource options a stack file may set on an entry. */
export const ResourceOptions = z
  .strictObject({
    protect: z.boolean().optional().meta({ description: "Refuse to delete or replace the resource until this is removed." }),
    retainOnDelete: z.boolean().optional().meta({ description: "Leave the object in the account when it leaves the document (Pulumi forgets it)." }),
    ignoreChanges: z
      .array(z.string().min(1))
      .optional()
      .meta({ description: "Input properties whose changes Pulumi ignores, e.g. [content] for memories agents edit." }),
  })
  .meta({ description: "Pulumi resource options for this entry." });
export type ResourceOptions = z.infer<typeof ResourceOptions>;

/** A map of entries by stable key. */
export function Entries<T extends z.ZodType>(entry: T, description: string) {
  return z.record(Key, entry).optional().meta({ description });
}
