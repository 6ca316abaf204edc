// Redaction: the token and credential secrets never reach an error message or a log line.
import { afterEach, describe, expect, it } from "vitest";
import { REDACTED, redact } from "../../provider/client/index";
import { TOKEN, closeHarnesses, errorBody, harness } from "../support/client-mock";

const SECRET = "sv-very-secret-value-42";
const VAULT = "vault_0123456789abcdef0123456789abcdef";
afterEach(closeHarnesses);

const credential = {
  auth: {
    type: "environment_variable" as const,
    secretName: "API_KEY",
    secretValue: SECRET,
    networking: { type: "unrestricted" as const },
  },
};

async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "no failure",
    (err: unknown) => String((err as Error).message),
  );
}

describe("redaction", () => {
  it("redact: a token the server echoes never reaches the error message", async () => {
    const h = harness();
    h.reply("GET", `/vaults/${VAULT}`, 401, errorBody("authentication_error", `Invalid token '${TOKEN}'.`));
    const message = await messageOf(h.client.vaults.retrieve(VAULT));
    expect([message.includes(TOKEN), message.includes(REDACTED)]).toEqual([false, true]);
  });

  it("redact: a credential secret the server echoes never reaches the error message", async () => {
    const h = harness();
    h.reply("POST", `/vaults/${VAULT}/credentials`, 400, errorBody("invalid_request_error", `bad value ${SECRET}`, SECRET));
    const message = await messageOf(h.client.vaults.credentials.create(VAULT, credential));
    expect([message.includes(SECRET), message.includes(REDACTED)]).toEqual([false, true]);
  });

  it("redact: log lines never hold the token or the secret", async () => {
    const h = harness();
    h.reply("POST", `/vaults/${VAULT}/credentials`, 503, errorBody("api_error", `failed for ${SECRET} with ${TOKEN}`));
    h.reply("POST", `/vaults/${VAULT}/credentials`, 400, errorBody("invalid_request_error", "no"));
    await messageOf(h.client.vaults.credentials.create(VAULT, credential));
    const leaked = h.logs.filter((line) => line.includes(SECRET) || line.includes(TOKEN));
    expect([leaked, h.logs.some((line) => line.includes(`"secret_value":"${REDACTED}"`))]).toEqual([[], true]);
  });

  it("redact: a connection failure message never holds the token", async () => {
    const h = harness({ maxRetries: 0 });
    h.fail("GET", `/vaults/${VAULT}`, new Error(`connect failed with Authorization: Bearer ${TOKEN}`));
    const message = await messageOf(h.client.vaults.retrieve(VAULT));
    expect(message.includes(TOKEN)).toBe(false);
  });

  it("redact: secret keys are masked in both casings", () => {
    const out = redact({ auth: { secret_value: "a1b2c3", refresh: { refreshToken: "r1r2r3", clientSecret: "c1c2c3" } } });
    expect(out).toEqual({ auth: { secret_value: REDACTED, refresh: { refreshToken: REDACTED, clientSecret: REDACTED } } });
  });

  it("redact: fields that merely contain 'token' are kept", () => {
    const value = { token_endpoint: "https://idp.test/token", token_endpoint_auth: { type: "none" } };
    expect(redact(value)).toEqual(value);
  });

  it("redact: known secrets are masked inside free text", () => {
    expect(redact("value=hunter22 end", ["hunter22"])).toBe(`value=${REDACTED} end`);
  });

  it("redact: bearer credentials and personal access tokens are masked by shape", () => {
    expect(redact("Authorization: Bearer abc.def and pt-abcdef123")).toBe(`Authorization: Bearer ${REDACTED} and ${REDACTED}`);
  });
});
