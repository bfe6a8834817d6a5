/**
 * Charts as inline SVG, no script and no library: bars sized by a viewBox so they stretch to the
 * screen's width, with the figures written beside them in HTML (so they read at any zoom, and
 * screen readers get the numbers, not a picture).
 */
import { esc } from "../../web/html.ts";

/** Green at or above target, amber from half of it, red below (the text says the same). */
export function progressColor(progress: number | null): string {
  if (progress === null) return "#5a6b7b";
  return progress >= 100 ? "#1b6e1b" : progress >= 50 ? "#8a5a00" : "#a00000";
}

/** A horizontal bar (0-100 of the scale) with an optional target mark. */
export function bar(
  valuePct: number,
  targetPct: number | null,
  color: string,
  label: string,
): string {
  const w = Math.max(0, Math.min(100, valuePct));
  const mark =
    targetPct === null
      ? ""
      : `<rect x="${Math.max(0, Math.min(99.4, targetPct)).toFixed(1)}" y="0" width="0.8" height="12" fill="#1a1a1a"/>`;
  return `<svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label="${esc(label)}"><rect x="0" y="2" width="100" height="8" fill="#e4e8ec"/><rect x="0" y="2" width="${w.toFixed(1)}" height="8" fill="${color}"/>${mark}</svg>`;
}

/** Four quarters as columns, with their values under them. */
export function quarterColumns(
  values: readonly { label: string; value: number | null }[],
  format: (v: number) => string,
  title: string,
): string {
  const max = Math.max(1, ...values.map((v) => v.value ?? 0));
  const cols = values
    .map((v, i) => {
      const h = ((v.value ?? 0) / max) * 60;
      const x = 10 + i * 75;
      return `<rect x="${x}" y="${(70 - h).toFixed(1)}" width="50" height="${h.toFixed(1)}" fill="#0b3d6e"/><text x="${x + 25}" y="84" font-size="11" text-anchor="middle">${esc(v.label)}</text><text x="${x + 25}" y="${(66 - h).toFixed(1)}" font-size="11" text-anchor="middle">${esc(v.value === null ? "–" : format(v.value))}</text>`;
    })
    .join("");
  return `<svg class="cols" viewBox="0 0 310 90" role="img" aria-label="${esc(title)}">${cols}</svg>`;
}
