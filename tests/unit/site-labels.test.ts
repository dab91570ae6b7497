import { describe, expect, it } from 'vitest';
import { parseContract } from '../../pipeline/contract/load.ts';
import { valueLabel } from '../../site/lib/labels.ts';

function contract(text: string) {
  const parsed = parseContract(text);
  if (!('contract' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.contract;
}

describe('labels of source, segment and owner values', () => {
  const { labels } = contract('labels:\n  source: {paid_search: Busca paga}\n  segment: {servicos: Serviços}\n');

  it('uses the contract’s name, else makes a code readable, else keeps the value', () => {
    expect(valueLabel(labels, 'source', 'paid_search')).toBe('Busca paga');
    expect(valueLabel(labels, 'segment', 'servicos')).toBe('Serviços');
    expect(valueLabel(labels, 'source', 'outbound_list')).toBe('Outbound list');
    expect(valueLabel(labels, 'segment', 'saas')).toBe('Saas');
    // Not a code: a rep's name or a label already written for people stays as it is.
    expect(valueLabel(labels, 'owner', 'Ana Beatriz Costa')).toBe('Ana Beatriz Costa');
    expect(valueLabel(labels, 'source', 'Google Ads')).toBe('Google Ads');
    // A label of one kind does not rename another kind's value; tiers keep their contract names.
    expect(valueLabel(labels, 'segment', 'paid_search')).toBe('Paid search');
    expect(valueLabel(labels, 'tier', 'a_tier')).toBe('a_tier');
  });

  it('defaults to no labels and refuses an unknown kind or an empty label with its line', () => {
    expect(contract('').labels).toEqual({ source: {}, segment: {}, owner: {} });
    const parsed = parseContract('labels:\n  source: {paid_search: ""}\n  tier: {A: Alta}\n');
    if (!('problems' in parsed)) throw new Error('expected problems');
    expect(parsed.problems.map((p) => [p.line, p.path])).toEqual([
      [2, 'labels.source.paid_search'],
      [3, 'labels.tier'],
    ]);
  });
});
