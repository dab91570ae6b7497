import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../pipeline/contract/duration.ts';

describe('parseDuration', () => {
  it('reads the contract notation into minutes', () => {
    expect(parseDuration('15m')).toBe(15);
    expect(parseDuration('1h')).toBe(60);
    expect(parseDuration('4h')).toBe(240);
    expect(parseDuration('1h30m')).toBe(90);
    expect(parseDuration('90m')).toBe(90);
  });
  it('refuses what is not a duration', () => {
    for (const bad of ['', '1 hour', '0m', 'h', '15', '-5m', '1d']) expect(parseDuration(bad)).toBeNull();
  });
  it('writes minutes back', () => {
    expect(formatDuration(90)).toBe('1h30m');
    expect(formatDuration(15)).toBe('15m');
    expect(formatDuration(240)).toBe('4h');
  });
});
