import { ForbiddenError } from "../kernel/errors.ts";
import { NATION_ID, type Role } from "../kernel/types.ts";

/**
 * The one access policy, for every handler and page. A role allows an action; the action's
 * scope rule then compares the actor's unit with the resource's commune / reviewing unit /
 * province. Anything not listed is denied.
 */
export const ACTIONS = [
  "proposal.create",
  "proposal.read",
  "proposal.edit",
  "proposal.submit",
  "proposal.cancel",
  "proposal.previewNorms",
  "proposal.history",
  "personal.read",
  "task.read",
  "task.decide",
  "task.claim",
  "task.reassign",
  /** Decide or release a task that another approver holds (the unit lead). */
  "task.override",
  "disbursement.record",
  "disbursement.reverse",
  "settlement.record",
  "report.file",
  /** Attach a document to a proposal (shared/attachments: which kinds, by role). */
  "attachment.add",
  "proposal.close",
  "norms.read",
  "norms.draft",
  "norms.approve",
  /** National sets (scope "national"): only the national role drafts and approves them. */
  "norms.national",
  "units.read",
  "units.manage",
  /** Read which unit reviews which commune (the routing page). */
  "routing.read",
  /** Create, disable and enable users (the sign-in account and the directory entry together). */
  "users.manage",
  /** Read the review timetable (SLA, reminders, escalation, link expiry). */
  "settings.read",
  "settings.manage",
  "audit.read",
  "audit.export",
  "audit.verify",
  // Monitoring and evaluation (shared/monitoring): dashboards and reports, programme events,
  // periodic reports (quarterly, sơ kết, tổng kết) and their approval, targets, indicators.
  "monitoring.read",
  "event.record",
  "periodic.edit",
  "periodic.submit",
  "periodic.approve",
  "periodic.reopen",
  "target.set",
  "indicator.define",
  // The programme registry (shared/registry): read entries and indicators; create and edit
  // entries, members and figures; read members' names; merge duplicates; move entries to
  // another commune; import spreadsheets.
  "registry.read",
  "registry.edit",
  "registry.members",
  "registry.merge",
  "registry.move",
  "registry.import",
] as const;
export type Action = (typeof ACTIONS)[number];

export interface ScopedActor {
  id: string;
  role: Role;
  unitId: string;
  provinceId: string;
}

/**
 * Where a resource lives. Absent for global resources (norm sets, unit list). A resource of a
 * province itself (its own report, its own event, its target) has communeId and reviewUnitId
 * ""; a resource of the nation has provinceId NATION_ID as well.
 */
export interface ResourceScope {
  communeId: string;
  reviewUnitId: string;
  provinceId: string;
}

/**
 * How far a grant reaches. "national": anywhere (the central level reads across provinces).
 * "nation": only resources of the nation itself (the centre's own events). "centre": what the
 * central level owns above the communes (national and provincial targets, provinces' reports).
 * "provinceOwn": the actor's province itself, not its communes (the province's own report and
 * events). "provinceCommunes": the communes of the actor's province (their reports, targets).
 */
type ScopeRule =
  | "commune"
  | "reviewUnit"
  | "province"
  | "provinceOwn"
  | "provinceCommunes"
  | "centre"
  | "nation"
  | "national"
  | "global";

const GRANTS: Record<Role, Partial<Record<Action, ScopeRule>>> = {
  commune_officer: {
    "proposal.create": "commune",
    "proposal.read": "commune",
    "proposal.edit": "commune",
    "proposal.submit": "commune",
    "proposal.cancel": "commune",
    "proposal.previewNorms": "commune",
    "proposal.history": "commune",
    "personal.read": "commune",
    "report.file": "commune",
    "attachment.add": "commune",
    "norms.read": "global",
    "units.read": "global",
    "monitoring.read": "commune",
    "event.record": "commune",
    "periodic.edit": "commune",
    "periodic.submit": "commune",
    "registry.read": "commune",
    "registry.edit": "commune",
    "registry.members": "commune",
    "registry.import": "commune",
  },
  approver: {
    "proposal.read": "reviewUnit",
    "proposal.previewNorms": "reviewUnit",
    "proposal.history": "reviewUnit",
    "personal.read": "reviewUnit",
    "task.read": "reviewUnit",
    "task.decide": "reviewUnit",
    "task.claim": "reviewUnit",
    "proposal.close": "reviewUnit",
    "norms.read": "global",
    "units.read": "global",
    "monitoring.read": "reviewUnit",
    "registry.read": "reviewUnit",
  },
  unit_lead: {
    "proposal.read": "reviewUnit",
    "proposal.previewNorms": "reviewUnit",
    "proposal.history": "reviewUnit",
    "personal.read": "reviewUnit",
    "task.read": "reviewUnit",
    "task.decide": "reviewUnit",
    "task.claim": "reviewUnit",
    "task.reassign": "reviewUnit",
    "task.override": "reviewUnit",
    "proposal.close": "reviewUnit",
    "norms.read": "global",
    "units.read": "global",
    "monitoring.read": "reviewUnit",
    "registry.read": "reviewUnit",
  },
  finance_officer: {
    "proposal.read": "province",
    "proposal.history": "province",
    "disbursement.record": "province",
    "disbursement.reverse": "province",
    "settlement.record": "province",
    "attachment.add": "province",
    "norms.read": "global",
    "units.read": "global",
    "monitoring.read": "province",
    "registry.read": "province",
  },
  province_officer: {
    "proposal.read": "province",
    "proposal.history": "province",
    "task.read": "province",
    // The issue: province officers read, reassign and escalate within their province.
    "task.reassign": "province",
    "norms.read": "global",
    "units.read": "global",
    "routing.read": "global",
    "settings.read": "global",
    "monitoring.read": "province",
    "event.record": "provinceOwn",
    // The province's own report (rolled up from its communes').
    "periodic.edit": "provinceOwn",
    "periodic.submit": "provinceOwn",
    // The province approves and reopens its communes' reports and sets their targets.
    "periodic.approve": "provinceCommunes",
    "periodic.reopen": "provinceCommunes",
    "target.set": "provinceCommunes",
    // The issue (registry): the province reviews duplicates and merges them, moves entries when
    // units merge, and imports the lists it keeps.
    "registry.read": "province",
    "registry.merge": "province",
    "registry.move": "province",
    "registry.import": "province",
  },
  auditor: {
    "proposal.read": "province",
    "proposal.history": "province",
    "task.read": "province",
    "audit.read": "province",
    "audit.export": "province",
    "audit.verify": "province",
    "norms.read": "global",
    "units.read": "global",
    "routing.read": "global",
    "settings.read": "global",
    "monitoring.read": "province",
    "registry.read": "province",
  },
  admin: {
    "norms.read": "global",
    "norms.draft": "global",
    "norms.approve": "global",
    "units.read": "global",
    "units.manage": "global",
    "routing.read": "global",
    "users.manage": "global",
    "settings.read": "global",
    "settings.manage": "global",
  },
  central_officer: {
    "norms.read": "global",
    "norms.draft": "global",
    "norms.approve": "global",
    "norms.national": "global",
    "units.read": "global",
    "proposal.read": "national",
    "proposal.history": "national",
    "monitoring.read": "national",
    "event.record": "nation",
    "periodic.approve": "centre",
    "periodic.reopen": "centre",
    "target.set": "centre",
    "indicator.define": "global",
  },
};

function inScope(rule: ScopeRule, actor: ScopedActor, resource?: ResourceScope): boolean {
  if (rule === "global" || rule === "national") return true;
  if (!resource) return false;
  switch (rule) {
    case "commune":
      return resource.communeId === actor.unitId;
    case "reviewUnit":
      return resource.reviewUnitId === actor.unitId;
    case "province":
      return resource.provinceId === actor.provinceId;
    case "provinceOwn":
      return resource.provinceId === actor.provinceId && resource.communeId === "";
    case "provinceCommunes":
      return resource.provinceId === actor.provinceId && resource.communeId !== "";
    case "centre":
      return resource.communeId === "";
    case "nation":
      return resource.provinceId === NATION_ID && resource.communeId === "";
  }
}

export function can(actor: ScopedActor, action: Action, resource?: ResourceScope): boolean {
  const rule = GRANTS[actor.role]?.[action];
  return rule !== undefined && inScope(rule, actor, resource);
}

/** Throws ForbiddenError unless allowed. The message names the action, never the data. */
export function authorize(actor: ScopedActor, action: Action, resource?: ResourceScope): void {
  if (!can(actor, action, resource)) {
    throw new ForbiddenError(`role ${actor.role} may not ${action} here`);
  }
}

/** True when the role has the action in some scope (the edge refuses the others before the body). */
export function roleMay(role: Role, action: Action): boolean {
  return GRANTS[role]?.[action] !== undefined;
}

/** The scope rule of an action for a role, used to build list queries (which index to use). */
export function scopeRuleOf(role: Role, action: Action): ScopeRule | undefined {
  return GRANTS[role]?.[action];
}

/** A task as the policy sees it: where it lives, who holds it, whether it is still open. */
export interface HeldTask extends ResourceScope {
  assignee?: string;
  status: string;
}

/**
 * The holder rule, for every channel (API, task page, email link): a task nobody holds may be
 * acted on by anyone with the action; a held task only by its holder or by whoever may
 * override holders in its scope (the unit lead). A refusal is a conflict naming the holder,
 * not a 403: the actor may act on the task, just not while someone else holds it.
 */
export function holderAllows(actor: ScopedActor, task: HeldTask): boolean {
  return !task.assignee || task.assignee === actor.id || can(actor, "task.override", task);
}

/** What the actor may do on a task right now: the buttons a page shows, the checks use cases make. */
export interface TaskPermissions {
  read: boolean;
  claim: boolean;
  unclaim: boolean;
  decide: boolean;
  reassign: boolean;
}

export function taskPermissions(actor: ScopedActor, task: HeldTask): TaskPermissions {
  const open = task.status === "OPEN";
  const mayClaim = can(actor, "task.claim", task);
  return {
    read: can(actor, "task.read", task),
    claim: open && mayClaim && !task.assignee,
    unclaim: open && mayClaim && !!task.assignee && holderAllows(actor, task),
    decide: open && can(actor, "task.decide", task) && holderAllows(actor, task),
    reassign: open && can(actor, "task.reassign", task),
  };
}

/** An email link decides only for the approver it was sent to (and only what they may decide). */
export function linkBindsTo(actor: ScopedActor, link: { username: string }): boolean {
  return actor.id === link.username;
}
