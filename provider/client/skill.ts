// Client for Skills and their versions (CONTRACT.md "Skills"): multipart uploads from a directory (see
// multipart.ts), reads, deletes and the version zip download. Must not import provider/resources, fleet or Pulumi.
import * as wire from "../api/skill";
import { encodePath, type RequestOptions } from "./http";
import { buildSkillUpload, type SkillFile } from "./multipart";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type Deleted, type ListOptions, type ReadOptions } from "./resource";

export type Skill = CamelCased<wire.Skill>;
export type SkillVersion = CamelCased<wire.SkillVersion>;

export interface SkillVersionCreateParams {
  /** A directory with SKILL.md at its root, or the files themselves (paths relative to the skill root). */
  files: string | readonly SkillFile[];
  /** Top folder of every uploaded path; defaults to the SKILL.md `name` (CONTRACT.md "Skills" package rules). */
  topFolder?: string;
}

export interface SkillCreateParams extends SkillVersionCreateParams {
  /** ≤255 characters; defaults to the SKILL.md name. Fixed after create. */
  displayTitle?: string;
  /** Fixed after create. */
  metadata?: Record<string, string>;
}

export class Skills extends ApiResource {
  readonly versions = new SkillVersions(this.http);

  /** Issues POST /skills (multipart): the skill and its first version. */
  async create(params: SkillCreateParams, options?: RequestOptions): Promise<Skill> {
    const upload = await buildSkillUpload(params);
    const body = { kind: "raw" as const, bytes: upload.bytes, contentType: upload.contentType };
    return this.send(wire.Skill, { method: "POST", path: "/skills", body, options });
  }

  /** Issues GET /skills/{id}. */
  async retrieve(id: string, options?: ReadOptions): Promise<Skill> {
    return this.send(wire.Skill, { method: "GET", path: encodePath`/skills/${id}`, options });
  }

  /** Issues GET /skills, newest first. */
  list(params?: ListOptions, options?: ReadOptions): PageIterator<Skill> {
    return this.paginate(wire.SkillList, "/skills", params, options);
  }

  /** Issues DELETE /skills/{id}, removing every version. */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/skills/${id}`, id, "skill_deleted", options);
  }
}

export class SkillVersions extends ApiResource {
  /** Issues POST /skills/{id}/versions (multipart): a full new snapshot; `latestVersion` moves to it. */
  async create(skillId: string, params: SkillVersionCreateParams, options?: RequestOptions): Promise<SkillVersion> {
    const upload = await buildSkillUpload(params);
    const body = { kind: "raw" as const, bytes: upload.bytes, contentType: upload.contentType };
    return this.send(wire.SkillVersion, { method: "POST", path: encodePath`/skills/${skillId}/versions`, body, options });
  }

  /** Issues GET /skills/{id}/versions/{version}. */
  async retrieve(skillId: string, version: string, options?: ReadOptions): Promise<SkillVersion> {
    return this.send(wire.SkillVersion, { method: "GET", path: encodePath`/skills/${skillId}/versions/${version}`, options });
  }

  /** Issues GET /skills/{id}/versions, newest first. */
  list(skillId: string, params?: ListOptions, options?: ReadOptions): PageIterator<SkillVersion> {
    return this.paginate(wire.SkillVersionList, encodePath`/skills/${skillId}/versions`, params, options);
  }

  /** Issues DELETE /skills/{id}/versions/{version}. */
  async delete(skillId: string, version: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/skills/${skillId}/versions/${version}`, version, "skill_version_deleted", options);
  }

  /** Issues GET /skills/{id}/versions/{version}/content: the version as zip bytes. */
  async content(skillId: string, version: string, options?: ReadOptions): Promise<Uint8Array> {
    const path = encodePath`/skills/${skillId}/versions/${version}/content`;
    return this.sendForBytes({ method: "GET", path, options, accept: "application/zip, application/octet-stream" });
  }
}
