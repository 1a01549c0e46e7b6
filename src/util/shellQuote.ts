// Quoting for sh, as Python's shlex.quote: a word of only safe characters
// stays as it is, anything else goes in single quotes (where sh expands
// nothing: no $(...), no `...`, no $var), a ' inside written as '\''.

/** `word` as one word for sh, expanding nothing. */
export function shellQuoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
