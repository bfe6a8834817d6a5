import { displayTime, escapeHtml, page } from "../html.ts";
import type { StoredMail } from "./store.ts";

/** The inbox list, newest first. */
export function inboxPage(mails: readonly StoredMail[]): string {
  const rows = mails
    .map(
      (m) => `<tr><td>${escapeHtml(displayTime(m.date))}</td><td>${escapeHtml(m.to.join(", "))}</td>
<td><a href="/_local/mail/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || "(không có tiêu đề)")}</a></td></tr>`,
    )
    .join("\n");
  const body = `<h1>Hộp thư cục bộ <span class="en">Local inbox</span></h1>
<p class="meta">${mails.length} thư <span class="en">messages</span> ·
<a href="/_local/mail.json">JSON</a></p>
<form method="post" action="/_local/mail/clear"><button>Xoá tất cả thư <span class="en">Delete all</span></button></form>
<table><thead><tr><th>Thời gian <span class="en">Received</span></th><th>Người nhận <span class="en">To</span></th>
<th>Tiêu đề <span class="en">Subject</span></th></tr></thead><tbody>
${rows || `<tr><td colspan="3">Chưa có thư nào. <span class="en">No messages yet.</span></td></tr>`}
</tbody></table>`;
  return page("Hộp thư cục bộ", body);
}

/**
 * One message. The HTML body is the application's own email shown as received (its links
 * stay clickable); a text-only message is shown preformatted.
 */
export function messagePage(mail: StoredMail): string {
  const content = mail.html
    ? `<div class="mail-body">${mail.html}</div>`
    : `<pre class="mail-body">${escapeHtml(mail.text)}</pre>`;
  const body = `<p><a href="/_local/mail">← Hộp thư <span class="en">Inbox</span></a></p>
<h1>${escapeHtml(mail.subject || "(không có tiêu đề)")}</h1>
<p class="meta">Từ <span class="en">From</span>: ${escapeHtml(mail.from)}<br>
Đến <span class="en">To</span>: ${escapeHtml(mail.to.join(", "))}<br>
Thời gian <span class="en">Received</span>: ${escapeHtml(displayTime(mail.date))}</p>
${content}`;
  return page(mail.subject || "Thư", body);
}
