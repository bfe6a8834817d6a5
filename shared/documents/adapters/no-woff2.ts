/**
 * Stands in for `brotli/decompress.js` in Lambda bundles: fontkit needs it only to read WOFF2
 * fonts, and the documents use one TrueType font (DejaVuSans.ttf). Without this alias its 750 kB
 * dictionary would be in every bundle that renders a PDF.
 */
export default function decompress(): never {
  throw new Error("WOFF2 fonts are not supported in this bundle; use the TrueType font");
}
