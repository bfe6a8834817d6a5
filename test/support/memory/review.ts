/** In-memory review ports: tasks (with their tokens), email links, the review timetable. */
import type { EmailLink } from "../../../shared/review/domain/links.ts";
import { type ReviewSettings, withDefaults } from "../../../shared/review/domain/settings.ts";
import { type ReviewTask, withHolder } from "../../../shared/review/domain/task.ts";
import type {
  LinkStore,
  ReviewSettingsStore,
  TaskStore,
  TaskWithToken,
} from "../../../shared/review/ports.ts";
import { nextCursorOf, startKeyOf } from "../../../shared/tables/cursor.ts";
import { type MemoryDb, memoryWrite } from "./db.ts";

const taskKey = (id: string) => `task#${id}`;
const linkKey = (hash: string) => `link#${hash}`;
const SETTINGS_KEY = "settings#review";

/** Offset cursors bound to the query's scope, as the DynamoDB adapter binds its keys. */
const OFFSET_SHAPE = { attrs: ["offset"], fixed: {} };

export function memoryTaskStore(db: MemoryDb): TaskStore {
  const all = () => db.keys("task#").map((k) => (db.get<TaskWithToken>(k) as TaskWithToken).task);
  const open = (id: string) => db.get<TaskWithToken>(taskKey(id))?.task.status === "OPEN";
  const update = (id: string, patch: (t: ReviewTask) => ReviewTask) => (d: MemoryDb) => {
    const row = d.get<TaskWithToken>(taskKey(id));
    if (row) d.put(taskKey(id), { ...row, task: patch(row.task) });
  };
  return {
    async find(id) {
      return db.get<TaskWithToken>(taskKey(id))?.task;
    },
    async findWithToken(id) {
      return db.get<TaskWithToken>(taskKey(id));
    },
    stageCreate: (task, token) =>
      memoryWrite(
        (d) => d.put(taskKey(task.id), { task, token }),
        (d) => d.get(taskKey(task.id)) === undefined,
      ),
    stageClose: (task, closing) => {
      const clean = Object.fromEntries(
        Object.entries(closing).filter(([, v]) => v !== undefined),
      ) as Partial<ReviewTask>;
      return memoryWrite(
        update(task.id, (t) => ({ ...t, ...clean })),
        () => open(task.id),
      );
    },
    stageHolder: (task, patch) =>
      memoryWrite(
        update(task.id, (t) => withHolder(t, patch)),
        (d) => {
          const now = d.get<TaskWithToken>(taskKey(task.id))?.task;
          return (
            now?.status === "OPEN" &&
            now.assignee === task.assignee &&
            (now.assignmentNo ?? 0) === (task.assignmentNo ?? 0)
          );
        },
      ),
    async refreshToken(id, token) {
      const row = db.get<TaskWithToken>(taskKey(id));
      if (row?.task.status !== "OPEN") return false;
      db.put(taskKey(id), { ...row, token });
      return true;
    },
    async mark(id, marks) {
      const write = memoryWrite(
        update(id, (t) => ({ ...t, ...marks })),
        (d) => d.get(taskKey(id)) !== undefined,
      );
      db.transact([write]);
    },
    async ofUnit(unitId, filter, page) {
      const rows = all()
        .filter(
          (t) =>
            t.reviewUnitId === unitId &&
            (!filter.status || t.status === filter.status) &&
            (!filter.assignee || t.assignee === filter.assignee),
        )
        .sort((a, b) =>
          `${a.status}#${a.dueAt}#${a.id}`.localeCompare(`${b.status}#${b.dueAt}#${b.id}`),
        );
      const start = Number(startKeyOf(page.cursor, page.scope, OFFSET_SHAPE)?.offset ?? 0);
      const end = start + page.limit;
      const cursor = nextCursorOf(
        page.scope,
        end < rows.length ? { offset: String(end) } : undefined,
      );
      return { tasks: rows.slice(start, end), ...(cursor ? { cursor } : {}) };
    },
    async dueBefore(status, dueBefore, limit) {
      return all()
        .filter((t) => t.status === status && `${t.dueAt}#${t.id}` < dueBefore)
        .sort((a, b) => `${a.dueAt}#${a.id}`.localeCompare(`${b.dueAt}#${b.id}`))
        .slice(0, limit);
    },
  };
}

export function memoryLinkStore(db: MemoryDb): LinkStore & { all(): EmailLink[] } {
  return {
    all: () => db.keys("link#").map((k) => db.get<EmailLink>(k) as EmailLink),
    async put(link) {
      db.transact([
        memoryWrite(
          (d) => d.put(linkKey(link.hash), link),
          (d) => d.get(linkKey(link.hash)) === undefined,
        ),
      ]);
    },
    async find(hash) {
      return db.get<EmailLink>(linkKey(hash));
    },
    stageConsume: (link, at) =>
      memoryWrite(
        (d) => {
          const now = d.get<EmailLink>(linkKey(link.hash));
          if (now) d.put(linkKey(link.hash), { ...now, usedAt: at });
        },
        (d) => {
          const now = d.get<EmailLink>(linkKey(link.hash));
          return now !== undefined && !now.usedAt && now.expiresAt > at;
        },
      ),
  };
}

export const MEMORY_SETTINGS_DEFAULTS: ReviewSettings = {
  reviewSlaHours: 120,
  remindBeforeHours: 24,
  escalateProvinceAfterHours: 48,
  linkExpiryDays: 7,
};

export function memoryReviewSettings(
  db: MemoryDb,
  defaults: ReviewSettings = MEMORY_SETTINGS_DEFAULTS,
): ReviewSettingsStore {
  return {
    async current() {
      return withDefaults(db.get<Partial<ReviewSettings>>(SETTINGS_KEY) ?? {}, defaults);
    },
    stageSave: (before, next) =>
      memoryWrite(
        (d) => d.put(SETTINGS_KEY, next),
        (d) => d.get<ReviewSettings>(SETTINGS_KEY)?.updatedAt === before.updatedAt,
      ),
  };
}
