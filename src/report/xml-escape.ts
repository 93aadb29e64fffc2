/** Text for the XML parts of an xlsx, written the way Excel writes it. */

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF),
 * and the markup ones.
 */
const UNSAFE = '&<>"\\r\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff';
const NEEDS_ESCAPE = new RegExp(`[${UNSAFE}\\ud800-\\udfff]|_x[0-9a-fA-F]{4}_`);
const ESCAPES = new RegExp(
  `[${UNSAFE}]|[\\ud800-\\udbff][\\udc00-\\udfff]|[\\ud800-\\udfff]|_(?=x[0-9a-fA-F]{4}_)`,
  'g',
);

/**
 * Text as XML character data. Controls XML cannot hold are written the OOXML way (`_x0001_`), which
 * Excel shows as the character; CR as a character reference (XML readers turn a raw CR into LF); a
 * literal `_x0041_` in the text has its underscore escaped (`_x005F_`) so Excel does not turn it
 * into "A"; a lone surrogate becomes U+FFFD.
 */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\r':
        return '&#13;'; // a raw CR would be read back as LF (XML's end-of-line rule)
      case '_':
        return '_x005F_';
      default:
        if (c.length === 2) return c; // a well-formed surrogate pair
        if (c >= '\ud800' && c <= '\udfff') return '\ufffd';
        return `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    }
  });
}
