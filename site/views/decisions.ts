import { localDate } from '../../pipeline/calendar/zone.ts';
import { parseDuration } from '../../pipeline/contract/duration.ts';
import type { Contract } from '../../pipeline/contract/schema.ts';
import type { Decision, Meeting } from '../../pipeline/schemas/meetings.ts';
import type { Unit } from '../../pipeline/schemas/snapshot.ts';
import { clauseName, metricLabel } from '../i18n/glossary.ts';
import { contractVersions, type ContractVersion } from '../lib/contract-history.ts';
import { AGREEMENT_PAGE, hrefTo } from '../lib/paths.ts';
import { metricValue, neighbours, unitOf, type PeriodSnapshot, type PublishedMeeting, type SiteData } from '../lib/snapshots.ts';
import { siteTable, textCell, type SiteTable, type TableColumn, type TableCell } from '../lib/table.ts';
import { metricCell } from './metric-tables.ts';
import type { PageContext } from './page-context.ts';

// The alignment meetings' decisions on the site: "Agreed last time" at the top of a period's
// meeting view (the decisions of the meeting that reviewed the period before, with the movement
// of what each should move), and every decision on the agreement page, linked to the version of
// the agreement its proposed change produced.

/** Where a decision stands on a day: as the meetings file says (done, dropped), else by its due date. */
export type DecisionStatus = 'done' | 'dropped' | 'overdue' | 'due';

/** A decision's status on local day `today` (yyyy-mm-dd): open ones are overdue once their due day has passed. */
export function decisionStatus(decision: Pick<Decision, 'status' | 'due'>, today: string): DecisionStatus {
  if (decision.status !== undefined) return decision.status;
  return decision.due < today ? 'overdue' : 'due';
}

const STATUS_BADGE: Record<DecisionStatus, string> = { done: 'met', dropped: 'no-data', overdue: 'missed', due: 'open' };

/** A decision's status as a table cell: the code in the download, a coloured badge on the page. */
function statusCell(ctx: PageContext, status: DecisionStatus): TableCell {
  return { value: status, text: ctx.t.decisions.statuses[status], badge: STATUS_BADGE[status] };
}

/** The value of what a decision moves in one period, and its unit: a clause's measured level, or a metric's whole-period value. */
export function movedValue(snapshot: PeriodSnapshot, decision: Pick<Decision, 'moves'>): { value: number | null; unit: Unit } {
  const { moves } = decision;
  if (moves.kind === 'clause') {
    const clause = snapshot.details['scorecard.json']?.clauses.find((c) => c.id === moves.id);
    return { value: clause?.measured ?? metricValue(snapshot, `scorecard.${moves.id}`), unit: 'pct' };
  }
  return { value: metricValue(snapshot, moves.id), unit: unitOf(snapshot, moves.id) };
}

function movesLabel(decision: Pick<Decision, 'moves'>, ctx: PageContext): string {
  const { moves } = decision;
  return moves.kind === 'clause' ? clauseName(moves.id, ctx.fmt.locale) : metricLabel(moves.id, ctx.fmt.locale);
}

// A decision's owner is published as the agreement's `publish.owners` says (site/lib/snapshots.ts,
// publishMeetings): when owners are hidden the column is left out, as the by-owner tables are.
function ownerColumn(ctx: PageContext, site: SiteData): TableColumn[] {
  return site.owners === 'hidden' ? [] : [{ key: 'owner', label: ctx.t.decisions.owner }];
}

function ownerCell(site: SiteData, owner: string | null): TableCell[] {
  return site.owners === 'hidden' ? [] : [textCell(owner ?? '—')];
}

/** What the decisions of the meeting before this period's agreed, for the top of its meeting view. */
export interface AgreedLastTime {
  meeting: PublishedMeeting;
  /** The period the meeting reviewed. */
  reviewed: PeriodSnapshot;
  table: SiteTable;
  /** A discussion point per decision now overdue, for the top of the meeting's points on screen. */
  overdue: string[];
}

/**
 * "Agreed last time" for the meeting view of `snapshot`: the decisions recorded for the period
 * before it, each with its status on the day of this snapshot's data and the value of what it
 * should move in the reviewed period and in this one. Null when that meeting recorded nothing.
 */
export function agreedLastTime(ctx: PageContext, site: SiteData, snapshot: PeriodSnapshot): AgreedLastTime | null {
  const { previous } = neighbours(site.periods, snapshot.period);
  const meeting = previous ? site.meetings.find((m) => m.period === previous.period) : undefined;
  if (!previous || !meeting || meeting.decisions.length === 0) return null;
  const { t, fmt } = ctx;
  const d = t.decisions;
  const today = localDate(snapshot.contract.timezone, Date.parse(snapshot.manifest.as_of));
  const table = siteTable({
    id: 'agreed-last-time',
    caption: d.caption(fmt.period(previous.period)),
    columns: [
      { key: 'decision', label: d.decision },
      ...ownerColumn(ctx, site),
      { key: 'due', label: d.due },
      { key: 'status', label: d.status },
      { key: 'moves', label: d.moves },
      { key: 'moves_id', label: d.moves, downloadOnly: true },
      { key: 'then', label: fmt.periodShort(previous.period), numeric: true },
      { key: 'now', label: fmt.periodShort(snapshot.period), numeric: true },
      { key: 'change', label: t.table.change, numeric: true },
    ],
    rows: meeting.decisions.map((decision, i) => {
      const status = decisionStatus(decision, today);
      const then = movedValue(previous, decision);
      const now = movedValue(snapshot, decision);
      const cells: TableCell[] = [
        textCell(decision.text),
        ...ownerCell(site, decision.owner),
        { value: decision.due, text: fmt.date(decision.due) },
        statusCell(ctx, status),
        textCell(movesLabel(decision, ctx)),
        textCell(decision.moves.id),
        metricCell(ctx, then.value, then.unit),
        metricCell(ctx, now.value, now.unit),
        { value: then.value === null || now.value === null ? null : now.value - then.value, text: fmt.change(then.value, now.value, now.unit) },
      ];
      return { key: `decision-${i + 1}`, cells };
    }),
  });
  const overdue = meeting.decisions.flatMap((decision) => {
    if (decisionStatus(decision, today) !== 'overdue') return [];
    const then = movedValue(previous, decision);
    const now = movedValue(snapshot, decision);
    return [d.overduePoint(decision.text, decision.owner, fmt.date(decision.due), movesLabel(decision, ctx), fmt.metric(then.value, then.unit), fmt.metric(now.value, now.unit))];
  });
  return { meeting, reviewed: previous, table, overdue };
}

/** Whether `value`, the resolved contract's value at a setting, is what a meeting proposed (`8h` is 480 minutes). */
function sameSetting(value: unknown, proposed: string | number | boolean | null): boolean {
  if (JSON.stringify(value) === JSON.stringify(proposed)) return true;
  return typeof proposed === 'string' && typeof value === 'number' && parseDuration(proposed) === value;
}

function settingAt(contract: Contract, path: string): unknown {
  let node: unknown = contract;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The version of the agreement a decision's proposed setting produced: the first version measured
 * after the meeting's period whose contract holds the proposed value where the version before did
 * not. Undefined while no version does.
 */
export function producedVersion(versions: readonly ContractVersion[], periods: readonly string[], meeting: Pick<Meeting, 'period'>, decision: Pick<Decision, 'change'>): ContractVersion | undefined {
  const change = decision.change;
  if (change === undefined || 'text' in change) return undefined;
  const after = periods.indexOf(meeting.period);
  return versions.find((version, i) => {
    if (i === 0 || after < 0 || periods.indexOf(version.first) <= after) return false;
    const before = versions[i - 1]!;
    return sameSetting(settingAt(version.contract, change.setting), change.to) && !sameSetting(settingAt(before.contract, change.setting), change.to);
  });
}

/** Every decision of every meeting, newest meeting first, for the agreement page; null when none was recorded. */
export function decisionsTable(ctx: PageContext, site: SiteData, page: string): SiteTable | null {
  const rows = site.meetings.flatMap((meeting) => meeting.decisions.map((decision, i) => ({ meeting, decision, i })));
  if (rows.length === 0) return null;
  const { t, fmt } = ctx;
  const d = t.decisions;
  const versions = contractVersions(site.periods);
  const periods = site.periods.map((p) => p.period);
  const today = localDate(site.latest.contract.timezone, Date.parse(site.latest.manifest.as_of));
  const byNewest = [...rows].sort((a, b) => (a.meeting.period < b.meeting.period ? 1 : a.meeting.period > b.meeting.period ? -1 : a.i - b.i));
  return siteTable({
    id: 'decisions',
    caption: d.historyCaption,
    columns: [
      { key: 'meeting', label: d.meeting },
      { key: 'decision', label: d.decision },
      ...ownerColumn(ctx, site),
      { key: 'status', label: d.status },
      { key: 'change', label: d.change },
      { key: 'produced', label: d.produced },
    ],
    rows: byNewest.map(({ meeting, decision, i }) => {
      const status = decisionStatus(decision, today);
      const change = decision.change;
      const version = producedVersion(versions, periods, meeting, decision);
      const produced: TableCell =
        change === undefined
          ? textCell('—')
          : 'text' in change
            ? textCell(d.inWords)
            : version
              ? { value: version.number, text: t.history.versionTitle(version.number), href: `${hrefTo(page, AGREEMENT_PAGE)}#version-${version.number}` }
              : { value: null, text: d.notYet };
      return {
        key: `${meeting.period}-${i + 1}`,
        cells: [
          { value: meeting.period, text: fmt.period(meeting.period) },
          textCell(decision.text),
          ...ownerCell(site, decision.owner),
          statusCell(ctx, status),
          change === undefined ? { value: null, text: d.noChange } : 'text' in change ? textCell(change.text) : textCell(d.setting(change.setting, String(change.to))),
          produced,
        ],
      };
    }),
  });
}
