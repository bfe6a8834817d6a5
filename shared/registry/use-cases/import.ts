/**
 * Importing the lists provinces keep in spreadsheets (docs/registry-import.md). A dry run reports
 * every row's problem by row and column; an import with any problem imports nothing. A clean file
 * is written in chunks, each one transaction with the import's progress row, so a re-post of the
 * same file after a failure resumes where it stopped and never writes a row twice (entry ids are
 * derived from the file and the row).
 */

import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import { can, type ScopedActor } from "../../access/policy.ts";
import type { Directory } from "../../directory/ports.ts";
import { ConflictError, ValidationError } from "../../kernel/errors.ts";
import { createHash } from "../../kernel/node-crypto.ts";
import { WriteConditionsFailed } from "../../kernel/pending-write.ts";
import { cellIncrements } from "../../monitoring/domain/cells.ts";
import type { IndicatorDelta } from "../../monitoring/domain/deltas.ts";
import { registryChangeDeltas } from "../../monitoring/domain/registry-deltas.ts";
import { localDateOf } from "../../norms/domain/dates.ts";
import type { PersonalDataCipher } from "../../privacy/ports.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import "../../validation/z.ts";
import type { Beneficiary, Member } from "../domain/beneficiary.ts";
import * as changes from "../domain/changes.ts";
import { derivedRegistryId } from "../domain/ids.ts";
import { readCsv } from "../domain/import/csv.ts";
import type { Layout } from "../domain/import/layout.ts";
import { type ImportProblem, type RowRecord, recordsOf, sourceOf } from "../domain/import/rows.ts";
import { readXlsxSheet, type XlsxCell, XlsxError } from "../domain/import/xlsx-reader.ts";
import { samePerson } from "../domain/merge.ts";
import { nameKeyOf } from "../domain/names.ts";
import { checkDetails } from "../domain/validate.ts";
import type { ImportProgress, RegistryStore } from "../ports.ts";
import {
  type CreateBeneficiary,
  CreateBeneficiaryInput,
  MemberInput,
  RegistryIdInput,
} from "../schemas.ts";
import { scopeOfEntry } from "./common.ts";
import { detailsOf } from "./register.ts";

export interface ImportPorts {
  registry: RegistryStore;
  directory: Pick<Directory, "findUnit">;
  /** Trusted addresses' host names are sealed on import (survivor cases are never imported). */
  cipher: Pick<PersonalDataCipher, "seal">;
}

export type ImportFormat = "csv" | "xlsx";

export interface ImportReport {
  importId: string;
  layout: Layout;
  dryRun: boolean;
  /** dry_run: checked only; refused: problems, nothing written; imported; already_imported. */
  outcome: "dry_run" | "refused" | "imported" | "already_imported";
  rows: number;
  problems: ImportProblem[];
  /** Rows written (imported) or that would be written (dry run without problems). */
  created: { row: number; id: string }[];
}

/**
 * A real import refused for its problems: a 400 problem document whose `errors` name each
 * row and column, with the full report beside them.
 */
export class ImportRefusedError extends ValidationError {
  constructor(report: ImportReport) {
    const first = report.problems[0];
    super(
      `the file has ${report.problems.length} problem(s); nothing was imported${first ? `: row ${first.row}${first.column ? `, column ${first.column}` : ""}${first.field ? ` (${first.field})` : ""}: ${first.message}` : ""}`,
      report.problems.map((p) => ({
        field: `row ${p.row}${p.column ? `, column ${p.column}` : ""}${p.field ? ` (${p.field})` : ""}`,
        message: p.message,
      })),
    );
    this.extra.importId = report.importId;
    this.extra.problems = report.problems;
  }
}

/** Rows per transaction: each row is an entry and its event; the progress row joins them. */
const CHUNK = 20;
const MEMBER_CHUNK = 40;
/**
 * Items one transaction may hold (DynamoDB's limit is 100): a beneficiary row writes at most 4
 * (entry, event, chain head, duplicate flag), a member row 1 beside its group's 3, the progress
 * row 1, and the A1 counter cells the chunk's rows touch (merged per cell).
 */
const MAX_ITEMS = 100;
const ENTRY_ITEMS = 4;
const GROUP_ITEMS = 3;
/** Room for the cells of the real group's dates (see writeMembers). */
const MEMBER_MARGIN = 12;

/**
 * Consecutive rows in chunks of at most `size` whose items fit one transaction. Deterministic
 * (the plans alone decide), so a resumed import cuts the file exactly as before.
 */
function packed<T>(
  items: readonly T[],
  size: number,
  fixed: number,
  perItem: number,
  deltasOf: (item: T) => IndicatorDelta[],
): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [];
  let deltas: IndicatorDelta[] = [];
  for (const item of items) {
    const more = [...deltas, ...deltasOf(item)];
    const weight = fixed + perItem * (chunk.length + 1) + cellIncrements(more).length;
    if (chunk.length > 0 && (chunk.length >= size || weight > MAX_ITEMS)) {
      out.push(chunk);
      chunk = [];
      deltas = deltasOf(item);
    } else {
      deltas = more;
    }
    chunk.push(item);
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

/** The counters a new beneficiary row moves (only savings groups count in A1). */
const rowDeltas = (p: BeneficiaryPlan): IndicatorDelta[] =>
  registryChangeDeltas(
    null,
    {
      kind: p.input.kind,
      state: "ACTIVE",
      communeId: p.communeId,
      provinceId: p.provinceId,
      details: p.input,
    },
    [],
  );

const VI: Record<string, string> = {
  too_small: "không được để trống hoặc quá nhỏ",
  too_big: "quá dài hoặc quá lớn",
  invalid_format: "sai định dạng",
  invalid_value: "giá trị không hợp lệ",
  invalid_type: "thiếu hoặc sai kiểu",
  unrecognized_keys: "cột này không dùng cho loại đối tượng này",
  invalid_union: "không hợp lệ",
};

/** The sheet's cells, or a problem of the whole file. */
export function gridOf(
  bytes: Buffer,
  format: ImportFormat,
): { rows: XlsxCell[][]; date1904: boolean } | ImportProblem {
  if (format === "xlsx") {
    try {
      const sheet = readXlsxSheet(bytes);
      return { rows: sheet.rows, date1904: sheet.date1904 };
    } catch (err) {
      if (!(err instanceof XlsxError)) throw err;
      return { row: 1, message: err.message, messageVi: `không đọc được tệp XLSX: ${err.message}` };
    }
  }
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) {
    return {
      row: 1,
      message: "the CSV file is not UTF-8: save it as 'CSV UTF-8'",
      messageVi: "tệp CSV không phải UTF-8: hãy lưu dạng 'CSV UTF-8'",
    };
  }
  try {
    return { rows: readCsv(text), date1904: false };
  } catch (err) {
    const row = (err as { row?: number }).row ?? 1;
    return { row, message: (err as Error).message, messageVi: "dấu ngoặc kép mở mà không đóng" };
  }
}

/**
 * A row through the request schema: its value, or its issues as problems of the row's cells,
 * leaving out cells whose format was already reported (a kind that is no code is one problem,
 * not two).
 */
function validateRow<S extends core.$ZodType>(
  rec: RowRecord,
  schema: S,
  letters: Record<string, string>,
  reported: readonly ImportProblem[],
): { ok: true; value: core.output<S> } | { ok: false; problems: ImportProblem[] } {
  const res = z.safeParse(schema, rec.value);
  if (res.success) return { ok: true, value: res.data };
  const already = new Set(reported.filter((p) => p.row === rec.row).map((p) => p.field));
  const problems = res.error.issues.flatMap((i) => {
    const keys = i.code === "unrecognized_keys" ? ((i as { keys?: string[] }).keys ?? []) : [];
    const path = keys.length > 0 ? [...i.path, keys[0] ?? ""] : i.path;
    const key = sourceOf(rec, path) ?? CONVERTED_BY_PATH[String(i.path[0])];
    if (already.has(key)) return [];
    return [
      {
        row: rec.row,
        ...(key && letters[key] ? { column: letters[key] } : {}),
        ...(key ? { field: key } : {}),
        message:
          i.code === "unrecognized_keys" ? "this column is not used for this kind" : i.message,
        messageVi: VI[i.code] ?? "không hợp lệ",
      },
    ];
  });
  return { ok: false, problems };
}

/** Fields whose cell failed conversion (so the field is absent): the column to name. */
const CONVERTED_BY_PATH: Record<string, string> = {
  kind: "kind",
  communeId: "commune_id",
  name: "name",
  village: "village",
  foundedOn: "founded_on",
  since: "founded_on",
  leadership: "leadership",
  origin: "origin",
  groupId: "group_id",
  gender: "gender",
  listedOn: "kind",
};

const rowProblem = (
  rec: RowRecord,
  key: string | undefined,
  letters: Record<string, string>,
  message: string,
  messageVi: string,
): ImportProblem => ({
  row: rec.row,
  ...(key && letters[key] ? { column: letters[key] } : {}),
  ...(key ? { field: key } : {}),
  message,
  messageVi,
});

interface BeneficiaryPlan {
  rec: RowRecord;
  input: CreateBeneficiary & { hostName?: string };
  communeId: string;
  provinceId: string;
  nameKey: string;
  duplicateOf: string[];
}

interface MemberPlan {
  rec: RowRecord;
  groupId: string;
  fields: changes.MemberFields;
}

async function planBeneficiaries(
  ports: ImportPorts,
  actor: ScopedActor,
  records: RowRecord[],
  letters: Record<string, string>,
  importId: string,
  today: string,
  problems: ImportProblem[],
): Promise<BeneficiaryPlan[]> {
  const plans: BeneficiaryPlan[] = [];
  const communes = new Map<string, { provinceId: string; reviewUnitId: string } | null>();
  const existing = new Map<string, Beneficiary[]>();
  const inFile = new Map<string, number>();
  for (const rec of records) {
    const checked = validateRow(rec, CreateBeneficiaryInput, letters, problems);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const input = checked.value;
    if (input.kind === "SURVIVOR_CASE") continue; // no code of the kind column names it
    let commune = communes.get(input.communeId);
    if (commune === undefined) {
      const unit = await ports.directory.findUnit(input.communeId);
      commune =
        unit?.kind === "commune"
          ? { provinceId: unit.provinceId, reviewUnitId: unit.reviewUnitId ?? "" }
          : null;
      communes.set(input.communeId, commune);
    }
    if (!commune) {
      problems.push(
        rowProblem(
          rec,
          "commune_id",
          letters,
          "not a known commune id",
          "mã xã không có trong danh mục",
        ),
      );
      continue;
    }
    if (!can(actor, "registry.import", { communeId: input.communeId, ...commune })) {
      problems.push(
        rowProblem(
          rec,
          "commune_id",
          letters,
          "a commune outside your scope",
          "xã ngoài phạm vi của anh/chị",
        ),
      );
      continue;
    }
    try {
      checkDetails(
        {
          kind: input.kind,
          details: await detailsOf(input, undefined, { seal: async () => SEALED_PLACEHOLDER }, ""),
        } as Beneficiary,
        today,
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const e of err.errors)
        problems.push(
          rowProblem(
            rec,
            sourceOf(rec, e.field.split(".")),
            letters,
            e.message,
            "ngày hoặc số liệu không hợp lệ",
          ),
        );
      continue;
    }
    const nameKey = nameKeyOf(input.name);
    if (nameKey === "") {
      problems.push(
        rowProblem(
          rec,
          "name",
          letters,
          "the name needs a letter or digit",
          "tên cần có chữ hoặc số",
        ),
      );
      continue;
    }
    const key = `${input.communeId}#${input.kind}#${nameKey}`;
    const earlier = inFile.get(key);
    if (earlier !== undefined && !rec.confirmDistinct) {
      problems.push(
        rowProblem(
          rec,
          "name",
          letters,
          `same commune, kind and name as row ${earlier}`,
          `trùng xã, loại và tên với dòng ${earlier}`,
        ),
      );
      continue;
    }
    inFile.set(key, rec.row);
    let same = existing.get(key);
    if (!same) {
      same = (await ports.registry.sameName(input.communeId, input.kind, nameKey)).filter(
        (b) => b.importId !== importId,
      );
      existing.set(key, same);
    }
    if (same.length > 0 && !rec.confirmDistinct) {
      problems.push(
        rowProblem(
          rec,
          "name",
          letters,
          `likely duplicate of ${same.map((b) => b.id).join(", ")}; put x in confirm_distinct if it is another one`,
          `có thể trùng với ${same.map((b) => b.id).join(", ")}; ghi x ở cột khong_trung nếu là đối tượng khác`,
        ),
      );
      continue;
    }
    plans.push({
      rec,
      input,
      communeId: input.communeId,
      provinceId: commune.provinceId,
      nameKey,
      duplicateOf: same.map((b) => b.id),
    });
  }
  return plans;
}

/** Stands in for sealed data while only the dates are checked (nothing is sealed in a dry run). */
const SEALED_PLACEHOLDER = { alg: "none", keyId: "none", iv: "", tag: "", data: "" };

async function planMembers(
  ports: ImportPorts,
  actor: ScopedActor,
  records: RowRecord[],
  letters: Record<string, string>,
  problems: ImportProblem[],
): Promise<MemberPlan[]> {
  const plans: MemberPlan[] = [];
  const groups = new Map<string, { members: Member[] } | string>();
  const WithGroup = z.strictObject({ ...MemberInput.shape, groupId: RegistryIdInput });
  for (const rec of records) {
    const checked = validateRow(rec, WithGroup, letters, problems);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const { groupId, ...fields } = checked.value;
    let group = groups.get(groupId);
    if (group === undefined) {
      const b = await ports.registry.find(groupId);
      if (b?.kind !== "SAVINGS_GROUP") group = "not a registered savings group (Tổ TKVVTB)";
      else if (b.state !== "ACTIVE")
        group = `the group was merged into ${b.mergedInto ?? "another entry"}`;
      else if (!can(actor, "registry.import", await scopeOfEntry(ports.directory, b)))
        group = "a group outside your scope";
      else group = { members: await ports.registry.members(b.id) };
      groups.set(groupId, group);
    }
    if (typeof group === "string") {
      problems.push(
        rowProblem(rec, "group_id", letters, group, "mã tổ không hợp lệ hoặc ngoài phạm vi"),
      );
      continue;
    }
    if (fields.joinedOn && fields.leftOn && fields.leftOn < fields.joinedOn) {
      problems.push(
        rowProblem(
          rec,
          "left_on",
          letters,
          "must not be before joined_on",
          "ngày rời tổ trước ngày vào tổ",
        ),
      );
      continue;
    }
    const candidate = {
      ...fields,
      groupId,
      id: "",
      version: 0,
      createdAt: "",
      updatedAt: "",
    } as Member;
    const same = group.members.find((m) => samePerson(m, candidate));
    if (same && !rec.confirmDistinct) {
      // The member's id, never her name.
      problems.push(
        rowProblem(
          rec,
          "name",
          letters,
          `the group already has this member (${same.id}); put x in confirm_distinct if it is another person`,
          `tổ đã có thành viên này (${same.id}); ghi x ở cột khong_trung nếu là người khác`,
        ),
      );
      continue;
    }
    group.members.push(candidate);
    plans.push({ rec, groupId, fields });
  }
  return plans;
}

/** The import id: the same file in the same layout is the same import (a re-post resumes it). */
export const importIdOf = (layout: Layout, bytes: Buffer) =>
  createHash("sha256").update(`${layout}\n`).update(bytes).digest("hex").slice(0, 24);

/**
 * Checks a file and, unless it is a dry run or has any problem, imports it.
 * 1. read the sheet (XLSX or CSV) and its header; 2. every row through the request schemas, its
 *    commune or group in the importer's scope (`registry.import`), likely duplicates against the
 *    registry and the file; 3. report every problem by row and column, and stop on any;
 * 4. write in chunks with the import's progress (exactly once per chunk; a re-post resumes).
 */
export async function importRegistry(
  ports: ImportPorts,
  actor: ScopedActor,
  tx: TransitionContext,
  file: { bytes: Buffer; format: ImportFormat },
  layout: Layout,
  dryRun: boolean,
): Promise<ImportReport> {
  const importId = importIdOf(layout, file.bytes);
  const base = { importId, layout, dryRun };
  const grid = gridOf(file.bytes, file.format);
  if ("message" in grid)
    return { ...base, outcome: "refused", rows: 0, problems: [grid], created: [] };
  const sheet = recordsOf(layout, grid.rows, grid.date1904);
  const problems = [...sheet.problems];
  const progress = await ports.registry.importProgress(importId);
  if (progress?.completedAt) {
    return { ...base, outcome: "already_imported", rows: progress.rows, problems: [], created: [] };
  }
  const today = localDateOf(tx.at);
  const plans =
    layout === "beneficiaries"
      ? await planBeneficiaries(
          ports,
          actor,
          sheet.records,
          sheet.columns,
          importId,
          today,
          problems,
        )
      : await planMembers(ports, actor, sheet.records, sheet.columns, problems);
  problems.sort((a, b) => a.row - b.row || (a.column ?? "").localeCompare(b.column ?? ""));
  const rows = sheet.records.length;
  if (problems.length > 0) return { ...base, outcome: "refused", rows, problems, created: [] };
  if (layout === "beneficiaries") {
    const created = (plans as BeneficiaryPlan[]).map((p) => ({
      row: p.rec.row,
      id: derivedRegistryId(`${importId}#${p.rec.row}`),
    }));
    if (dryRun) return { ...base, outcome: "dry_run", rows, problems, created };
    await writeBeneficiaries(ports, tx, importId, plans as BeneficiaryPlan[], progress);
    return { ...base, outcome: "imported", rows, problems, created };
  }
  const memberPlans = plans as MemberPlan[];
  if (dryRun) return { ...base, outcome: "dry_run", rows, problems, created: [] };
  const created = await writeMembers(ports, tx, importId, memberPlans, progress);
  return { ...base, outcome: "imported", rows, problems, created };
}

async function commitChunk(
  ports: ImportPorts,
  importId: string,
  progress: ImportProgress | undefined,
  next: ImportProgress,
  writes: Parameters<RegistryStore["commit"]>[0],
  deltas: readonly IndicatorDelta[],
): Promise<ImportProgress | undefined> {
  try {
    await ports.registry.commit(
      [...writes, ports.registry.stageImportProgress(progress, next)],
      deltas,
    );
    return next;
  } catch (err) {
    if (!(err instanceof WriteConditionsFailed)) throw err;
    // Another request is writing the same file: continue from what it recorded.
    return ports.registry.importProgress(importId);
  }
}

async function writeBeneficiaries(
  ports: ImportPorts,
  tx: TransitionContext,
  importId: string,
  plans: BeneficiaryPlan[],
  start: ImportProgress | undefined,
): Promise<void> {
  const chunks = packed(plans, CHUNK, 1, ENTRY_ITEMS, rowDeltas);
  let progress = start;
  for (let guard = 0; guard < chunks.length * 3 + 3; guard++) {
    const done = progress?.chunksDone ?? 0;
    if (done >= chunks.length) break;
    const chunk = chunks[done] ?? [];
    const writes = [];
    const deltas: IndicatorDelta[] = [];
    for (const p of chunk) {
      const id = derivedRegistryId(`${importId}#${p.rec.row}`);
      const details = await detailsOf(p.input, undefined, ports.cipher, id);
      const change = changes.register(
        {
          id,
          kind: p.input.kind,
          communeId: p.communeId,
          provinceId: p.provinceId,
          name: p.input.kind === "SURVIVOR_CASE" ? id : p.input.name,
          nameKey: p.nameKey,
          details,
          duplicateOf: p.duplicateOf,
          importId,
        },
        tx,
      );
      const staged = ports.registry.stage(null, change, tx);
      writes.push(...staged.writes);
      deltas.push(...(staged.deltas ?? []));
    }
    const next: ImportProgress = {
      importId,
      layout: "beneficiaries",
      rows: plans.length,
      chunks: chunks.length,
      chunksDone: done + 1,
      startedAt: progress?.startedAt ?? tx.at,
      startedBy: progress?.startedBy ?? tx.actor.id,
      ...(done + 1 === chunks.length ? { completedAt: tx.at } : {}),
    };
    progress = await commitChunk(ports, importId, progress, next, writes, deltas);
  }
  if ((progress?.chunksDone ?? 0) < chunks.length)
    throw new ConflictError(
      `import ${importId} did not complete; post the same file again to resume`,
    );
}

async function writeMembers(
  ports: ImportPorts,
  tx: TransitionContext,
  importId: string,
  plans: MemberPlan[],
  start: ImportProgress | undefined,
): Promise<{ row: number; id: string }[]> {
  const byGroup = new Map<string, MemberPlan[]>();
  for (const p of plans) byGroup.set(p.groupId, [...(byGroup.get(p.groupId) ?? []), p]);
  // Packed from the file alone (a resumed import cuts it the same way): a group's own dates
  // (founding, dissolution) move each member's counters by at most 12 more cells than this
  // undated stand-in does, which the margin keeps room for.
  const memberDeltasOf = (p: MemberPlan): IndicatorDelta[] =>
    registryChangeDeltas(
      null,
      {
        kind: "SAVINGS_GROUP",
        state: "ACTIVE",
        communeId: "C",
        provinceId: "P",
        details: { status: "active" },
      },
      [{ ...p.fields, id: "new", version: 1 }],
    ).filter((d) => !(d.measure === "sg_active" || d.measure === "sg_founded"));
  const chunks = [...byGroup.entries()].flatMap(([groupId, list]) =>
    packed(list, MEMBER_CHUNK, 1 + GROUP_ITEMS + MEMBER_MARGIN, 1, memberDeltasOf).map((c) => ({
      groupId,
      plans: c,
    })),
  );
  const created: { row: number; id: string }[] = [];
  let progress = start;
  for (let guard = 0; guard < chunks.length * 5 + 3; guard++) {
    const done = progress?.chunksDone ?? 0;
    if (done >= chunks.length) break;
    const chunk = chunks[done];
    if (!chunk) break;
    const group = await ports.registry.find(chunk.groupId);
    if (!group) throw new ConflictError(`group ${chunk.groupId} disappeared during the import`);
    const { change, members } = changes.importMembers(
      group,
      chunk.plans.map((p) => p.fields),
      importId,
      tx,
    );
    const staged = ports.registry.stage(group, change, tx);
    const next: ImportProgress = {
      importId,
      layout: "members",
      rows: plans.length,
      chunks: chunks.length,
      chunksDone: done + 1,
      startedAt: progress?.startedAt ?? tx.at,
      startedBy: progress?.startedBy ?? tx.actor.id,
      ...(done + 1 === chunks.length ? { completedAt: tx.at } : {}),
    };
    const after = await commitChunk(
      ports,
      importId,
      progress,
      next,
      staged.writes,
      staged.deltas ?? [],
    );
    if (after?.chunksDone === next.chunksDone && after === next) {
      chunk.plans.forEach((p, i) => {
        const m = members[i];
        if (m) created.push({ row: p.rec.row, id: `${chunk.groupId}/${m.id}` });
      });
    }
    progress = after;
  }
  if ((progress?.chunksDone ?? 0) < chunks.length)
    throw new ConflictError(
      `import ${importId} did not complete; post the same file again to resume`,
    );
  return created.sort((a, b) => a.row - b.row);
}
