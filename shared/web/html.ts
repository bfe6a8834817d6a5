import type { Role } from "../kernel/types.ts";
import { ROLE_NAMES } from "../kernel/vocabulary.ts";
import { DRAFT_SCRIPT } from "./draft-script.ts";
import { type Lang, t } from "./i18n.ts";
import { HOME_PATH, navFor, SIGN_OUT_PATH } from "./nav.ts";

/** Escapes text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Small, self-contained CSS: no external assets, readable at 360 px, contrast at least 7:1
 * for text, visible focus for keyboard users.
 */
const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
header{background:#0b3d6e;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header a{color:#fff}main{max-width:52rem;margin:0 auto;padding:1rem}a{color:#0645ad}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f5a623;outline-offset:2px}
h1{font-size:1.35rem;margin:.5rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
nav.tabs{display:flex;flex-wrap:wrap;gap:.25rem;margin:.5rem 0}nav.tabs a{padding:.4rem .7rem;border:1px solid #0b3d6e;border-radius:4px;text-decoration:none}
nav.tabs a[aria-current=page]{background:#0b3d6e;color:#fff}
ul.tasks{list-style:none;padding:0;margin:0}ul.tasks li{border:1px solid #bbb;border-radius:6px;padding:.6rem;margin:.5rem 0}
.meta{color:#444;font-size:.92rem}.late{color:#a00000;font-weight:600}.high{color:#7a3e00;font-weight:600}
dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.2rem .8rem;margin:.4rem 0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}
form.inline{display:inline}fieldset{border:1px solid #bbb;border-radius:6px;margin:.6rem 0}
label{display:block;margin:.3rem 0}textarea,select,input[type=text]{width:100%;font:inherit;padding:.4rem;border:1px solid #767676;border-radius:4px}
button{font:inherit;padding:.55rem 1rem;border:0;border-radius:4px;background:#0b3d6e;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#0b3d6e;border:1px solid #0b3d6e}
.notice{border-left:4px solid #0b3d6e;background:#eef4fb;padding:.6rem}.error{border-left-color:#a00000;background:#fdeeee}
.ok{border-left-color:#1b6e1b;background:#eef8ee}.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}.filters label,.filters .cell{flex:1 1 9rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
nav.menu{background:#e8eef5;padding:.3rem .6rem;font-size:.95rem}nav.menu ul{list-style:none;margin:0 auto;padding:0;max-width:52rem;display:flex;flex-wrap:wrap;gap:.1rem .9rem}
nav.menu a{display:inline-block;padding:.35rem 0;color:#0b3d6e}nav.menu a[aria-current=page]{font-weight:700;text-decoration:none;border-bottom:3px solid #0b3d6e}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;background:#e8eef5;color:#0b3d6e;white-space:nowrap}
.b-warn{background:#fff1d6;color:#6b3b00}.b-bad{background:#fde2e2;color:#8a0000}.b-ok{background:#dff3df;color:#155215}.b-done{background:#eee;color:#333}
ol.timeline{list-style:none;padding:0;margin:.4rem 0;border-left:3px solid #0b3d6e}ol.timeline li{margin:0 0 .6rem .8rem}
.field-error{color:#a00000;font-weight:600;margin:.1rem 0}[aria-invalid=true]{border-color:#a00000;border-width:2px}
input[type=number],input[type=date],input[type=email],input[type=month]{width:100%;font:inherit;padding:.4rem;border:1px solid #767676;border-radius:4px}
.row{display:flex;flex-wrap:wrap;gap:.5rem}.row>*{flex:1 1 12rem}.hint{color:#444;font-size:.9rem;margin:.1rem 0}
.cards{list-style:none;padding:0;margin:0}.cards li{border:1px solid #bbb;border-radius:6px;padding:.6rem;margin:.5rem 0}
.scroll{overflow-x:auto}.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0}.count{font-size:1.6rem;font-weight:700;display:block}
@media (max-width:30rem){dl{grid-template-columns:1fr}dt{margin-top:.3rem}}`;

export interface LayoutOptions {
  lang: Lang;
  title: string;
  body: string;
  /** The current path (without lang), for the language switch and the current menu item. */
  path: string;
  /** Shown in the header when signed in. */
  userName?: string;
  /** The signed-in user's username and role: the menu shows what the role may do. */
  user?: { id: string; role: Role };
  /** A form key whose kept draft the browser may forget (the server saved it). */
  saved?: string;
}

/**
 * The page shell of every web page: one HTML document with inline CSS and one small inline
 * script (drafts kept on the device; the page works without it), the role's menu from the
 * access policy, the sign-out link, the language switch.
 */
export function layout(o: LayoutOptions): string {
  const other: Lang = o.lang === "vi" ? "en" : "vi";
  const sep = o.path.includes("?") ? "&" : "?";
  const who = o.user
    ? `${esc(o.userName ?? o.user.id)} <span class="meta" style="color:#dde">(${esc(ROLE_NAMES[o.user.role][o.lang])})</span> · <a href="${SIGN_OUT_PATH}" data-signout>${esc(t(o.lang, "signOut"))}</a> · `
    : o.userName
      ? `${esc(o.userName)} · <a href="${SIGN_OUT_PATH}" data-signout>${esc(t(o.lang, "signOut"))}</a> · `
      : "";
  const menu = o.user
    ? `<nav class="menu" aria-label="${esc(t(o.lang, "menu"))}"><ul>${navFor(
        o.user.role,
        o.lang,
        o.path,
      )
        .map(
          (i) =>
            `<li><a href="${esc(i.href)}"${i.current ? ' aria-current="page"' : ""}>${esc(i.label)}</a></li>`,
        )
        .join("")}</ul></nav>`
    : "";
  const data = `${o.user ? ` data-user="${esc(o.user.id)}"` : ""}${o.saved ? ` data-saved="${esc(o.saved)}"` : ""}`;
  return `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)} – ${esc(t(o.lang, "appName"))}</title><style>${CSS}</style></head><body${data}>
<a class="skip" href="#main">${esc(t(o.lang, "skip"))}</a>
<header><a href="${HOME_PATH}"><strong>${esc(t(o.lang, "appName"))}</strong></a><span>${who}<a href="${esc(`${o.path}${sep}lang=${other}`)}" lang="${other}">${esc(t(o.lang, "switchLang"))}</a></span></header>
${menu}<main id="main">${o.body}</main><script>${DRAFT_SCRIPT}</script></body></html>`;
}
