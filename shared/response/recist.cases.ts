/**
 * Published RECIST 1.1 / mRECIST cases, one row each, with the paragraph or working-group Q&A item the
 * expected answer follows. The same table runs through the pure calculator (recist.cases.test.ts) and
 * through the `labels.assess` API channel, where the server computes the response
 * (main/services/labels-assess.test.ts). `item` is the point of issue 21 a case covers (2 reappearance
 * after CR, 3 confirmed PR, 4 missing measurements / NE / non-targets, 5 target selection, 6 mRECIST,
 * 7 best overall response, 8 explanations). Expected values are read off the cited text, not off our output.
 *
 * Q&A items are those of recist.eortc.org ("RECIST 1.1 – Questions and clarifications"), by title.
 */
import type { AssessedResponse } from './outcome';
import type {
  LesionAssessment,
  NonTargetStatus,
  ResponseCriteria,
  ResponseDefinition,
  ResponseInput,
  RuleId,
  TargetLesion,
} from './recist';

export interface RecistCase {
  name: string;
  /** Issue 21 item the case covers. */
  item: 2 | 3 | 4 | 5 | 6 | 7 | 8;
  /** The paragraph or Q&A item the expected answer follows. */
  source: string;
  input: ResponseInput;
  /** Category of every follow-up in order: the response history. */
  history?: AssessedResponse[];
  /** The label under input.definition (default: the last follow-up). */
  response?: AssessedResponse;
  /** The rule that decided the label. */
  rule?: RuleId;
  /** The calculator refuses the input with a message matching this. */
  refused?: RegExp;
  /** Number of accepted departures from the standard (nonStandard input). */
  nonStandard?: number;
  /** Text the label's explanation must / must not contain. */
  explanationHas?: string[];
  explanationLacks?: string[];
}

interface Row {
  label?: string;
  /** Days after 2024-01-01 (the scan date). */
  day?: number;
  /** Diameters in lesion order; null = not measured. */
  d: (number | null)[];
  nt?: NonTargetStatus;
  newLesions?: boolean;
}

const dateOf = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

function row(lesions: TargetLesion[], r: Row, label: string): LesionAssessment {
  if (r.d.length !== lesions.length)
    throw new Error(`case row "${label}": ${r.d.length} diameters for ${lesions.length} lesions`);
  return {
    label: r.label ?? label,
    ...(r.day === undefined ? {} : { date: dateOf(r.day) }),
    diameters: Object.fromEntries(lesions.map((l, n) => [l.id, r.d[n]])),
    ...(r.nt === undefined ? {} : { nonTargets: r.nt }),
    ...(r.newLesions ? { newLesions: true } : {}),
  };
}

function series(
  lesions: TargetLesion[],
  rows: Row[],
  opts: {
    criteria?: ResponseCriteria;
    definition?: ResponseDefinition;
    nonStandard?: boolean;
    minStableDiseaseDays?: number;
  } = {},
): ResponseInput {
  const [baseline, ...followUps] = rows;
  return {
    criteria: opts.criteria ?? 'recist',
    lesions,
    baseline: row(lesions, baseline, 'baseline'),
    followUps: followUps.map((r, n) => row(lesions, r, `follow-up ${n + 1}`)),
    ...(opts.definition ? { definition: opts.definition } : {}),
    ...(opts.nonStandard ? { nonStandard: true } : {}),
    ...(opts.minStableDiseaseDays === undefined ? {} : { minStableDiseaseDays: opts.minStableDiseaseDays }),
  };
}

const lesion = (id: string, organ: string, extra: Partial<TargetLesion> = {}): TargetLesion => ({
  id,
  node: false,
  organ,
  ...extra,
});
const node = (id: string, station = 'neck', extra: Partial<TargetLesion> = {}): TargetLesion => ({
  id,
  node: true,
  organ: station,
  ...extra,
});
const enhancing = (id: string): TargetLesion => lesion(id, 'liver', { arterialEnhancement: true });

const ONE = [lesion('liver 1', 'liver')];
const TWO = [lesion('liver 1', 'liver'), lesion('lung 1', 'lung')];
const THREE = [lesion('liver 1', 'liver'), lesion('lung 1', 'lung'), lesion('adrenal', 'adrenal')];
const PRIMARY_AND_NODE = [lesion('primary', 'nasopharynx'), node('neck node')];

const Q_REAPPEAR = 'Q&A "Does a new lesion always result in PD?"';
const Q_NODE = 'Q&A "Abnormal lymph node"';
const Q_PR = 'Q&A "Managing PR when TP measurements change slightly over time"';
const Q_SD = 'Q&A "The definition of SD: a clarification"';
const T1 = 'RECIST 1.1 §4.4.1 Table 1';
const T3 = 'RECIST 1.1 §4.4.3 Table 3';
const MRECIST = 'Lencioni & Llovet, Semin Liver Dis 2010 (mRECIST)';

export const RECIST_CASES: RecistCase[] = [
  // ---- 2: reappearance after a complete response -------------------------------------------------
  {
    name: 'targets 30+20 → 0+0 (CR) → 3+0: a lesion reappearing after CR is PD',
    item: 2,
    source: `${Q_REAPPEAR}: after an overall CR "the reappearance of any malignant lesion results in PD"`,
    input: series(TWO, [{ d: [30, 20] }, { d: [0, 0] }, { d: [3, 0] }]),
    history: ['CR', 'PD'],
    rule: 'reappearance-after-cr',
  },
  {
    name: 'a target node below 10 mm at CR that grows back to 12 mm has reappeared: PD',
    item: 2,
    source: `${Q_NODE}: a node has reappeared when it is ≥ 10 mm (target); ${Q_REAPPEAR}`,
    input: series(PRIMARY_AND_NODE, [{ d: [30, 20] }, { d: [0, 8] }, { d: [0, 12] }]),
    history: ['CR', 'PD'],
    rule: 'reappearance-after-cr',
  },
  {
    name: 'a target node at CR growing from 8 to 9.5 mm stays normal: still CR',
    item: 2,
    source: `${Q_NODE}: "nodes <10 mm are considered benign … only … reappeared if it is ≥ 10 mm"`,
    input: series(PRIMARY_AND_NODE, [{ d: [30, 20] }, { d: [0, 8] }, { d: [0, 9.5] }]),
    history: ['CR', 'CR'],
  },
  {
    name: 'after target CR with non-targets present (overall PR) a 3 mm regrowth is not automatic PD',
    item: 2,
    source: `${Q_REAPPEAR}: disappearing and reappearing lesions are PD only after an overall CR or when other criteria are met; ${T1}`,
    input: series(TWO, [
      { d: [30, 20], nt: 'present' },
      { d: [0, 0], nt: 'present' },
      { d: [3, 0], nt: 'present' },
    ]),
    history: ['PR', 'PR'],
  },
  {
    name: 'non-target lesions present again after an overall CR: PD',
    item: 2,
    source: `${Q_REAPPEAR} ("any malignant lesion"); ${Q_NODE} (non-target lesions)`,
    input: series(ONE, [
      { d: [30], nt: 'present' },
      { d: [0], nt: 'absent' },
      { d: [0], nt: 'present' },
    ]),
    history: ['CR', 'PD'],
    rule: 'reappearance-after-cr',
  },
  {
    name: 'without a prior CR a reappearing lesion only adds to the sum: 40+20 → 20+0 → 20+3 stays PR',
    item: 2,
    source: `${Q_REAPPEAR}: not PD unless other criteria are met (+15 % over the nadir is not ≥ 20 %)`,
    input: series(TWO, [{ d: [40, 20] }, { d: [20, 0] }, { d: [20, 3] }]),
    history: ['PR', 'PR'],
  },
  // ---- 3: a confirmed PR continues until progression ----------------------------------------------
  {
    name: 'sums 100 → 70 → 70 → 80 → 80 → 80 are PR at every time point',
    item: 3,
    source: `${Q_PR}: "TP response (R) PR PR PR PR PR"`,
    input: series(ONE, [{ d: [100] }, { d: [70] }, { d: [70] }, { d: [80] }, { d: [80] }, { d: [80] }]),
    history: ['PR', 'PR', 'PR', 'PR', 'PR'],
    rule: 'continuing-pr',
  },
  {
    name: 'sums 165 → 63 → 65: continued PR at week 16',
    item: 3,
    source: `${Q_SD}: "165 mm at baseline, 63 mm at week 8 and 65 mm at week 16 … continued partial response"`,
    input: series(ONE, [{ d: [165] }, { label: 'week 8', d: [63] }, { label: 'week 16', d: [65] }]),
    history: ['PR', 'PR'],
  },
  {
    name: 'a confirmed PR ends at PD over the nadir: 100 → 70 → 70 → 84 is PR, PR, PD',
    item: 3,
    source: `${Q_SD}: "continuing PR unless the criteria for PD are met"; RECIST 1.1 §4.3.1 (+20 % and +14 mm over 70)`,
    input: series(ONE, [{ d: [100] }, { d: [70] }, { d: [70] }, { d: [84] }]),
    history: ['PR', 'PR', 'PD'],
    rule: 'sum-progression',
  },
  {
    name: 'an unconfirmed PR does not continue: 100 → 70 → 80 is PR, SD',
    item: 3,
    source: `${Q_SD}: it is a confirmed PR that continues; RECIST 1.1 §4.3.1 (−20 % from baseline is SD)`,
    input: series(ONE, [{ d: [100] }, { d: [70] }, { d: [80] }]),
    history: ['PR', 'SD'],
    rule: 'stable-disease',
  },
  {
    name: 'a repeat PR only 14 days later does not confirm; 80 mm afterwards is SD',
    item: 3,
    source:
      'RECIST 1.1 §4.6.1: confirmation "no less than 4 weeks after the criteria for response are first met"',
    input: series(ONE, [
      { day: 0, d: [100] },
      { day: 56, d: [70] },
      { day: 70, d: [70] },
      { day: 112, d: [80] },
    ]),
    history: ['PR', 'PR', 'SD'],
  },
  {
    name: 'a repeat PR 28 days later confirms; 80 mm afterwards continues the PR',
    item: 3,
    source: `RECIST 1.1 §4.6.1 (4 weeks); ${Q_SD}`,
    input: series(ONE, [
      { day: 0, d: [100] },
      { day: 56, d: [70] },
      { day: 84, d: [70] },
      { day: 112, d: [80] },
    ]),
    history: ['PR', 'PR', 'PR'],
    rule: 'continuing-pr',
  },
  // ---- 4: missing measurements, NE, non-target states ---------------------------------------------
  {
    name: 'baseline 50 mm over three targets, two of them 80 mm at follow-up: PD whatever the third',
    item: 4,
    source:
      'RECIST 1.1 §4.4.2: "… only two lesions were assessed, but those gave a sum of 80 mm, the patient will have achieved PD status, regardless of the contribution of the missing lesion"',
    input: series(THREE, [{ d: [20, 15, 15] }, { d: [40, 40, null] }]),
    history: ['PD'],
    rule: 'progression-with-missing',
  },
  {
    name: 'one of three targets not measured and the rest not progressing: NE',
    item: 4,
    source: 'RECIST 1.1 §4.4.2: "If only a subset of lesion measurements are made … NE at that time point"',
    input: series(THREE, [{ d: [20, 15, 15] }, { d: [20, 15, null] }]),
    history: ['NE'],
    rule: 'not-evaluable',
  },
  {
    name: 'no target measured at all: NE',
    item: 4,
    source:
      'RECIST 1.1 §4.4.2: "When no imaging/measurement is done at all at a particular time point, the patient is not evaluable (NE)"',
    input: series(TWO, [{ d: [40, 20] }, { d: [null, null] }]),
    history: ['NE'],
  },
  {
    name: 'an NE time point leaves the nadir alone: 100 → 60 → NE → 71 is PR, NE, SD',
    item: 4,
    source: 'RECIST 1.1 §4.4.2 (NE) and §4.3.1 (71 is +18 % over the nadir 60 and −29 % from baseline)',
    input: series(ONE, [{ d: [100] }, { d: [60] }, { d: [null] }, { d: [71] }]),
    history: ['PR', 'NE', 'SD'],
  },
  {
    name: 'target CR with non-target lesions not evaluated: PR',
    item: 4,
    source: `${T1}: target CR, non-target "Not evaluated", no new lesion → PR`,
    input: series(TWO, [
      { d: [30, 20], nt: 'present' },
      { d: [0, 0], nt: 'not-evaluated' },
    ]),
    history: ['PR'],
    rule: 'cr-non-target-not-evaluated',
  },
  {
    name: 'target CR with non-target lesions present: PR',
    item: 4,
    source: `${T1}: target CR, non-target "Non-CR/non-PD" → PR`,
    input: series(TWO, [
      { d: [30, 20], nt: 'present' },
      { d: [0, 0], nt: 'present' },
    ]),
    history: ['PR'],
    rule: 'cr-non-target-present',
  },
  {
    name: 'target CR with non-target lesions gone: CR',
    item: 4,
    source: `${T1}: CR, CR, no new lesion → CR`,
    input: series(TWO, [
      { d: [30, 20], nt: 'present' },
      { d: [0, 0], nt: 'absent' },
    ]),
    history: ['CR'],
    rule: 'complete-response',
  },
  {
    name: 'target PR with non-target lesions not evaluated: PR',
    item: 4,
    source: `${T1}: PR, "Non-PD or not all evaluated" → PR`,
    input: series(TWO, [{ d: [30, 20] }, { d: [20, 10], nt: 'not-evaluated' }]),
    history: ['PR'],
  },
  {
    name: 'target SD with non-target lesions not evaluated: SD',
    item: 4,
    source: `${T1}: SD, "Non-PD or not all evaluated" → SD`,
    input: series(TWO, [{ d: [30, 20] }, { d: [28, 18], nt: 'not-evaluated' }]),
    history: ['SD'],
  },
  {
    name: 'targets not all evaluated, non-targets non-PD, no new lesion: NE',
    item: 4,
    source: `${T1}: "Not all evaluated", Non-PD, No → NE`,
    input: series(TWO, [
      { d: [30, 20], nt: 'present' },
      { d: [28, null], nt: 'present' },
    ]),
    history: ['NE'],
  },
  {
    name: 'unequivocal non-target progression with target SD: PD',
    item: 4,
    source: `${T1}: any target response, non-target PD → PD; RECIST 1.1 §4.3.3`,
    input: series(TWO, [
      { d: [30, 20], nt: 'present' },
      { d: [30, 20], nt: 'progression' },
    ]),
    history: ['PD'],
    rule: 'non-target-progression',
  },
  {
    name: 'a new lesion with target CR: PD',
    item: 4,
    source: `${T1}: any, any, new lesion "Yes" → PD; RECIST 1.1 §4.3.5`,
    input: series(TWO, [{ d: [30, 20] }, { d: [0, 0], newLesions: true }]),
    history: ['PD'],
    rule: 'new-lesion',
  },
  {
    name: 'a new lesion with one target not measured: PD (the missing one cannot change it)',
    item: 4,
    source: `${T1} (new lesion → PD whatever the targets); RECIST 1.1 §4.4.2`,
    input: series(TWO, [{ d: [30, 20] }, { d: [null, 10], newLesions: true }]),
    history: ['PD'],
  },
  // ---- 5: target selection limits and measurability -----------------------------------------------
  {
    name: 'five targets, at most two per organ (both lungs one organ, nodes one organ): accepted',
    item: 5,
    source: 'RECIST 1.1 §4.2 (5 in total, 2 per organ); Q&A "Paired organs"',
    input: series(
      [
        lesion('liver 1', 'liver'),
        lesion('liver 2', 'liver'),
        lesion('left lung', 'left lung'),
        lesion('right lung', 'right lung'),
        node('neck node'),
      ],
      [{ d: [30, 20, 15, 12, 16] }, { d: [20, 12, 10, 8, 10] }],
    ),
    history: ['PR'],
    nonStandard: 0,
  },
  {
    name: 'a sixth target is refused',
    item: 5,
    source: 'RECIST 1.1 §4.2: "a maximum of five lesions total"',
    input: series(
      ['liver', 'lung', 'bone', 'adrenal', 'spleen', 'kidney'].map((o) => lesion(o, o)),
      [{ d: [20, 20, 20, 20, 20, 20] }, { d: [20, 20, 20, 20, 20, 20] }],
    ),
    refused: /at most 5 target lesions.*"kidney" is the 6th/,
  },
  {
    name: 'a sixth target is accepted when the reader marks the assessment non-standard, and listed',
    item: 5,
    source: 'RECIST 1.1 §4.2 (the limit); this calculator records the departure as non-standard',
    input: series(
      ['liver', 'lung', 'bone', 'adrenal', 'spleen', 'kidney'].map((o) => lesion(o, o)),
      [{ d: [20, 20, 20, 20, 20, 20] }, { d: [10, 10, 10, 10, 10, 10] }],
      { nonStandard: true },
    ),
    history: ['PR'],
    nonStandard: 1,
  },
  {
    name: 'a seventh target is refused even for a non-standard assessment',
    item: 5,
    source: 'RECIST 1.1 §4.2: "a maximum of five lesions total"',
    input: series(
      ['liver', 'lung', 'bone', 'adrenal', 'spleen', 'kidney', 'brain'].map((o) => lesion(o, o)),
      [{ d: [20, 20, 20, 20, 20, 20, 20] }, { d: [20, 20, 20, 20, 20, 20, 20] }],
      { nonStandard: true },
    ),
    refused: /at most 5 target lesions; 7 were given/,
  },
  {
    name: 'a third target in one organ is refused',
    item: 5,
    source: 'RECIST 1.1 §4.2: "a maximum of two lesions per organ"',
    input: series(
      [lesion('liver 1', 'liver'), lesion('liver 2', 'Liver'), lesion('liver 3', 'liver')],
      [{ d: [30, 20, 15] }, { d: [30, 20, 15] }],
    ),
    refused: /at most 2 target lesions per organ; liver has 3/,
  },
  {
    name: 'left lung, right lung and lung are one organ: a third lung target is refused',
    item: 5,
    source: 'Q&A "Paired organs": "lung, kidney, ovaries, lymph nodes … are considered as 1 organ"',
    input: series(
      [lesion('a', 'left lung'), lesion('b', 'right lung'), lesion('c', 'lung')],
      [{ d: [30, 20, 15] }, { d: [30, 20, 15] }],
    ),
    refused: /per organ; lung has 3/,
  },
  {
    name: 'three nodes in three stations are one organ: refused',
    item: 5,
    source: 'Q&A "Two target lesions" / "Paired organs": "Nodes are considered to be one organ"',
    input: series(
      [node('neck', 'neck'), node('axilla', 'axilla'), node('groin', 'groin')],
      [{ d: [20, 20, 20] }, { d: [20, 20, 20] }],
    ),
    refused: /lymph nodes has 3/,
  },
  {
    name: 'a 9 mm lesion is not measurable at baseline: refused as a target',
    item: 5,
    source: 'RECIST 1.1 §3.1.1: measurable lesions are ≥ 10 mm (CT/MRI)',
    input: series(TWO, [{ d: [9, 20] }, { d: [9, 20] }]),
    refused: /"liver 1" is 9 mm, below the 10 mm minimum/,
  },
  {
    name: 'a 14 mm node is not a measurable target; 15 mm is',
    item: 5,
    source: 'RECIST 1.1 §3.1.1: a pathological node is measurable at ≥ 15 mm short axis',
    input: series(PRIMARY_AND_NODE, [{ d: [30, 14] }, { d: [30, 14] }]),
    refused: /"neck node" is 14 mm, below the minimum for a measurable node \(15 mm/,
  },
  {
    name: 'a 10 mm lesion and a 15 mm node are measurable (limits inclusive)',
    item: 5,
    source: 'RECIST 1.1 §3.1.1 ("≥ 10 mm", "≥ 15 mm")',
    input: series(PRIMARY_AND_NODE, [{ d: [10, 15] }, { d: [10, 15] }]),
    history: ['SD'],
    nonStandard: 0,
  },
  {
    name: 'a below-size target the reader insists on is accepted and marked non-standard',
    item: 5,
    source: 'RECIST 1.1 §3.1.1 (not measurable); recorded as a departure from the standard',
    input: series(TWO, [{ d: [8, 20] }, { d: [4, 10] }], { nonStandard: true }),
    history: ['PR'],
    nonStandard: 1,
  },
  // ---- 6: mRECIST -------------------------------------------------------------------------------------
  {
    name: 'mRECIST: a target that does not enhance in the arterial phase is refused',
    item: 6,
    source: `${MRECIST}: a target shows intratumoral arterial enhancement`,
    input: series(
      [lesion('segment 8', 'liver', { arterialEnhancement: false })],
      [{ d: [30] }, { d: [20] }],
      {
        criteria: 'mrecist',
      },
    ),
    refused: /does not enhance in the arterial phase/,
  },
  {
    name: 'mRECIST: an 8 mm enhancing lesion is not measurable',
    item: 6,
    source: `${MRECIST}: a target is RECIST-measurable (≥ 1 cm)`,
    input: series([enhancing('segment 8')], [{ d: [8] }, { d: [4] }], { criteria: 'mrecist' }),
    refused: /below the 10 mm minimum/,
  },
  {
    name: 'mRECIST: an 18 mm porta hepatis node is not malignant, so not a target',
    item: 6,
    source: `${MRECIST}: porta hepatis nodes count as malignant from 20 mm short axis (see the note in recist.ts)`,
    input: series(
      [enhancing('segment 8'), node('hilar node', 'porta hepatis')],
      [{ d: [40, 18] }, { d: [30, 18] }],
      {
        criteria: 'mrecist',
      },
    ),
    refused: /"hilar node" is 18 mm, below the minimum for a measurable porta hepatis node/,
  },
  {
    name: 'mRECIST: viable tumour gone and the porta hepatis node at 15 mm (below 20) is CR',
    item: 6,
    source: `${MRECIST}: CR = no arterial enhancement in any target; nodes malignant only from 20 mm`,
    input: series(
      [enhancing('segment 8'), node('hilar node', 'porta hepatis')],
      [{ d: [40, 25] }, { d: [0, 15] }],
      {
        criteria: 'mrecist',
      },
    ),
    history: ['CR'],
  },
  {
    name: 'mRECIST: +20 % over the viable nadir is PD even at +4 mm',
    item: 6,
    source: `${MRECIST}: PD = ≥ 20 % increase of the viable sum over the nadir (no 5 mm clause)`,
    input: series([enhancing('segment 8'), enhancing('segment 6')], [{ d: [10, 10] }, { d: [12, 12] }], {
      criteria: 'mrecist',
    }),
    history: ['PD'],
    rule: 'sum-progression',
  },
  {
    name: 'mRECIST: enhancement reappearing after CR is PD',
    item: 6,
    source: `${MRECIST}; ${Q_REAPPEAR}`,
    input: series(
      [enhancing('segment 8'), enhancing('segment 6')],
      [{ d: [30, 10] }, { d: [0, 0] }, { d: [3, 0] }],
      {
        criteria: 'mrecist',
      },
    ),
    history: ['CR', 'PD'],
  },
  {
    name: 'mRECIST: viable sum 100 → 70 is PR, 70.1 is SD',
    item: 6,
    source: `${MRECIST}: PR = ≥ 30 % decrease of the viable sum from baseline`,
    input: series(
      [enhancing('segment 8'), enhancing('segment 6')],
      [{ d: [60, 40] }, { d: [50, 20] }, { d: [50, 20.1] }],
      {
        criteria: 'mrecist',
      },
    ),
    history: ['PR', 'SD'],
  },
  // ---- 7: best overall response with confirmation -------------------------------------------------
  {
    name: 'PR, PR 28 days later: best overall response PR (confirmed)',
    item: 7,
    source: `${T3}: PR, PR → PR; RECIST 1.1 §4.6.1`,
    input: series(
      ONE,
      [
        { day: 0, d: [100] },
        { day: 56, d: [60] },
        { day: 84, d: [60] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'PR'],
    response: 'PR',
    rule: 'bor-confirmed-pr',
  },
  {
    name: 'CR, CR 28 days later: best overall response CR',
    item: 7,
    source: `${T3}: CR, CR → CR`,
    input: series(
      ONE,
      [
        { day: 0, d: [40] },
        { day: 56, d: [0] },
        { day: 84, d: [0] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    response: 'CR',
    rule: 'bor-confirmed-cr',
  },
  {
    name: 'PR, CR: best overall response PR',
    item: 7,
    source: `${T3}: PR, CR → PR`,
    input: series(
      ONE,
      [
        { day: 0, d: [40] },
        { day: 56, d: [20] },
        { day: 84, d: [0] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'CR'],
    response: 'PR',
  },
  {
    name: 'PR, SD: best overall response SD',
    item: 7,
    source: `${T3}: PR, SD → SD`,
    input: series(
      ONE,
      [
        { day: 0, d: [100] },
        { day: 56, d: [68] },
        { day: 112, d: [75] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'SD'],
    response: 'SD',
    rule: 'bor-stable',
  },
  {
    name: 'PR at day 56, PD at day 84: SD (the minimum SD interval of 42 days was met)',
    item: 7,
    source: `${T3}: PR, PD → "SD provided minimum criteria for SD duration met"`,
    input: series(
      ONE,
      [
        { day: 0, d: [100] },
        { day: 56, d: [60] },
        { day: 84, d: [80] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'PD'],
    response: 'SD',
  },
  {
    name: 'PR at day 28, PD at day 56: PD (minimum SD interval not met)',
    item: 7,
    source: `${T3}: PR, PD → SD … "otherwise, PD"; RECIST 1.1 §4.6.3`,
    input: series(
      ONE,
      [
        { day: 0, d: [100] },
        { day: 28, d: [60] },
        { day: 56, d: [80] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'PD'],
    response: 'PD',
    rule: 'bor-progression',
  },
  {
    name: 'PR at day 56, then NE: SD',
    item: 7,
    source: `${T3}: PR, NE → "SD provided minimum criteria for SD duration met"`,
    input: series(
      TWO,
      [
        { day: 0, d: [60, 40] },
        { day: 56, d: [40, 20] },
        { day: 84, d: [null, 20] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'NE'],
    response: 'SD',
  },
  {
    name: 'PR at day 28, then NE: NE',
    item: 7,
    source: `${T3}: PR, NE → SD … "otherwise NE"`,
    input: series(
      TWO,
      [
        { day: 0, d: [60, 40] },
        { day: 28, d: [40, 20] },
        { day: 56, d: [null, 20] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'NE'],
    response: 'NE',
    rule: 'bor-not-evaluable',
  },
  {
    name: 'NE, NE: NE',
    item: 7,
    source: `${T3}: NE, NE → NE`,
    input: series(
      TWO,
      [
        { day: 0, d: [60, 40] },
        { day: 56, d: [null, 20] },
        { day: 84, d: [40, null] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['NE', 'NE'],
    response: 'NE',
  },
  {
    name: 'the same patient: PD at the last follow-up, best overall response PR (confirmed before)',
    item: 7,
    source: `${T3} (PR confirmed, then PD); RECIST 1.1 §4.3.1 (100 is +67 % over the nadir 60)`,
    input: series(
      ONE,
      [
        { day: 0, d: [100] },
        { day: 56, d: [60] },
        { day: 84, d: [65] },
        { day: 112, d: [100] },
      ],
      {
        definition: 'best-overall-confirmed',
      },
    ),
    history: ['PR', 'PR', 'PD'],
    response: 'PR',
  },
  {
    name: 'the same patient under the study rule: PD at the last follow-up',
    item: 7,
    source: 'RECIST 1.1 §4.3.1: ≥ 20 % and ≥ 5 mm over the nadir (the label is the last follow-up)',
    input: series(ONE, [
      { day: 0, d: [100] },
      { day: 56, d: [60] },
      { day: 84, d: [65] },
      { day: 112, d: [100] },
    ]),
    history: ['PR', 'PR', 'PD'],
    response: 'PD',
  },
  // ---- 8: explanations that show the decision; thresholds ---------------------------------------
  {
    name: 'sum 70.04 mm from 100 mm is SD, shown as −29.96 %, never −30.0 %',
    item: 8,
    source: 'RECIST 1.1 §4.3.1: PR needs "at least a 30 % decrease"',
    input: series(TWO, [{ d: [60, 40] }, { d: [40, 30.04] }]),
    history: ['SD'],
    explanationHas: ['70.04 mm', '−29.96%'],
    explanationLacks: ['−30.0%', 'sum 70 mm'],
  },
  {
    name: 'nadir 50 → 59.98 mm is +19.96 %: SD, never shown as +20.0 %',
    item: 8,
    source: 'RECIST 1.1 §4.3.1: PD needs "at least a 20 % increase"',
    input: series(ONE, [{ d: [50] }, { d: [59.98] }]),
    history: ['SD'],
    explanationHas: ['59.98 mm', '+19.96%'],
    explanationLacks: ['+20.0%'],
  },
  {
    name: 'exactly −30 % from 0.1 mm readings is PR: 61 → 42.7',
    item: 8,
    source: 'RECIST 1.1 §4.3.1: "at least a 30 % decrease"',
    input: series(TWO, [{ d: [35.5, 25.5] }, { d: [24.2, 18.5] }]),
    history: ['PR'],
    explanationHas: ['42.7 mm', '−30.0%'],
  },
  {
    name: '+20 % and exactly +5 mm over the nadir is PD; +20 % with +4 mm is SD',
    item: 8,
    source: 'RECIST 1.1 §4.3.1: "an absolute increase of at least 5 mm"',
    input: series(TWO, [{ d: [15, 10] }, { d: [18, 12] }]),
    history: ['PD'],
    explanationHas: ['+20.0%', '+5 mm'],
  },
  {
    name: '+20 % but only +4 mm over the nadir is SD and says so',
    item: 8,
    source:
      'RECIST 1.1 §4.3.1: "In addition to the relative increase of 20 %, the sum must also demonstrate an absolute increase of at least 5 mm"',
    input: series(TWO, [{ d: [10, 10] }, { d: [12, 12] }]),
    history: ['SD'],
    explanationHas: ['+20.0%', '+4 mm', 'under the 5 mm minimum'],
  },
  {
    name: 'progression is measured from the nadir: 100 → 60 → 72 is PD while still −28 % from baseline',
    item: 8,
    source: 'RECIST 1.1 §4.3.1: "taking as reference the smallest sum on study"',
    input: series(TWO, [
      { d: [60, 40] },
      { label: 'week 8', d: [40, 20] },
      { label: 'week 16', d: [45, 27] },
    ]),
    history: ['PR', 'PD'],
    explanationHas: ['from nadir 60 mm (week 8)'],
  },
  {
    name: 'a lesion too small to measure, recorded as 5 mm, keeps a PR (not CR)',
    item: 8,
    source:
      'Q&A "Lesions less than 5 mm": "If you cannot measure, then record it as 5 mm"; RECIST 1.1 §4.3.2',
    input: series(ONE, [{ d: [30] }, { d: [5] }]),
    history: ['PR'],
  },
  {
    name: 'a target node of exactly 10 mm is not normal: PR, not CR',
    item: 8,
    source: 'RECIST 1.1 §4.3.1: CR needs every target node "< 10 mm" short axis',
    input: series(PRIMARY_AND_NODE, [{ d: [30, 20] }, { d: [0, 10] }]),
    history: ['PR'],
  },
  {
    name: 'once PD is documented the next time point stays PD',
    item: 8,
    source: 'RECIST 1.1 §4.4.3 (best response recorded until progression); see the rule text',
    input: series(ONE, [{ d: [50] }, { d: [70] }, { d: [30] }]),
    history: ['PD', 'PD'],
    rule: 'after-progression',
  },
];

/** Diameters as typed in the form or a label CSV: plain decimal numbers only. */
export const DIAMETER_TEXT_CASES: { text: string; value?: number; refused?: RegExp }[] = [
  { text: '12', value: 12 },
  { text: ' 42.5 ', value: 42.5 },
  { text: '.5', value: 0.5 },
  { text: '0', value: 0 },
  { text: '0x1E', refused: /not a plain decimal number/ },
  { text: '1e1', refused: /not a plain decimal number/ },
  { text: '12,5', refused: /decimal comma: write 12.5/ },
  { text: '-3', refused: /negative/ },
  { text: 'Infinity', refused: /not a plain decimal number/ },
  { text: '', refused: /empty/ },
];
