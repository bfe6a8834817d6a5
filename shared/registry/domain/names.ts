/**
 * Vietnamese name normalization for the duplicate warning: two names are "equal" when they
 * differ only in case, diacritics (đ/Đ included), spacing or punctuation. So `HTX-A`, `htx a`,
 * `H.T.X  A` and `HTX Á` share one key, and `Hợp tác xã Chè Y Tý` is `HTX Chè Y Tý`.
 */

/** The written-out forms of the kinds' abbreviations, folded first so both spellings meet. */
const ABBREVIATIONS: readonly [RegExp, string][] = [
  [/\bhop tac xa\b/g, "htx"],
  [/\bto hop tac\b/g, "tht"],
  [/\bdia chi tin cay\b/g, "dctc"],
  [/\bto tiet kiem von vay thon ban\b/g, "to tkvvtb"],
  [/\bto tiet kiem va vay von\b/g, "to tkvvtb"],
];

/** Lower case, no diacritics (đ → d), punctuation as spaces, single spaces: for display keys. */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * The duplicate key of a name: folded, abbreviations unified, then every space removed, so that
 * "Y Tý" and "YTý" meet too. Empty for a name with no letter or digit.
 */
export function nameKeyOf(name: string): string {
  let folded = foldVietnamese(name);
  for (const [pattern, short] of ABBREVIATIONS) folded = folded.replace(pattern, short);
  return folded.replace(/ /g, "");
}
