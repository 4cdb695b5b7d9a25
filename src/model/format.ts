// Human-readable times, durations and labels shared by the tree, status bar and details panel.
import { stripAnsi } from '../util/text';

/** "850 ms", "1.2 s", "3 min 5 s", "3 h 5 min", "2 d 3 h"; undefined for missing, negative or non-finite values. */
export function formatDuration(ms: number | undefined): string | undefined {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
  if (ms < 1000) return `${Math.round(ms) >= 1000 ? 999 : Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} s`;
  const secs = Math.round(ms / 1000);
  if (secs < 3600) {
    const m = Math.floor(secs / 60);
    const s = secs % 60;
    return s ? `${m} min ${s} s` : `${m} min`;
  }
  const mins = Math.round(ms / 60_000);
  if (mins < 24 * 60) {
    const h = Math.floor(mins / 60);
    const m = mins % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const hours = Math.round(ms / 3_600_000);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "just now", "5 min ago", "2 h ago", "3 d ago" for the last week; undefined beyond that. */
export function formatRelativeTime(ms: number, now: number): string | undefined {
  const diff = now - ms;
  if (!Number.isFinite(diff) || diff < -60_000) return undefined;
  if (diff < 60_000) return 'just now';
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} h ago`;
  if (diff < 7 * 86_400_000) return `${Math.floor(diff / 86_400_000)} d ago`;
  return undefined;
}

/** Local date and time, e.g. "2026-11-28 14:05:09"; "(unknown time)" for a missing value or one that is not a time. */
export function formatAbsoluteTime(ms: unknown): string {
  if (!Number.isFinite(ms) || (ms as number) <= 0) return '(unknown time)';
  const d = new Date(ms as number);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Relative time for recent runs, the local date and time for older ones. */
export function formatRunTime(ms: number, now: number): string {
  return formatRelativeTime(ms, now) ?? formatAbsoluteTime(ms);
}

/**
 * One line of at most `max` characters for tree labels and quick picks: test names from
 * arbitrary frameworks may hold line breaks, control characters or megabytes of text.
 */
export function singleLine(text: string, max = 200): string {
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  // eslint-disable-next-line no-control-regex
  const flat = (head.includes('\u001b') || head.includes('\\u001b') ? stripAnsi(head) : head).replace(/[\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Text for places that render `$(icon)` syntax (quick picks, status bar): icons in API text stay literal. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** `singleLine` for quick pick labels, descriptions and details. */
export function pickText(text: string, max = 200): string {
  return escapeIcons(singleLine(text, max));
}
