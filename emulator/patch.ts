// Server-side update semantics shared by every kind: the metadata patch (CONTRACT.md "Shared shapes") and
// "omitted fields are kept". Depends on provider/api and emulator/errors only.
import { METADATA_LIMITS, type MetadataPatch } from "../provider/api";
import { setOwn } from "../provider/api/records";
import { invalid } from "./errors";

/**
 * Applies a metadata patch: a string upserts, `null` deletes, an absent key is kept. The resulting bag must
 * still hold at most 16 keys (400 otherwise). `undefined` patch = unchanged.
 */
export function applyMetadataPatch(current: Readonly<Record<string, string>>, patch: MetadataPatch | undefined): Record<string, string> {
  if (patch === undefined) return { ...current };
  const next: Record<string, string> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    // An own key even when it is `__proto__`: metadata keys are the user's, whatever their names.
    else setOwn(next, key, value);
  }
  if (Object.keys(next).length > METADATA_LIMITS.maxKeys) {
    throw invalid(`metadata may hold at most ${METADATA_LIMITS.maxKeys} keys after the update`, "metadata");
  }
  return next;
}

/** `value` when the field was sent, else the stored one ("omitted fields are kept"). */
export function keep<T>(sent: T | undefined, stored: T): T {
  return sent === undefined ? stored : sent;
}
