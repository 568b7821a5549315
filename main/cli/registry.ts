/**
 * Every CLI command, in help order: its name, usage and summary (what `radscore help` prints without loading
 * any command), and how to load it. Add a command: write main/cli/commands/<name>.ts exporting a CliCommand
 * and add one entry here. A command that writes --out FILE calls ctx.writeOutput(data) (main/io/outputPath.ts:
 * never the database or its side files, never an existing file unless --force). `createsDatabase`: the command may create the --db file (others refuse a path
 * that does not exist, unless --create).
 */
import type { CommandEntry } from './command';

export const commands: CommandEntry[] = [
  {
    name: 'demo',
    usage:
      'demo [--out DIR [--force]] [--patients N] [--workers N] [--matrix N] [--slices N] [--seed S] [--db PATH] [--json]',
    summary:
      'Write the synthetic NPC cohort (DICOM + RTSTRUCT + labels.csv + clinical.csv; default --out: a new temp folder), import it into a fresh database ' +
      '(default: radscore-demo.sqlite in --out; $RADSCORE_DB is not used), extract the paper profile, fit, store the model, write the report.',
    createsDatabase: true,
    load: async () => (await import('./commands/demo')).demoCommand,
  },
  {
    name: 'import',
    usage: 'import <folder>… [--db PATH] [--json]',
    summary:
      'Scan folders (any nesting) for DICOM; store patients, studies, series, instances and RTSTRUCT/SEG ROIs.',
    createsDatabase: true,
    load: async () => (await import('./commands/import')).importCommand,
  },
  {
    name: 'labels',
    usage: 'labels <csv> [--overwrite] [--db PATH] [--json]',
    summary:
      'Set response labels from a CSV: patient_id,response[,timepoint,assessor], response ∈ CR/PR/SD/PD; all rows or none. A label that differs from a stored one is a conflict: listed, nothing changed unless --overwrite.',
    load: async () => (await import('./commands/labels')).labelsCommand,
  },
  {
    name: 'clinical',
    usage: 'clinical <csv> [--overwrite] [--db PATH] [--json]',
    summary:
      'Set clinical variables from a CSV: patient_id,<variables…> (numbers stored as numbers); all rows or none. A value that differs from a stored one is a conflict: listed, nothing changed unless --overwrite.',
    load: async () => (await import('./commands/clinical')).clinicalCommand,
  },
  {
    name: 'patients',
    usage: 'patients [--db PATH] [--json]',
    summary: 'List patients with the status of each step: images, ROIs, response label, features.',
    load: async () => (await import('./commands/patients')).patientsCommand,
  },
  {
    name: 'extract',
    usage:
      'extract [--profile P] [--preset NAME] [--settings FILE] [--roi NAME] [--workers N] [--db PATH] [--json]',
    summary: 'Compute features (worker pool) for every ROI that has none for these settings; resumable.',
    load: async () => (await import('./commands/extract')).extractCommand,
  },
  {
    name: 'export-features',
    usage: 'export-features [--feature-set N] --out FILE.csv [--force] [--deidentify] [--db PATH] [--json]',
    summary:
      'Write a feature set (default: the newest) as CSV: patient_id,series_uid,roi, then one column per feature. --deidentify: study codes (SUBJ-001 …, mapping kept in the database), remapped UIDs.',
    load: async () => (await import('./commands/export-features')).exportFeaturesCommand,
  },
  {
    name: 'export-roi',
    usage:
      'export-roi --roi-id N[,M…] --format seg|rtstruct --out FILE [--force] [--deidentify] [--db PATH] [--json]',
    summary:
      'Write stored ROIs of one series as one DICOM SEG (a segment each) or RTSTRUCT (a structure each) referencing their image series (re-imports to the same voxels). --deidentify: study code, shifted dates, remapped UIDs, scrubbed names (PS3.15 basic profile).',
    load: async () => (await import('./commands/export-roi')).exportRoiCommand,
  },
  {
    name: 'export-sr',
    usage:
      'export-sr --feature-set N --patient P --out FILE.dcm [--force] [--deidentify] [--db PATH] [--json]',
    summary:
      "Write a patient's features of one feature set as a DICOM SR Measurement Report (TID 1500): one measurement group per ROI, IBSI codes, UCUM units, the extraction settings; the ROIs go beside it as a DICOM SEG (FILE.seg.dcm) that the SR references. Refuses to replace files unless --force. --deidentify: study code, shifted dates, remapped UIDs, scrubbed text (PS3.15).",
    load: async () => (await import('./commands/export-sr')).exportSrCommand,
  },
  {
    name: 'features',
    usage:
      'features --image I --mask M [--roi NAME] [--profile P] [--preset NAME] [--settings FILE] [--spacing X,Y,Z] [--series UID] [--json]',
    summary:
      'Features of one image (DICOM folder, .nii/.nii.gz, .nrrd) and mask (RTSTRUCT, SEG, .nii/.nii.gz, .nrrd); no database.',
    load: async () => (await import('./commands/features')).featuresCommand,
  },
  {
    name: 'fit',
    usage:
      'fit [--feature-set N] [--split-seed S] [--train-fraction F] [--folds K] [--fold-seed S] [--lambda min|1se] [--name T] [--roi NAME] [--timepoint T] [--db PATH] [--json]',
    summary:
      'LASSO + logistic Rad-score model on the labelled patients of a feature set (default: the newest; one ROI per patient, the largest); stores a model version and prints its fit document.',
    load: async () => (await import('./commands/fit')).fitCommand,
  },
  {
    name: 'models',
    usage: 'models [--db PATH] [--json]',
    summary:
      'List the stored model versions (with their "not for use" mark); --json prints their stored fit documents, each with a `stored` block (name, time, feature set, software version, not_for_use).',
    load: async () => (await import('./commands/models')).modelsCommand,
  },
  {
    name: 'model',
    usage: 'model <id> [--db PATH] [--json]',
    summary: 'Show a stored model version (its fit document).',
    load: async () => (await import('./commands/model')).modelCommand,
  },
  {
    name: 'predict',
    usage:
      'predict --model ID (--patient P | --image I --mask M [--roi R]) [--allow-not-for-use] [--db PATH] [--json]',
    summary:
      'Rad-score and probability of an effective response (CR/PR) from a stored model: a patient in the database, or an image (DICOM folder/.nii/.nrrd) + mask (RTSTRUCT/SEG/label map). A model marked "not for use" (fit did not converge, separation, one-class validation) is refused unless --allow-not-for-use; the result then carries the mark.',
    load: async () => (await import('./commands/predict')).predictCommand,
  },
  {
    name: 'report',
    usage:
      'report (--model ID | --fit FILE.json) --out FILE.html [--force] [--deidentify] [--db PATH] [--json]',
    summary:
      'Write one self-contained HTML report (charts, formula, performance, TRIPOD map) for a stored model version or a fit document file.',
    load: async () => (await import('./commands/report')).reportCommand,
  },
  {
    name: 'fit-table',
    usage:
      'fit-table <csv> [--id C] [--outcome C] [--split C] [--foldid C] [--lambda min|1se] [--folds K] [--fold-seed S] [--split-seed S] [--train-fraction F] [--clinical C1,C2[:categorical|:continuous],… [--t-test student|welch] [--yates on|off]] [--bootstrap B [--bootstrap-seed S] [--workers N]] [--json]',
    summary:
      'The LASSO + logistic Rad-score pipeline on a feature table (columns id, y, split, foldid, features…); prints the fit document.',
    load: async () => (await import('./commands/fit-table')).fitTableCommand,
  },
  {
    name: 'icc',
    usage: 'icc <csv> --id C --rater C [--json]',
    summary:
      'ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k (with F, df, p and 95 % bounds, as psych::ICC) of every numeric column of a long table (one row per subject × rater; --id and --rater default to id and rater); subjects missing a rater are left out of that feature and named.',
    load: async () => (await import('./commands/icc')).iccCommand,
  },
  {
    name: 'combat',
    usage:
      'combat <csv> --batch C [--covariates a,b] [--passthrough c,d] [--nonparametric] [--mean-only] [--ref-batch B] [--id C] --out FILE.csv [--force] [--json]',
    summary:
      'ComBat harmonisation as sva::ComBat (parametric or non-parametric empirical Bayes, mean only, reference batch, numeric covariates) of every feature column (all but id, batch, covariates, passthrough, y, split, foldid); writes the same columns and rows.',
    load: async () => (await import('./commands/combat')).combatCommand,
  },
  {
    name: 'audit',
    usage: 'audit verify [--db PATH] [--json]',
    summary:
      "Check the audit log's hash chain (every label, clinical and ROI change, in order); prints {rows, ok, first_bad}, exit 1 when it breaks.",
    load: async () => (await import('./commands/audit')).auditCommand,
  },
];
