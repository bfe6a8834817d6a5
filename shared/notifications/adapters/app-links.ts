import { config } from "../../config.ts";
import type { AppLinks } from "../ports.ts";

/** Links under APP_BASE_URL (read when a link is made, so a missing variable fails loudly then). */
export const appLinks: AppLinks = {
  taskPage: (taskId) => `${config.appBaseUrl}/app/tasks/${encodeURIComponent(taskId)}`,
  emailLink: (linkId) => `${config.appBaseUrl}/l/${linkId}`,
  proposalPage: (proposalId) =>
    `${config.appBaseUrl}/app/proposals/${encodeURIComponent(proposalId)}`,
};
