import { describe, expect, it } from 'vitest';
import type { MetricId } from '../../pipeline/metrics/catalogue/index.ts';
import { describeMetric, glossaryIds, glossaryRank, metricFamily, metricLabel } from '../../site/i18n/glossary.ts';
import { describeRule } from '../../site/i18n/rule-words.ts';

// Every metric id of SPEC section 4, written out by hand from the table there (templates
// expanded for the default handoff fields), so a metric the glossary forgets fails here.
const SPEC_IDS: MetricId[] = [
  'mql.count',
  'mql.target',
  'mql.pacing_pct',
  'plan.avg_ticket',
  'plan.rate.lead_mql',
  'plan.rate.mql_sal',
  'plan.rate.sal_sql',
  'plan.rate.sql_won',
  'plan.deals_needed',
  'plan.sqls_needed',
  'plan.mqls_needed',
  'plan.leads_needed',
  'speed.median_minutes',
  'speed.p90_minutes',
  'speed.within_sla_pct',
  'speed.not_contacted_pct',
  'speed.pending_count',
  'attempts.adherent_pct',
  'attempts.gave_up_early_pct',
  'attempts.too_aggressive_pct',
  'attempts.mean',
  'acceptance.within_sla_pct',
  'acceptance.rejected_pct',
  'funnel.cohort.sal_pct',
  'funnel.cohort.sql_pct',
  'funnel.cohort.opportunity_pct',
  'funnel.cohort.won_pct',
  'funnel.flow.lead',
  'funnel.flow.mql',
  'funnel.flow.sal',
  'funnel.flow.sql',
  'funnel.flow.opportunity',
  'funnel.flow.won',
  'funnel.flow.lost',
  'funnel.velocity.mql_sal_days',
  'funnel.velocity.sal_sql_days',
  'quality.complete_pct',
  'quality.missing_pct.name',
  'quality.missing_pct.company',
  'quality.missing_pct.phone',
  'quality.missing_pct.email',
  'quality.icp_fit_pct',
  'outcome.won_count',
  'outcome.won_revenue',
  'outcome.avg_ticket',
  'outcome.lost_count',
  'outcome.recycled_count',
  'outcome.disqualified_count',
  'outcome.rejected_count',
  'outcome.returned_count',
  'scorecard.speed_within_sla',
];

describe('the metric glossary', () => {
  it('names and defines every metric of SPEC section 4 in both languages, differently', () => {
    for (const id of SPEC_IDS) {
      const en = describeMetric(id, 'en');
      const pt = describeMetric(id, 'pt-BR');
      expect(en, id).not.toBeNull();
      expect(pt, id).not.toBeNull();
      expect(en!.label.length, id).toBeGreaterThan(2);
      expect(en!.definition.length, id).toBeGreaterThan(20);
      expect(pt!.definition, id).not.toBe(en!.definition);
    }
  });

  it('gives each metric a label of its own, so no two columns read alike', () => {
    for (const locale of ['en', 'pt-BR'] as const) {
      const labels = glossaryIds(['name', 'company', 'phone', 'email']).map((id) => metricLabel(id, locale));
      const repeated = labels.filter((label, i) => labels.indexOf(label) !== i);
      expect(repeated, locale).toEqual([]);
    }
  });

  it('lists every spec id in its glossary order, fields from the agreement', () => {
    const ids = glossaryIds(['name', 'company', 'phone', 'email']);
    // The scorecard clause is a template (its clauses are the agreement's); everything else is listed.
    expect(SPEC_IDS.filter((id) => !id.startsWith('scorecard.') && !ids.includes(id))).toEqual([]);
    expect(glossaryIds(['cnpj'])).toContain('quality.missing_pct.cnpj');
    expect(glossaryIds(['cnpj'])).not.toContain('quality.missing_pct.phone');
    expect(glossaryRank('mql.count')).toBeLessThan(glossaryRank('funnel.flow.lead'));
    expect(glossaryRank('funnel.flow.lead')).toBeLessThan(glossaryRank('funnel.flow.lost'));
  });

  it('fills templates with stage and field names in the site language', () => {
    expect(metricLabel('funnel.flow.won', 'en')).toBe('Funnel wins in the period');
    expect(metricLabel('funnel.flow.sql', 'pt-BR')).toBe('SQLs no período');
    expect(metricLabel('funnel.cohort.opportunity_pct', 'pt-BR')).toBe('Coorte até oportunidade');
    expect(metricLabel('funnel.velocity.mql_sal_days', 'en')).toBe('MQL → SAL time');
    expect(metricLabel('plan.rate.sql_won', 'pt-BR')).toBe('Taxa SQL → ganho (plano)');
    expect(metricLabel('quality.missing_pct.phone', 'pt-BR')).toBe('Sem telefone');
    expect(metricLabel('quality.missing_pct.cnpj', 'en')).toBe('Missing cnpj');
    expect(metricLabel('scorecard.speed_within_sla', 'en')).toBe('Clause: speed to lead');
    expect(metricLabel('scorecard.mql_volume', 'pt-BR')).toBe('Cláusula: volume de MQLs');
  });

  it('files every id under its catalogue family', () => {
    expect(metricFamily('funnel.flow.lead')).toBe('funnel.flow');
    expect(metricFamily('funnel.cohort.won_pct')).toBe('funnel.cohort');
    expect(metricFamily('mql.count')).toBe('mql');
    expect(metricFamily('scorecard.speed_within_sla')).toBe('scorecard');
  });
});

describe('contract rules in plain words', () => {
  it('reads the sample agreement’s tier A and ICP', () => {
    expect(describeRule({ all: [{ icp: true }, { field: 'score', gte: 80 }] }, 'en')).toBe('fits the ICP and score ≥ 80');
    expect(describeRule({ all: [{ icp: true }, { field: 'score', gte: 80 }] }, 'pt-BR')).toBe('atende ao ICP e pontuação ≥ 80');
    expect(
      describeRule(
        {
          all: [
            { field: 'segment', in: ['saas', 'fintech', 'varejo'] },
            { field: 'company_size', gte: 50 },
          ],
        },
        'pt-BR',
      ),
    ).toBe('segmento é saas, fintech ou varejo e porte da empresa ≥ 50');
  });

  it('parenthesises nested groups and reads every test', () => {
    const rule = {
      any: [
        { field: 'source', eq: 'paid' },
        { all: [{ field: 'company_size', gt: 1000.5, lt: 5000 }, { not: { field: 'phone', empty: true } }] },
        { field: 'state', not_in: ['AC', 'RR'] },
      ],
    };
    expect(describeRule(rule, 'en')).toBe(
      'source is paid or (company size > 1,000.5 and company size < 5,000 and not (phone is empty)) or state is not AC or RR',
    );
    expect(describeRule({ field: 'email', empty: false }, 'pt-BR')).toBe('e-mail está preenchido');
    expect(describeRule({ field: 'job_title', lte: 3 }, 'pt-BR')).toBe('cargo ≤ 3');
  });
});
