import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { ClauseId, MetricId } from '../metrics/catalogue/index.ts';
import type { DecisionTarget, Meeting, MeetingsFile } from '../schemas/meetings.ts';
import { parseYamlWith, problemsText, readAtMost, type ContractProblem } from './load.ts';
import { isoDate, PERIOD_KEY_PATTERN, SCORECARD_DEFAULTS, type Contract } from './schema.ts';

// The alignment meeting's decisions, one file per reviewed period: `meetings/<period>.yaml` in the
// folder of the contract. They are validated like the contract (every problem with its file, line
// and setting path) and written to `snapshots/meetings.json` for the site.

/** The folder of meetings files, beside the contract. */
export const MEETINGS_FOLDER = 'meetings';

/** Bounds on a meetings file: a meeting agrees a handful of things; these are ten times that or more. */
export const MEETING_LIMITS = { bytes: 64 * 1024, decisions: 50, text: 500, label: 200, files: 1000 } as const;

const text = (limit: number, what: string) =>
  z.string({ error: `expected ${what} as text` }).trim().min(1, { error: `expected ${what}, not an empty text` }).max(limit, { error: `at most ${limit} characters are allowed in ${what}` });

const decisionInput = z.strictObject({
  text: text(MEETING_LIMITS.text, 'the decision'),
  owner: text(MEETING_LIMITS.label, 'the owner (a person or a team)'),
  due: isoDate,
  moves: text(MEETING_LIMITS.label, 'the clause or metric it should move').meta({
    description: 'A scorecard clause (speed_within_sla) or a metric id (speed.median_minutes) the decision should move.',
  }),
  status: z.enum(['open', 'done', 'dropped']).default('open'),
  change: z
    .union([
      text(MEETING_LIMITS.text, 'the proposed change'),
      z.strictObject({
        setting: text(MEETING_LIMITS.label, 'a contract setting path such as scorecard.speed_within_sla.promised'),
        to: z.union([z.string().max(MEETING_LIMITS.label), z.number(), z.boolean(), z.null()]),
      }),
    ])
    .optional()
    .meta({ description: 'A change to the contract the meeting proposes: {setting: path, to: value}, or words.' }),
});

/** The zod schema of one `meetings/<period>.yaml`. */
export const meetingFileSchema = z.strictObject({
  held_on: isoDate.optional(),
  decisions: z.array(decisionInput).max(MEETING_LIMITS.decisions, { error: `at most ${MEETING_LIMITS.decisions} decisions are allowed` }),
});

/** One meetings file as read: its reviewed period, its decisions, and where each setting sits, for later checks. */
export interface MeetingSource {
  file: string;
  period: string;
  value: z.output<typeof meetingFileSchema>;
  lineOf: (path: ReadonlyArray<PropertyKey>) => number | null;
}

/** Problems found in one meetings file. */
export interface MeetingsFileProblems {
  file: string;
  problems: ContractProblem[];
}

/** Thrown when a meetings file cannot be used; lists every problem of every file with its line. */
export class MeetingsError extends UserError {
  readonly files: MeetingsFileProblems[];

  constructor(files: MeetingsFileProblems[]) {
    super(
      files
        .map((f) => problemsText('The meetings file', f.file, f.problems, ''))
        .join('\n')
        .concat('Fix these lines and run again; see README.md "Meetings" for every field.'),
    );
    this.name = 'MeetingsError';
    this.files = files;
  }
}

/**
 * Reads every `<period>.yaml` in the meetings folder beside `configPath` (none: no meetings) and
 * validates its form; what `moves` and `change.setting` name is checked by `meetingsFile` once the
 * run's metrics are known. Other files in the folder (notes, a README) are left alone.
 */
export function readMeetings(configPath: string): MeetingSource[] {
  const dir = join(dirname(configPath), MEETINGS_FOLDER);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const names = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  const sources: MeetingSource[] = [];
  const failed: MeetingsFileProblems[] = [];
  if (names.length > MEETING_LIMITS.files) {
    throw new MeetingsError([{ file: dir, problems: [{ path: '', line: null, message: `the folder holds ${names.length} meetings files; at most ${MEETING_LIMITS.files} are read` }] }]);
  }
  for (const name of names) {
    const file = join(dir, name);
    const period = name.replace(/\.ya?ml$/, '');
    if (!PERIOD_KEY_PATTERN.test(period)) {
      failed.push({ file, problems: [{ path: '', line: null, message: `the file name must be the period the meeting reviewed, such as 2026-09.yaml, 2026-Q3.yaml or 2026-W39.yaml` }] });
      continue;
    }
    let text: string;
    try {
      text = readAtMost(file, MEETING_LIMITS.bytes + 1).toString('utf8');
    } catch (error) {
      failed.push({ file, problems: [{ path: '', line: null, message: `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }] });
      continue;
    }
    const parsed = parseYamlWith(meetingFileSchema, text, { bytes: MEETING_LIMITS.bytes, what: 'a meetings file may have; record the decisions only' });
    if ('problems' in parsed) failed.push({ file, problems: parsed.problems });
    else sources.push({ file, period, value: parsed.value, lineOf: parsed.lineOf });
  }
  if (failed.length > 0) throw new MeetingsError(failed);
  return sources;
}

/** The resolved contract's settings as dotted paths (objects walked; lists and values are leaves). */
function settingPaths(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (path !== '') out.add(path);
    for (const [key, inner] of Object.entries(value)) settingPaths(inner, path === '' ? key : `${path}.${key}`, out);
  } else if (path !== '') out.add(path);
  return out;
}

/**
 * The meetings as `meetings.json` holds them, once each decision's `moves` names a scorecard
 * clause or one of `metricIds` (the metrics this run computed) and each proposed setting exists in
 * the contract; otherwise a `MeetingsError` naming file, line and field.
 */
export function meetingsFile(sources: readonly MeetingSource[], metricIds: ReadonlySet<string>, contract: Contract): MeetingsFile {
  const clauses = Object.keys(SCORECARD_DEFAULTS);
  const settings = settingPaths(contract);
  const failed: MeetingsFileProblems[] = [];
  const meetings: Meeting[] = [];
  for (const source of sources) {
    const problems: ContractProblem[] = [];
    const decisions = source.value.decisions.map((d, i) => {
      let kind: 'clause' | 'metric' = 'metric';
      if (clauses.includes(d.moves)) kind = 'clause';
      else if (!metricIds.has(d.moves)) {
        const path = ['decisions', i, 'moves'];
        const near = [...metricIds].filter((id) => id.startsWith(d.moves.split('.')[0] ?? '')).sort().slice(0, 6);
        problems.push({
          path: `decisions[${i}].moves`,
          line: source.lineOf(path),
          message:
            `"${d.moves}" is neither a scorecard clause nor a metric this run computes; write a clause (${clauses.join(', ')})` +
            (near.length > 0 ? ` or a metric id such as ${near.join(', ')}` : ' or a metric id from a snapshot’s metrics.csv'),
        });
      }
      if (d.change !== undefined && typeof d.change !== 'string' && !settings.has(d.change.setting)) {
        problems.push({
          path: `decisions[${i}].change.setting`,
          line: source.lineOf(['decisions', i, 'change', 'setting']),
          message: `"${d.change.setting}" is not a setting of the contract; write its path as in sla.yaml, such as scorecard.speed_within_sla.promised or targets.revenue`,
        });
      }
      return {
        text: d.text,
        owner: d.owner,
        due: d.due,
        // Checked just above: a clause id, else one of the run's metric ids (the problems stop the run).
        moves: (kind === 'clause' ? { kind, id: d.moves as ClauseId } : { kind, id: d.moves as MetricId }) satisfies DecisionTarget,
        ...(d.status === 'open' ? {} : { status: d.status }),
        ...(d.change === undefined ? {} : { change: typeof d.change === 'string' ? { text: d.change } : d.change }),
      };
    });
    if (problems.length > 0) failed.push({ file: source.file, problems });
    meetings.push({ period: source.period, ...(source.value.held_on === undefined ? {} : { held_on: source.value.held_on }), decisions });
  }
  if (failed.length > 0) throw new MeetingsError(failed);
  return { meetings };
}
