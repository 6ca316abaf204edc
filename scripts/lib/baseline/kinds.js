// What the baseline knows of each kind: the inputs its API body carries and the server-computed outputs
// pulumi-qoder's resource exposes for it (provider/kinds/*.ts), so both states hold the same information.
// Plain data: the resource classes (program side) and impl.js (provider side) both read it.
"use strict";

const KINDS = {
  agent: {
    body: ["name", "model", "system", "description", "tools", "mcpServers", "skills", "metadata", "multiagent"],
    outputs: ["version", "archivedAt", "createdAt", "updatedAt"],
  },
  environment: { body: ["name", "description", "config", "metadata"], outputs: ["archivedAt", "createdAt", "updatedAt"] },
  "memory-store": { body: ["name", "description", "metadata"], outputs: ["archivedAt", "createdAt", "updatedAt"] },
  memory: {
    body: ["path", "content", "metadata"],
    outputs: ["contentSha256", "contentSizeBytes", "memoryVersionId", "createdAt", "updatedAt"],
  },
  vault: { body: ["displayName", "metadata"], outputs: ["archivedAt", "createdAt", "updatedAt"] },
  // skillName and contentHash come from the directory (check), the rest from the API.
  skill: { body: ["displayTitle", "metadata"], outputs: ["skillName", "contentHash", "latestVersion", "source", "createdAt", "updatedAt"] },
};

module.exports = { KINDS };
