import { authorize } from "../../shared/access/policy.ts";
import { userAdminPorts } from "../../shared/directory/adapters/user-admin-ports.ts";
import { USERNAME_PATTERN } from "../../shared/directory/domain/users.ts";
import { WebUsersAction } from "../../shared/directory/routes.ts";
import { NewUserInput } from "../../shared/directory/schemas.ts";
import {
  approveUser,
  createUser,
  disableUser,
  enableUser,
} from "../../shared/directory/use-cases/manage-users.ts";
import { DomainError, ValidationError } from "../../shared/kernel/errors.ts";
import { checkForm } from "../../shared/web/form-errors.ts";
import { fieldErrors, formSessionInvalid } from "../../shared/web/forms.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { csrfValid } from "../../shared/web/session.ts";
import { renderUsersPage, USERS_PATH } from "./users-page.ts";

const SHOWN = ["username", "name", "email", "role", "unitId"];

/** POST /app/admin/users: create, approve (a second admin), complete, disable, enable; CSRF-bound. */
export const { handler, lambdaHandler } = pageHandler(WebUsersAction, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  authorize(s.actor, "users.manage");
  const form = ctx.form();
  const lang = ctx.lang;
  if (!csrfValid(s, USERS_PATH, form._csrf))
    return renderUsersPage(ctx, s, {
      status: 403,
      message: {
        text: formSessionInvalid(lang),
        kind: "error",
      },
    });
  const tx = ctx.tx(s, "web");
  const values = Object.fromEntries(SHOWN.map((k) => [k, form[k] ?? ""]));
  try {
    if (form.op === "create" || form.op === "complete") {
      const checked = checkForm(NewUserInput, values);
      if (!checked.ok && form.op === "create")
        return renderUsersPage(ctx, s, {
          status: 400,
          errors: fieldErrors(lang, checked.errors, SHOWN),
          values,
        });
      if (checked.ok) {
        const user = await createUser(userAdminPorts, s.actor, tx, checked.value);
        return ctx.redirect(
          `${USERS_PATH}?done=${user.status === "active" ? "created" : "awaiting"}`,
        );
      }
    }
    const username = form.username ?? "";
    if (!USERNAME_PATTERN.test(username))
      throw new ValidationError("no such user", [{ field: "username", message: "unknown unit" }]);
    const ops = {
      approve: [approveUser, "approved"],
      disable: [disableUser, "disabled"],
      enable: [enableUser, "enabled"],
      complete: [completeByRetry, "created"],
    } as const;
    const op = ops[form.op as keyof typeof ops];
    if (!op)
      throw new ValidationError("unknown form", [{ field: "op", message: "Invalid option" }]);
    const user = await op[0](userAdminPorts, s.actor, tx, username);
    return ctx.redirect(
      `${USERS_PATH}?done=${user.status === "awaiting_approval" ? "awaiting" : op[1]}`,
    );
  } catch (err) {
    if (err instanceof ValidationError && form.op === "create")
      return renderUsersPage(ctx, s, {
        status: 400,
        errors: fieldErrors(lang, err.errors ?? [], SHOWN),
        values,
      });
    if (err instanceof DomainError && err.status < 500)
      return renderUsersPage(ctx, s, {
        status: err.status,
        message: { text: err.message, kind: "error" },
      });
    throw err;
  }
});

/** A pending user (a create that stopped half way) completed from the list: create it again. */
async function completeByRetry(
  ports: typeof userAdminPorts,
  actor: Parameters<typeof createUser>[1],
  tx: Parameters<typeof createUser>[2],
  username: string,
) {
  const user = await ports.users.findFresh(username);
  if (!user)
    throw new ValidationError("no such user", [{ field: "username", message: "unknown unit" }]);
  return createUser(ports, actor, tx, {
    username: user.username,
    name: user.name,
    email: user.email,
    role: user.role,
    unitId: user.unitId,
  });
}
