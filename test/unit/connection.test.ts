// The provider's connection settings from stack config: namespaced keys mapped onto the client's options, the
// client's own environment fallbacks (client-config.test.ts has their order), and clear errors for values it
// cannot use (the message names the key, never a token). connectionFacts, which failure messages use, must
// agree with the client it describes.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NO_TOKEN_MESSAGE, QoderError } from "../../provider/client/index";
import { apiClient, configureConnection, connectionFacts } from "../../provider/lifecycle/connection";

const reader = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("connection", () => {
  beforeEach(() => {
    // Blank counts as unset: the tests start from an empty environment whatever the shell has.
    for (const name of ["QODER_ACCESS_TOKEN", "QODER_PAT", "QODER_BASE_URL"]) vi.stubEnv(name, "");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    configureConnection(reader({}));
  });

  it("connection: qoder:baseUrl wins over the region", async () => {
    configureConnection(reader({ "qoder:token": "pt-x", "qoder:baseUrl": "http://127.0.0.1:1/api/v1/cloud", "qoder:region": "cn" }));
    expect((await apiClient()).baseUrl).toBe("http://127.0.0.1:1/api/v1/cloud");
  });

  it("connection: qoder:region cn selects the China base URL", async () => {
    configureConnection(reader({ "qoder:token": "pt-x", "qoder:region": "cn" }));
    expect((await apiClient()).baseUrl).toBe("https://api.qoder.com.cn/api/v1/cloud");
  });

  it("connection: an unknown region is refused at configure with the accepted values", () => {
    expect(() => configureConnection(reader({ "qoder:region": "eu" }))).toThrow(
      new QoderError('qoder:region must be "intl" or "cn" (or set qoder:baseUrl); got "eu"'),
    );
  });

  it("connection: a qoder:baseUrl that is not a URL is refused with its key, and failure messages name no URL", async () => {
    configureConnection(reader({ "qoder:token": "pt-x", "qoder:baseUrl": "api.qoder.com" }));
    await expect(apiClient()).rejects.toThrow(
      new QoderError('qoder:baseUrl must be a full http(s) URL, such as https://api.qoder.com/api/v1/cloud; got "api.qoder.com"'),
    );
    expect(connectionFacts()).toEqual({ secrets: ["pt-x"] });
  });

  it("connection: a retry budget that is not a whole number is refused with its key", () => {
    expect(() => configureConnection(reader({ "qoder:maxRetries": "many" }))).toThrow(
      'qoder:maxRetries must be a whole number of 0 or more; got "many"',
    );
  });

  it("connection: an operation timeout of 0 seconds is refused, since every call would fail at once", () => {
    expect(() => configureConnection(reader({ "qoder:operationTimeoutSeconds": "0" }))).toThrow(
      'qoder:operationTimeoutSeconds must be a whole number of 1 or more; got "0"',
    );
  });

  it("connection: without qoder:baseUrl the client and the failure messages both use QODER_BASE_URL", async () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", "pt-from-env");
    vi.stubEnv("QODER_BASE_URL", "http://127.0.0.1:2/api/v1/cloud/");
    configureConnection(reader({ "qoder:region": "cn" }));
    expect([(await apiClient()).baseUrl, connectionFacts().baseUrl]).toEqual(["http://127.0.0.1:2/api/v1/cloud", "http://127.0.0.1:2/api/v1/cloud"]);
  });

  it("connection: a whitespace-only token counts as unset, so a blank QODER_ACCESS_TOKEN falls through to QODER_PAT", async () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", "  ");
    vi.stubEnv("QODER_PAT", " pt-pat\n");
    configureConnection(reader({ "qoder:token": " " }));
    await expect(apiClient()).resolves.toBeDefined();
    expect(connectionFacts()).toEqual({ baseUrl: "https://api.qoder.com/api/v1/cloud", secrets: ["pt-pat"] });
  });

  it("connection: failure messages mask every token given, used or not", () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", "sat-from-env");
    vi.stubEnv("QODER_PAT", "pt-from-env");
    configureConnection(reader({ "qoder:token": " pt-from-config " }));
    expect(connectionFacts().secrets).toEqual(["pt-from-config", "sat-from-env", "pt-from-env"]);
  });

  it("connection: no token anywhere (blank ones included) names the config command and both variables", async () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", " ");
    vi.stubEnv("QODER_PAT", "\t");
    configureConnection(reader({ "qoder:token": "  " }));
    await expect(apiClient()).rejects.toThrow(new QoderError(NO_TOKEN_MESSAGE));
    expect(NO_TOKEN_MESSAGE).toBe(
      "No Qoder API token: run `pulumi config set --secret qoder:token <token>`, or set QODER_ACCESS_TOKEN (or QODER_PAT).",
    );
  });
});
