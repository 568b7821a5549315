/**
 * The fit document's schema against what fitPipeline writes for the modelling fixtures: a document read
 * back from its JSON text parses to the in-memory document (NaN and ±∞ included) and prints the same text
 * again — so `radscore model` prints a stored version exactly as `fit` printed it — and the chart view
 * accepts it and names the first bad field of a broken one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapOptimism } from './bootstrap';
import { parseChartFit, parseFitDocument, type FitDocument } from './fitDocument';
import { fitPipeline } from './pipeline';
import { parseFeatureTable } from './table';

const FIXTURES = new URL('../../../shared/fixtures/modeling/', import.meta.url);
const fitCase = (name: string): FitDocument =>
  fitPipeline(parseFeatureTable(readFileSync(new URL(`cases/${name}.csv`, FIXTURES), 'utf8')));

describe.each(['a_paper', 'd_tiny', 'e_hard'])('the fit document of %s', (name) => {
  const doc = fitCase(name);
  const text = JSON.stringify(doc);

  it('parses from its JSON text back to the document, and prints the same text', () => {
    const parsed = parseFitDocument(JSON.parse(text));
    expect(JSON.stringify(parsed)).toBe(text);
    // JSON keeps NaN as null; the schema reads it back as NaN, as the pipeline wrote it.
    expect(parsed.train.hosmer_lemeshow_p).toEqual(doc.train.hosmer_lemeshow_p);
    expect(parsed.validation?.threshold).toEqual(doc.validation?.threshold);
  });

  it('is a chart fit, in memory and from JSON', () => {
    expect(parseChartFit(doc).selected).toEqual(doc.selected);
    expect(parseChartFit(JSON.parse(text)).scores).toHaveLength(doc.scores.length);
  });
});

describe('non-finite statistics and broken documents', () => {
  const doc = fitCase('e_hard');

  it('reads an end-of-curve Youden threshold (±∞, null in JSON) back from the operating point', () => {
    const atEnd: FitDocument = {
      ...doc,
      train: { ...doc.train, threshold: -Infinity, sensitivity: 1, specificity: 0 },
      validation: doc.validation && {
        ...doc.validation,
        threshold: Infinity,
        sensitivity: 0,
        specificity: 1,
      },
    };
    const stored = JSON.parse(JSON.stringify(atEnd)) as { train: { threshold: unknown } };
    expect(stored.train.threshold).toBeNull();
    const back = parseFitDocument(stored);
    expect(back.train.threshold).toBe(-Infinity);
    expect(back.validation).not.toBeNull();
    expect(back.validation?.threshold).toBe(Infinity);
    expect(parseChartFit(stored).train.threshold).toBe(-Infinity);
    expect(stored.train.threshold).toBeNull(); // the input is not touched
  });

  it('names the first missing or malformed field', () => {
    expect(() => parseFitDocument({ ...doc, glm: { ...doc.glm, aliased: 'x' } })).toThrow(
      /^fit document: glm\.aliased must be an array of feature names$/,
    );
    expect(() => parseChartFit({ ...doc, scores: [{ ...doc.scores[0], y: 'one' }] })).toThrow(
      /^fit document: scores\[0\]\.y must be a number$/,
    );
    expect(() => parseChartFit(null)).toThrow(/^fit document: \(root\) must be an object$/);
  });
});

describe('the optional blocks', () => {
  it('clinical_table1 and internal_validation read back from JSON and print the same text', () => {
    const csv = readFileSync(new URL('testdata/clinical_npc_cohort.csv', import.meta.url), 'utf8');
    const clinical = 'age,sex,t_stage,n_stage,clinical_stage,histology,smoking,ebv_dna,family_history'.split(
      ',',
    );
    const table = parseFeatureTable(csv, { clinical });
    const doc = fitPipeline(table);
    doc.internal_validation = bootstrapOptimism(table, doc, { B: 3, seed: 7 });
    const text = JSON.stringify(doc);
    const parsed = parseFitDocument(JSON.parse(text));
    expect(JSON.stringify(parsed)).toBe(text);
    expect(parsed.clinical_table1?.groups[0].rows.map((r) => r.variable)).toEqual(clinical);
    expect(parsed.internal_validation?.B).toBe(3);
    expect(parseChartFit(JSON.parse(text)).internal_validation?.method).toBe('bootstrap_optimism');
  });
});
