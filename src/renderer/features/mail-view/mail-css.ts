/**
 * CSS in mail (style elements and style attributes): @import is always removed (a remote
 * stylesheet can do anything a stylesheet can), and every url() goes through the caller's
 * decision, which keeps, rewrites (cid: to data:) or drops it. The frame's policy is the second
 * line of defence for whatever a regular expression cannot see (CSS escapes, image-set()).
 */

/** What to do with one url() reference: its new value, or null to drop it. */
export type UrlDecision = (raw: string) => string | null;

const IMPORT = /@import\b[^;]*;?/gi;
const URL_REFERENCE = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*?))\s*\)/gi;

/** Result of {@link rewriteCss}. */
export interface CssRewrite {
  readonly css: string;
  readonly imports: number;
}

function quoted(value: string): string {
  return `"${value.replace(/["\\\n\r]/g, (char) => `\\${char.charCodeAt(0).toString(16)} `)}"`;
}

/** Rewrites the url() references of `css` and removes its @import rules. */
export function rewriteCss(css: string, decide: UrlDecision): CssRewrite {
  let imports = 0;
  const withoutImports = css.replace(IMPORT, () => {
    imports += 1;
    return '';
  });
  const rewritten = withoutImports.replace(
    URL_REFERENCE,
    (_match, double: string | undefined, single: string | undefined, bare: string | undefined) => {
      const raw = (double ?? single ?? bare ?? '').trim();
      const decided = decide(raw);
      return decided === null ? 'none' : `url(${quoted(decided)})`;
    },
  );
  return { css: rewritten, imports };
}
