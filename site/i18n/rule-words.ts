import type { Rule } from '../../pipeline/contract/schema.ts';
import { fieldLabel } from './glossary.ts';
import type { Locale } from './index.ts';

// Contract rules (ICP, tier conditions) in plain words: `{all: [{icp: true}, {field: score, gte: 80}]}`
// reads "fits the ICP and score ≥ 80".

interface Words {
  and: string;
  or: string;
  list(items: string[]): string;
  eq(field: string, value: string): string;
  in(field: string, values: string): string;
  notIn(field: string, values: string): string;
  empty(field: string): string;
  filled(field: string): string;
  icp: string;
  not(rule: string): string;
}

const words: Record<Locale, Words> = {
  en: {
    and: 'and',
    or: 'or',
    list: (items) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`),
    eq: (field, value) => `${field} is ${value}`,
    in: (field, values) => `${field} is ${values}`,
    notIn: (field, values) => `${field} is not ${values}`,
    empty: (field) => `${field} is empty`,
    filled: (field) => `${field} is filled in`,
    icp: 'fits the ICP',
    not: (rule) => `not (${rule})`,
  },
  'pt-BR': {
    and: 'e',
    or: 'ou',
    list: (items) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ou ${items.at(-1)}`),
    eq: (field, value) => `${field} é ${value}`,
    in: (field, values) => `${field} é ${values}`,
    notIn: (field, values) => `${field} não é ${values}`,
    empty: (field) => `${field} está vazio`,
    filled: (field) => `${field} está preenchido`,
    icp: 'atende ao ICP',
    not: (rule) => `não (${rule})`,
  },
};

const COMPARISONS = [
  ['gte', '≥'],
  ['gt', '>'],
  ['lte', '≤'],
  ['lt', '<'],
] as const;

/** A rule in plain words, in the site's language; nested groups are parenthesised. */
export function describeRule(rule: Rule, locale: Locale): string {
  const w = words[locale];
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const value = (v: string | number | boolean): string => (typeof v === 'number' ? number.format(v) : String(v));
  const group = (rules: Rule[], joiner: string): string =>
    rules
      .map((inner) => {
        const text = describeRule(inner, locale);
        return 'all' in inner || 'any' in inner ? `(${text})` : text;
      })
      .join(` ${joiner} `);

  if ('icp' in rule) return w.icp;
  if ('all' in rule) return group(rule.all, w.and);
  if ('any' in rule) return group(rule.any, w.or);
  if ('not' in rule) return w.not(describeRule(rule.not, locale));

  const field = fieldLabel(rule.field, locale);
  const tests: string[] = [];
  if (rule.eq !== undefined) tests.push(w.eq(field, value(rule.eq)));
  if (rule.in !== undefined) tests.push(w.in(field, w.list(rule.in.map(value))));
  if (rule.not_in !== undefined) tests.push(w.notIn(field, w.list(rule.not_in.map(value))));
  for (const [key, symbol] of COMPARISONS) {
    const bound = rule[key];
    if (bound !== undefined) tests.push(`${field} ${symbol} ${value(bound)}`);
  }
  if (rule.empty !== undefined) tests.push(rule.empty ? w.empty(field) : w.filled(field));
  return tests.join(` ${w.and} `);
}
