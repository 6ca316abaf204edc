// One list of a credential's write-only fields: the VaultCredential kind's SECRET_AUTH_PATHS. The provider side
// derives from it; the emulator builds on the wire schemas only, so it keeps the wire spelling in provider/api,
// and the client's scrubber depends on nothing. These tests keep those copies in step with the kind.
import { describe, expect, it } from "vitest";
import { CREDENTIAL_SECRET_FIELDS, snakeCaseKey } from "../../provider/api";
import { isSecretKey } from "../../provider/client/redact";
import { SECRET_FIELDS } from "../../provider/fleet/schema";
import { SECRET_AUTH_PATHS } from "../../provider/kinds/credential-auth";
import { vaultCredentialKind } from "../../provider/kinds/vault-credential";

const leaves = [...new Set(SECRET_AUTH_PATHS.map((path) => path[path.length - 1]!))];

describe("credential secret fields", () => {
  it("the kind declares SECRET_AUTH_PATHS as the secrets of its auth field", () => {
    expect(vaultCredentialKind.fields.auth.secrets).toBe(SECRET_AUTH_PATHS);
  });

  it("the fleet's SECRET_FIELDS are the names of the kind's secret paths", () => {
    expect([...SECRET_FIELDS].sort()).toEqual([...leaves].sort());
    expect([...SECRET_FIELDS].sort()).toEqual(["accessToken", "clientSecret", "refreshToken", "secretValue", "token"]);
  });

  it("the wire list the emulator uses is the same names in snake_case", () => {
    expect([...CREDENTIAL_SECRET_FIELDS].sort()).toEqual(leaves.map(snakeCaseKey).sort());
  });

  it("the client's scrubber redacts every one of them in either spelling", () => {
    for (const leaf of leaves) {
      expect(isSecretKey(leaf), leaf).toBe(true);
      expect(isSecretKey(snakeCaseKey(leaf)), snakeCaseKey(leaf)).toBe(true);
    }
  });
});
