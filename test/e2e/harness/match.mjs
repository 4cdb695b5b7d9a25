// How helpers match what they look for: a string, a RegExp or a predicate.


/**
 * string: equals (trimmed) any of the candidate texts; RegExp: matches any; function: predicate
 * on the whole object.
 */
export function matches(matcher, obj, texts) {
  if (typeof matcher === 'function') return !!matcher(obj);
  const values = texts.filter((t) => typeof t === 'string').map((t) => t.trim());
  if (matcher instanceof RegExp) return values.some((t) => matcher.test(t));
  return values.includes(String(matcher).trim());
}
/** A matcher as words, for messages. */
export const describe = (m) => (typeof m === 'function' ? `predicate ${m.name || ''}`.trim() : String(m));

/** A string as a quoted CSS attribute value. */
export const cssString = (s) => JSON.stringify(String(s));
