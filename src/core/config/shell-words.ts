/**
 * Splits a string into words the way a POSIX shell would, without running
 * anything: whitespace separates words, '...' is literal, "..." allows
 * backslash escapes of " \ $ `, and a backslash outside quotes escapes the
 * next character. Throws on an unterminated quote.
 */
export function splitShellWords(input: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' quote in: ${input}`);
      word += input.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < input.length && input[j] !== '"'; j++) {
        if (input[j] === '\\' && '"\\$`'.includes(input[j + 1] ?? '')) j++;
        word += input[j];
      }
      if (j >= input.length) throw new Error(`unterminated " quote in: ${input}`);
      i = j;
    } else if (c === '\\' && i + 1 < input.length) {
      word += input[++i];
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}
