import { WEEKDAYS } from '../../pipeline/contract/business-hours.ts';
import type { Contract } from '../../pipeline/contract/schema.ts';
import { buildCalendar, type CalendarHoliday } from '../../pipeline/calendar/calendar.ts';
import type { ClauseId, PlanRate } from '../../pipeline/metrics/catalogue/index.ts';
import { clauseName, describeMetric, fieldLabel, glossaryIds, type GlossaryEntry } from '../i18n/glossary.ts';
import { describeRule } from '../i18n/rule-words.ts';
import { contractHistory, contractVersions, type HistoryEntry } from '../lib/contract-history.ts';
import { AGREEMENT_PAGE } from '../lib/paths.ts';
import type { PeriodSnapshot, SiteData } from '../lib/snapshots.ts';
import { siteTable, type SiteTable } from '../lib/table.ts';
import { decisionsTable } from './decisions.ts';
import { daysInUnits } from './no-data.ts';
import { lastDayOf, pageContext, type PageContext } from './page-context.ts';

// The agreement page, as data: the latest period's contract.yaml, every clause in plain words in
// the site's language, and the glossary of every metric the agreement is measured by.

/** A labelled statement of the agreement. */
export interface Fact {
  label: string;
  text: string;
}

/** Everything the agreement page shows. */
export interface AgreementView {
  ctx: PageContext;
  page: string;
  snapshot: PeriodSnapshot;
  contract: Contract;
  general: Fact[];
  hours: SiteTable;
  holidays: { country: string | null; years: number[]; table: SiteTable | null };
  /** Each tier's condition in words (null for the catch-all last tier) and its response time in minutes. */
  tierRules: Array<{ name: string; rule: string | null; within: number }>;
  icp: string | null;
  mqlRule: string | null;
  cadence: string[];
  acceptance: string;
  targets: Fact[];
  handoffFields: string;
  mapping: Fact[];
  owners: string;
  glossary: GlossaryEntry[];
  /** The scorecard's clauses with their promised and at-risk levels. */
  scorecard: SiteTable;
  /** Each version of the agreement over the published periods, newest first, with its changes from the one before. */
  history: HistoryEntry[];
  /** Every decision of the alignment meetings, linked to the version its proposed change produced; null when none was recorded. */
  decisions: SiteTable | null;
  tables: SiteTable[];
}

/** The years the snapshots cover, from the first period's first day to the latest period's last. */
function coveredYears(site: SiteData): number[] {
  const first = Number(site.periods[0]!.manifest.starts_on.slice(0, 4));
  const last = Number(lastDayOf(site.latest.manifest.ends_before).slice(0, 4));
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

/** The agreement page: the latest period's agreement. */
export function agreementView(site: SiteData): AgreementView {
  const snapshot = site.latest;
  const contract = snapshot.contract;
  const ctx = pageContext(site, snapshot);
  const { t, fmt } = ctx;
  const locale = fmt.locale;
  const a = t.agreement;

  const general: Fact[] = [
    { label: a.name, text: contract.name },
    { label: a.timezone, text: contract.timezone },
    { label: a.language, text: a.languages[contract.locale] },
    { label: a.currency, text: contract.currency },
    { label: a.period, text: a.periodKinds[contract.period] },
  ];

  const hours = siteTable({
    id: 'business-hours',
    caption: a.hoursCaption,
    columns: [
      { key: 'weekday', label: t.table.weekday },
      { key: 'opening_hours', label: t.table.openingHours },
      { key: 'breaks', label: t.table.breaks },
      { key: 'business_minutes', label: t.table.businessTime, numeric: true },
    ],
    rows: WEEKDAYS.map((day) => {
      const ranges = contract.business_hours[day];
      const opening = ranges.map((r) => `${fmt.clock(r.start)}–${fmt.clock(r.end)}`);
      const breaks = ranges.slice(1).map((r, i) => `${fmt.clock(ranges[i]!.end)}–${fmt.clock(r.start)}`);
      const minutes = ranges.reduce((n, r) => n + r.end - r.start, 0);
      return {
        key: day,
        cells: [
          { value: day, text: fmt.weekday(day) },
          { value: opening.join(', '), text: opening.length === 0 ? a.closed : opening.join(', ') },
          { value: breaks.join(', '), text: breaks.length === 0 ? '—' : breaks.join(', ') },
          { value: minutes, text: minutes === 0 ? '—' : fmt.minutes(minutes) },
        ],
      };
    }),
  });

  const years = coveredYears(site);
  const calendar = buildCalendar(contract, { from: `${years[0]}-01-01`, to: `${years.at(-1)}-12-31` });
  const source = (h: CalendarHoliday): string =>
    h.name !== null && h.fromContract ? a.holidayBoth : h.fromContract ? a.holidayAgreement : a.holidayCountry(contract.holidays.country ?? '');
  const holidayTable =
    calendar.holidays.length === 0
      ? null
      : siteTable({
          id: 'holidays',
          caption: a.holidaysCaption(years.map(String).join(', ')),
          columns: [
            { key: 'date', label: t.table.date },
            { key: 'holiday', label: t.table.holiday },
            { key: 'source', label: t.table.source },
          ],
          rows: calendar.holidays.map((h) => ({
            key: h.date,
            cells: [
              { value: h.date, text: fmt.date(h.date) },
              { value: h.name ?? '', text: h.name ?? a.agreementDate },
              { value: h.fromContract ? (h.name === null ? 'agreement' : 'both') : 'country', text: source(h) },
            ],
          })),
        });

  const c = contract.cadence;
  const cadence = [
    a.cadenceAttempts(
      c.min_attempts,
      c.attempt_types.map((type) => a.activityTypes[type]),
      c.window_days,
    ),
    a.cadenceDaily(c.max_attempts_per_day),
    a.cadenceEnds(c.ends_on.map((outcome) => a.outcomes[outcome])),
  ];

  const targets: Fact[] = [];
  const revenue = contract.targets.revenue;
  if (revenue !== null) {
    if (typeof revenue === 'number') targets.push({ label: a.revenueTarget, text: a.perPeriod(fmt.currency(revenue)) });
    else if ('growth_pct' in revenue) targets.push({ label: a.revenueTarget, text: a.growth(fmt.pct(revenue.growth_pct)) });
    else
      targets.push({
        label: a.revenueTarget,
        text: Object.entries(revenue)
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([period, amount]) => `${fmt.periodShort(period)}: ${fmt.currency(amount)}`)
          .join(' · '),
      });
  } else {
    targets.push({ label: a.revenueTarget, text: a.noTarget });
  }
  // Windows in the contract's own periods: "6 weeks of history", "60 days (about 9 weeks)".
  const units = t.periodTerms.units[contract.period];
  const history = contract.targets.history_periods;
  targets.push({ label: a.history, text: t.periodTerms.history(history, history === 1 ? units[0] : units[1]) });
  targets.push({ label: a.maturity, text: t.periodTerms.maturity(contract.targets.maturity_days, daysInUnits(ctx, contract.targets.maturity_days, contract.period)) });
  targets.push({ label: a.avgTicket, text: contract.targets.avg_ticket === null ? a.measured : fmt.currency(contract.targets.avg_ticket) });
  for (const [rate, value] of Object.entries(contract.targets.rates)) {
    if (value !== null) targets.push({ label: describeMetric(`plan.rate.${rate as PlanRate}`, locale).label, text: fmt.pct(value * 100) });
  }

  const m = contract.mapping;
  const mapping: Fact[] = [
    { label: a.preset, text: ctx.t.contractValues.presets[m.preset] ?? m.preset },
    { label: a.dateFormat, text: m.date_format === 'auto' ? a.auto : m.date_format },
    { label: a.decimal, text: m.decimal === 'auto' ? a.auto : `"${m.decimal}"` },
    { label: a.encoding, text: m.encoding === 'auto' ? a.auto : m.encoding },
  ];

  // Side and metric come from the latest scorecard.json when it has the clause: the contract holds the levels only.
  const measured = snapshot.details['scorecard.json']?.clauses ?? [];
  const decisions = decisionsTable(ctx, site, AGREEMENT_PAGE);
  const scorecard = siteTable({
    id: 'scorecard-levels',
    caption: t.report.agreementScorecardCaption,
    columns: [
      { key: 'clause', label: t.report.clause },
      { key: 'side', label: t.report.side },
      { key: 'promised_pct', label: t.report.promised, numeric: true },
      { key: 'at_risk_from_pct', label: t.report.atRiskFrom, numeric: true },
    ],
    rows: Object.entries(contract.scorecard).map(([id, levels]) => {
      const clause = measured.find((c) => c.id === id);
      return {
        key: id,
        cells: [
          { value: id, text: clauseName(id as ClauseId, locale) },
          { value: clause?.side ?? null, text: clause ? (t.report.sides[clause.side] ?? clause.side) : '' },
          { value: levels.promised, text: t.report.atLeast(fmt.pct(levels.promised)) },
          { value: levels.at_risk, text: fmt.pct(levels.at_risk) },
        ],
      };
    }),
  });

  return {
    ctx,
    page: AGREEMENT_PAGE,
    snapshot,
    contract,
    general,
    hours,
    holidays: { country: contract.holidays.country ?? null, years, table: holidayTable },
    tierRules: contract.tiers.map((tier) => ({ name: tier.name, rule: tier.when ? describeRule(tier.when, locale) : null, within: tier.response_within })),
    icp: contract.icp ? describeRule(contract.icp, locale) : null,
    mqlRule: contract.mql.score_at_least === null ? null : a.mqlScore(fmt.number(contract.mql.score_at_least)),
    cadence,
    acceptance: a.acceptance(fmt.minutes(contract.acceptance_within)),
    targets,
    handoffFields: contract.handoff_fields.map((field) => fieldLabel(field, locale)).join(', '),
    mapping,
    owners: a.owners[contract.publish.owners],
    glossary: glossaryIds(contract.handoff_fields).flatMap((id) => describeMetric(id, locale) ?? []),
    scorecard,
    history: contractHistory(contractVersions(site.periods), locale),
    decisions,
    tables: [hours, holidayTable, scorecard, decisions].filter((table): table is SiteTable => table !== null),
  };
}
