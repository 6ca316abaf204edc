// The provider's connection settings from stack config: namespaced keys, environment fallbacks, and clear
// errors for values it cannot use (the message names the key, never a token).
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiClient, configureConnection } from "../../provider/lifecycle/connection";

const reader = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("connection", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    configureConnection(reader({}));
  });

  it("connection: qoder:baseUrl wins over the region", () => {
    configureConnection(reader({ "qoder:token": "pt-x", "qoder:baseUrl": "http://127.0.0.1:1/api/v1/cloud", "qoder:region": "cn" }));
    expect(apiClient().baseUrl).toBe("http://127.0.0.1:1/api/v1/cloud");
  });

  it("connection: qoder:region cn selects the China base URL", () => {
    configureConnection(reader({ "qoder:token": "pt-x", "qoder:region": "cn" }));
    expect(apiClient().baseUrl).toBe("https://api.qoder.com.cn/api/v1/cloud");
  });

  it("connection: an unknown region is refused with the accepted values", () => {
    expect(() => configureConnection(reader({ "qoder:region": "eu" }))).toThrow(
      'qoder:region must be "intl" or "cn" (or set qoder:baseUrl); got "eu"',
    );
  });

  it("connection: a retry budget that is not a whole number is refused with its key", () => {
    expect(() => configureConnection(reader({ "qoder:maxRetries": "many" }))).toThrow(
      'qoder:maxRetries must be a whole number of 0 or more; got "many"',
    );
  });

  it("connection: without config the token and base URL come from the environment", () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", "pt-from-env");
    vi.stubEnv("QODER_PAT", "");
    vi.stubEnv("QODER_BASE_URL", "http://127.0.0.1:2/api/v1/cloud");
    configureConnection(reader({}));
    expect(apiClient().baseUrl).toBe("http://127.0.0.1:2/api/v1/cloud");
  });

  it("connection: QODER_PAT is the last token fallback", () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", "");
    vi.stubEnv("QODER_PAT", "pt-pat");
    configureConnection(reader({}));
    expect(() => apiClient()).not.toThrow();
  });

  it("connection: an operation timeout of 0 seconds is refused, since every call would fail at once", () => {
    expect(() => configureConnection(reader({ "qoder:operationTimeoutSeconds": "0" }))).toThrow(
      'qoder:operationTimeoutSeconds must be a whole number of 1 or more; got "0"',
    );
  });

  it("connection: no token anywhere names the two ways to give one", () => {
    vi.stubEnv("QODER_ACCESS_TOKEN", "");
    vi.stubEnv("QODER_PAT", "");
    configureConnection(reader({}));
    expect(() => apiClient()).toThrow(/pulumi config set --secret qoder:token .* or set QODER_ACCESS_TOKEN/);
  });
});
