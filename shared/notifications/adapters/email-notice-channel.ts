import { communeNoticeMail } from "../domain/commune-notices.ts";
import type { Mailer, NoticeChannel } from "../ports.ts";

/** Commune notices by email: one mail to the commune's officers (SES; the local inbox locally). */
export function emailNoticeChannel(mailer: Mailer): NoticeChannel {
  return {
    name: "email",
    async deliver(notice, to) {
      const addresses = to.map((u) => u.email).filter(Boolean);
      if (addresses.length === 0) return;
      await mailer.send(communeNoticeMail(notice, addresses));
    },
  };
}
