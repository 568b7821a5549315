/**
 * DICOM Person Name (PN, PS3.5 §6.2) for display: "family^given^middle^prefix^suffix" → "Family, Given Middle"
 * with prefix and suffix kept ("Dr Jürgen Müller, Jr" style ordering is a locale matter; the comma form is
 * what PACS worklists show). Only the first component group (alphabetic) is used; ideographic and phonetic
 * groups after "=" are dropped. Case is left as stored.
 */
export function formatPersonName(raw: string): string {
  const alphabetic = raw.split('=')[0] ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = alphabetic
    .split('^')
    .map((part) => part.trim());
  const first = [prefix, given, middle].filter(Boolean).join(' ');
  const name = family && first ? `${family}, ${first}` : family || first;
  return suffix ? `${name}${name ? ', ' : ''}${suffix}` : name;
}
