import { type Action, roleMay, scopeRuleOf } from "../access/policy.ts";
import type { Role } from "../kernel/types.ts";
import { type Lang, type MessageKey, t } from "./i18n.ts";

/**
 * The navigation of every page, from the one access policy: a role sees a link only when it
 * may do what the page does. Pages still check every request; this only keeps the menu honest.
 */
export interface NavItem {
  href: string;
  label: MessageKey;
  /** Shown when the role may do this. */
  shows(role: Role): boolean;
}

const may = (action: Action) => (role: Role) => roleMay(role, action);

/** The sign-out route (functions/web/auth-sign-out.ts): clears the session, Cognito logout on AWS. */
export const SIGN_OUT_PATH = "/auth/sign-out";
export const HOME_PATH = "/app";

export const NAV: readonly NavItem[] = [
  { href: HOME_PATH, label: "navHome", shows: () => true },
  {
    // The web inbox is the reviewing units' (approvers, unit leads).
    href: "/app/tasks",
    label: "inbox",
    shows: (role) => scopeRuleOf(role, "task.read") === "reviewUnit",
  },
  { href: "/app/proposals", label: "navProposals", shows: may("proposal.read") },
  { href: "/app/proposals/new", label: "navNewProposal", shows: may("proposal.create") },
  {
    // A commune's lists of proposals (shared/batches); reviewers reach a batch from its tasks.
    href: "/app/batches",
    label: "navBatches",
    shows: (role) => scopeRuleOf(role, "proposal.create") === "commune",
  },
  {
    href: "/app/proposals?status=APPROVED",
    label: "navAwaitingPayment",
    shows: may("disbursement.record"),
  },
  {
    // The province's proposals with filters (commune by name, activity, status).
    href: "/app/province",
    label: "navProvince",
    shows: (role) => role === "province_officer",
  },
  {
    // Overdue reviews across the province's reviewing units (the province's oversight).
    href: "/app/reviews/overdue",
    label: "navOverdue",
    shows: (role) => scopeRuleOf(role, "task.read") === "province",
  },
  { href: "/app/units", label: "navUnits", shows: may("routing.read") },
  { href: "/app/settings/review", label: "navSettings", shows: may("settings.read") },
  { href: "/app/norm-sets", label: "navNorms", shows: may("norms.read") },
  { href: "/app/admin/users", label: "navUsers", shows: may("users.manage") },
  { href: "/app/audit", label: "navAudit", shows: may("audit.read") },
];

/** The links a role sees, in order, with the current one marked. */
export function navFor(
  role: Role,
  lang: Lang,
  currentPath: string,
): { href: string; label: string; current: boolean }[] {
  const path = currentPath.split("?")[0] ?? currentPath;
  const items = NAV.filter((i) => i.shows(role));
  const base = (href: string) => href.split("?")[0] ?? href;
  // The link of exactly this page; else the most specific one whose section holds the page.
  const current =
    items.find((i) => i.href === currentPath) ??
    items
      .filter((i) => !i.href.includes("?"))
      .filter(
        (i) => base(i.href) === path || (i.href !== HOME_PATH && path.startsWith(`${i.href}/`)),
      )
      .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ href: i.href, label: t(lang, i.label), current: i === current }));
}
