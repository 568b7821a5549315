import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fitFromReference, table1FromReference, type ReferenceJson } from '../../shared/charts/referenceFit';
import { fitPipeline } from '../../shared/modeling/pipeline';
import { mulberry32 } from '../../shared/modeling/split';
import { parseFeatureTable } from '../../shared/modeling/table';
import {
  getOrCreateFeatureSet,
  insertModelVersion,
  openStore,
  setClinicalVariables,
  setResponse,
  upsertPatient,
} from '../store/index';
import { clinicalTable1Rows } from '../../shared/charts/table1';
import { main } from '../cli/index';
import { renderReport, reportInputFromFile, reportInputFromStore, type ReportContext } from './report';

const REF_DIR = new URL('../../../shared/fixtures/modeling/ref/', import.meta.url);
const refPath = new URL('a_paper.json', REF_DIR);
const raw = JSON.parse(readFileSync(refPath, 'utf8')) as ReferenceJson & {
  table1: { columns: string[]; stats: never };
};
const fit = fitFromReference(raw, readFileSync(new URL('a_paper_path.csv', REF_DIR), 'utf8'));
const ctx: ReportContext = {
  softwareVersion: '0.1.0',
  createdAt: '2026-11-26T20:00:00.000Z',
  modelName: 'paper pipeline',
  extraction: {
    profile: 'ak',
    preset: 'paper',
    settings: { discretisation: { binCount: 32 } },
    featureSetId: 1,
  },
  table1: table1FromReference(raw.table1),
};
const html = renderReport(fit, ctx);
const tmp = mkdtempSync(join(tmpdir(), 'radscore-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('renderReport on the R reference fit (a_paper)', () => {
  it('holds every chart as inline <svg> with its axis labels', () => {
    const svgs = html.match(/<svg\b/g) ?? [];
    expect(svgs).toHaveLength(9);
    for (const id of [
      'lasso-path',
      'lasso-cv',
      'lasso-coefficients',
      'roc',
      'calibration',
      'waterfall-train',
      'waterfall-validation',
      'decision-curve-train',
      'decision-curve-validation',
    ]) {
      const fig = html.match(new RegExp(`<figure id="fig-${id}">([\\s\\S]*?)</figure>`));
      expect(fig, id).not.toBeNull();
      expect(fig![1], id).toContain('<svg');
      // Plot writes each axis label into a group labelled "x-axis label" / "y-axis label"; the waterfall draws its own x label.
      expect(fig![1], id).toMatch(/aria-label="y-axis label"><text[^>]*>[^<]+</);
      if (!id.startsWith('waterfall'))
        expect(fig![1], id).toMatch(/aria-label="x-axis label"><text[^>]*>[^<]+</);
      else expect(fig![1]).toContain('Patients sorted by Rad-score');
    }
  });
  it('prints the AUCs with their DeLong CIs as R computed them', () => {
    // R: train 0.9347 [0.8863, 0.9832], validation 0.7846 [0.6512, 0.9181] (fixtures/modeling/README.md).
    expect(html).toContain('0.935 (95% CI 0.886–0.983)');
    expect(html).toContain('0.785 (95% CI 0.651–0.918)');
    expect(html).toContain('Hosmer–Lemeshow p = 0.428');
    // R roc.test, validation: glm 0.785 vs −f362 0.687, Z 1.172, p 0.241.
    expect(html).toContain(
      '<td>Model vs single feature f362</td><td>Validation</td><td class="num">0.785</td><td class="num">0.687</td><td class="num">1.172</td><td class="num">0.241</td>',
    );
    for (const s of [
      'Cohort and outcome',
      'Feature extraction',
      'Preprocessing',
      'Rad-score formula',
      'Performance',
      'Table 1',
      'TRIPOD',
    ])
      expect(html).toContain(s);
    expect(html).toContain('CR + PR');
    expect(html).toContain('&quot;binCount&quot;: 32');
    // The formula carries the refit coefficients at full precision.
    expect(html).toContain('Rad-score = -0.42114427');
    expect(html).toContain('1.2585876 × z(f334)');
    expect(html).toContain('<td>Outliers replaced (training)</td><td>269</td>'); // outliers replaced in training (R: total_outliers_train)
  });
  it('is self-contained: no URLs, no scripts, no external references', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html.match(/href="([^"]*)"/g)!.every((h) => h.startsWith('href="#'))).toBe(true);
  });
  it('is stable: same input, same bytes, and no time but the stored one', () => {
    expect(renderReport(fit, ctx)).toBe(html);
    const times = html.match(/\d{4}-\d\d-\d\dT\d\d:\d\d/g) ?? [];
    expect(new Set(times)).toEqual(new Set(['2026-11-26T20:00']));
  });
});

describe('renderReport on a real fit document (fitPipeline on cases/a_paper.csv)', () => {
  it('shows the same figures as the R reference and every chart', () => {
    const table = parseFeatureTable(readFileSync(new URL('../cases/a_paper.csv', REF_DIR), 'utf8'));
    const doc = fitPipeline(table, { softwareVersion: '0.1.0' });
    const real = renderReport(
      { ...doc, model_id: 7 },
      { softwareVersion: '0.1.0', createdAt: '2026-11-26T21:00:00.000Z' },
    );
    expect(real.match(/<svg\b/g)).toHaveLength(9);
    expect(real).not.toContain('Not drawn');
    expect(real).toContain('0.935 (95% CI 0.886–0.983)');
    expect(real).toContain('0.785 (95% CI 0.651–0.918)');
    expect(real).toContain('Rad-score model 7');
    // Table 1 comes from the document's own table1 (first 5 features + first 3 selected).
    expect(real).toContain('id="table1"');
    expect(real).toContain('<h3>Radiomic features</h3>');
    expect(real).not.toContain('<h3>Clinical variables</h3>');
    expect(real).toContain('&quot;lambda&quot;: &quot;min&quot;');
    expect(
      renderReport(
        { ...doc, model_id: 7 },
        { softwareVersion: '0.1.0', createdAt: '2026-11-26T21:00:00.000Z' },
      ),
    ).toBe(real);
  });
});

describe('warnings', () => {
  it('flags a refit that did not converge (e_hard: separation) and shows none for a_paper', async () => {
    expect(html).not.toContain('id="warnings"');
    const hard = await reportInputFromFile(new URL('e_hard.json', REF_DIR).pathname);
    const out = renderReport(hard.fit, hard.context);
    expect(out).toContain('id="warnings"');
    expect(out).toContain('did not converge');
    expect(out).toContain('fitted probabilities numerically 0 or 1 occurred');
    expect(out).toContain('f002, f004'); // dropped constant columns
  });

  it('an aliased refit term (R: NA) reads "NA (aliased)", is left out of the formula and named in the warnings', () => {
    // f6 is an exact copy of f0 and the LASSO keeps both (shared/modeling/glm.test.ts builds the same table)
    const rnd = mulberry32(1);
    const g = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-300))) * Math.cos(2 * Math.PI * rnd());
    const cols = Array.from({ length: 6 }, () => Array.from({ length: 24 }, g));
    cols.push([...cols[0]]);
    const y = Array.from({ length: 24 }, (_, i) =>
      rnd() < 1 / (1 + Math.exp(-(2 * cols[0][i] - cols[1][i]))) ? 1 : 0,
    );
    const doc = fitPipeline(
      {
        ids: y.map((_, i) => `p${i}`),
        y,
        split: null,
        foldid: null,
        features: cols.map((_, j) => `f${j}`),
        columns: cols.map((c) => Float64Array.from(c)),
      },
      { folds: 3, trainFraction: 0.75 },
    );
    expect(doc.glm.aliased).toEqual(['f6']);
    const out = renderReport(
      { ...doc, model_id: 3 },
      { softwareVersion: '0.1.0', createdAt: '2026-11-26T22:00:00.000Z' },
    );
    expect(out).toMatch(/<code>f6<\/code><\/td><td[^>]*>NA \(aliased\)<\/td><td[^>]*>NA<\/td><td[^>]*>NA</);
    expect(out).toContain('not in the Rad-score, collinear with the terms above: f6');
    expect(out).not.toMatch(/z\(f6\)/);
    expect(out).toContain('not defined because of singularities (aliased: f6)');
  });
});

describe('report inputs', () => {
  it('reads an R reference file with its path CSV', async () => {
    const input = await reportInputFromFile(refPath.pathname);
    expect(input.fit.lasso.path?.beta).toHaveLength(100);
    expect(input.context.createdAt).toBeNull();
  });
  it('reads a stored model version with its extraction settings, and the CLI writes it', async () => {
    const dbPath = join(tmp, 'db.sqlite');
    const store = openStore(dbPath);
    const set = getOrCreateFeatureSet(store, { preset: 'paper', binWidth: 25 }, 'ak');
    for (const [pid, response] of [
      ['P0001', 'SD'],
      ['P0002', 'CR'],
      ['P0004', 'PR'],
    ] as const) {
      setResponse(store, { patientRowId: upsertPatient(store, { patientId: pid }).id, response });
    }
    // Clinical variables of every training patient (and one validation patient, who must not count).
    const training = fit.scores.filter((s) => s.split === 'train');
    const clinicalOf = (i: number, y: number) => ({
      age: 50 + (i % 7) + 4 * y,
      sex: i % 3 === 0 ? 'M' : 'F',
      ecog: i % 4 === 0 ? null : i % 2,
    });
    training.forEach((s, i) =>
      setClinicalVariables(store, upsertPatient(store, { patientId: s.id }).id, clinicalOf(i, s.y)),
    );
    const validationPatient = fit.scores.find((s) => s.split === 'validation')!;
    setClinicalVariables(store, upsertPatient(store, { patientId: validationPatient.id }).id, {
      age: 1000,
      sex: 'X',
      ecog: 3,
    });
    const id = insertModelVersion(store, {
      name: 'v1',
      softwareVersion: '9.9.9',
      featureSetId: set.id,
      document: fit as unknown as Record<string, unknown>,
      settings: { split_seed: 7 },
    });
    const input = reportInputFromStore(store, id);
    expect(() => reportInputFromStore(store, id + 1)).toThrow(/no model version/);
    store.close();
    expect(input.fit.model_id).toBe(id);
    expect(input.context.clinicalTable1).toEqual(
      clinicalTable1Rows(training.map((s, i) => ({ y: s.y, clinical: clinicalOf(i, s.y) }))),
    );
    expect(input.context.clinicalTable1!.map((r) => [r.variable, r.test])).toEqual([
      ['age', 'Welch t-test'],
      ['sex', "χ² test (Yates' correction)"],
      ['ecog', "χ² test (Yates' correction)"],
    ]);
    expect(input.context).toMatchObject({
      softwareVersion: '9.9.9',
      modelName: 'v1',
      extraction: { profile: 'ak', preset: 'paper' },
      fitSettings: { split_seed: 7 },
    });
    const out = join(tmp, 'r.html');
    const write = process.stdout.write;
    let stdout = '';
    process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
    try {
      expect(
        await main(['report', '--model', String(id), '--out', out, '--db', dbPath, '--json', '--quiet']),
      ).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(JSON.parse(stdout)).toEqual({ path: out });
    const written = readFileSync(out, 'utf8');
    expect(written).toContain(`Rad-score model ${id} — v1`);
    expect(written).toContain('Radscore Studio 9.9.9');
    expect(written).toContain('(current labels): CR 1, PR 1, SD 1, PD 0.');
    expect(written).toContain('<h3>Clinical variables</h3>');
    expect(written).toMatch(/<td>ecog<\/td><td>0\s\d+\s\(\d+%\), 1\s\d+\s\(\d+%\); missing \d+<\/td>/);
    expect(written).not.toContain('X 1');
  });
});
