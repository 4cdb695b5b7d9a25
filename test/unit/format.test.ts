import { strict as assert } from 'node:assert';
import { escapeIcons, formatAbsoluteTime, formatDuration, formatRelativeTime, pickText, singleLine } from '../../src/model/format';

describe('format', () => {
  it('formats durations for people', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(1234), '1.2 s');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(185_000), '3 min 5 s');
    assert.equal(formatDuration(11_122_000), '3 h 5 min');
    assert.equal(formatDuration(3 * 86_400_000 + 3_600_000), '3 d 1 h');
    assert.equal(formatDuration(0), '0 ms');
    assert.equal(formatDuration(2000), '2 s');
    assert.equal(formatDuration(59_960), '1 min');
    assert.equal(formatDuration(-5), undefined);
    assert.equal(formatDuration(Number.NaN), undefined);
    assert.equal(formatDuration(undefined), undefined);
  });

  it('formats relative times for the last week only', () => {
    const now = Date.UTC(2026, 10, 28, 12);
    assert.equal(formatRelativeTime(now - 10_000, now), 'just now');
    assert.equal(formatRelativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.equal(formatRelativeTime(now - 2 * 3_600_000, now), '2 h ago');
    assert.equal(formatRelativeTime(now - 8 * 86_400_000, now), undefined);
    assert.match(formatAbsoluteTime(now), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(formatAbsoluteTime(0), '(unknown time)');
  });

  it('makes one safe line of arbitrary text', () => {
    assert.equal(singleLine('a\nb\r\n\tc\u2028d'), 'a b c d');
    assert.equal(singleLine('evil\u202Egnp.exe'), 'evil gnp.exe');
    assert.equal(singleLine('control \u001b[31mred\u001b[0m done'), 'control red done');
    const long = singleLine('x'.repeat(10_000), 50);
    assert.equal(long.length, 50);
    assert.ok(long.endsWith('…'));
  });

  it('keeps icon syntax from API text literal where VS Code renders icons', () => {
    assert.equal(escapeIcons('boom $(zap) $(x'), 'boom \\$(zap) \\$(x');
    assert.equal(pickText('a\n$(bug)'), 'a \\$(bug)');
  });
});
