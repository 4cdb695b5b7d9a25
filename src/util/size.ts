// Sizes as people read them. No project imports (this is the ground floor).

/** A count of characters (or bytes) as kilobytes: "0.4 KB", "9.8 KB", "12 KB"; never "0 KB". */
export function kb(chars: number): string {
  return chars >= 10_240 ? `${Math.round(chars / 1024)} KB` : `${Math.max(1, Math.round(chars / 102.4) / 10)} KB`;
}
