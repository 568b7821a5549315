import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const STS = join(ROOT, '../shared/data/mr-series-sts001-t1');
const dir = mkdtempSync(join(tmpdir(), 'radscore-cli-'));
const db = join(dir, 'db.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let built = false;
/** The package's `radscore` (bin/radscore.js rebuilds the bundle) the first time, then the built bundle. */
function radscore(...args: string[]) {
  const argv = built
    ? [
        '--input-type=module',
        '-e',
        `import(${JSON.stringify(join(ROOT, 'out/main/cli.js'))}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`,
      ]
    : [join(ROOT, 'bin/radscore.js'), ...args];
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  built = true;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('radscore import / labels / clinical / patients (spawned CLI)', () => {
  it('import --json prints exactly one JSON document, progress on stderr; a rerun adds nothing', () => {
    const first = radscore('import', STS, '--json', '--db', db);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      files: 64,
      patients: 1,
      studies: 1,
      series: 1,
      instances: 59,
      rois: 1,
    });
    expect(first.stderr).toMatch(/\[64\/64\] files/);
    const again = radscore('import', STS, '--json', '--db', db);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      patients: 0,
      studies: 0,
      series: 0,
      instances: 0,
      rois: 0,
    });
  });

  it('labels: a bad file exits non-zero with a one-line reason and {updated: 0, errors} on stdout, changing nothing', () => {
    writeFileSync(join(dir, 'bad.csv'), 'patient_id,response\nSTS_001,XX\n');
    const bad = radscore('labels', join(dir, 'bad.csv'), '--json', '--db', db);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      updated: 0,
      unchanged: 0,
      conflicts: [],
      confirm_token: null,
      errors: [{ line: 2, message: 'response "XX" is not one of CR, PR, SD, PD' }],
    });
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);

    writeFileSync(join(dir, 'good.csv'), 'patient_id,response\nSTS_001,cr\n');
    const good = radscore('labels', join(dir, 'good.csv'), '--json', '--db', db);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ updated: 1, errors: [] });

    writeFileSync(join(dir, 'clinical.csv'), 'patient_id,age\nSTS_001,63\n');
    expect(
      JSON.parse(radscore('clinical', join(dir, 'clinical.csv'), '--json', '--db', db).stdout),
    ).toMatchObject({ updated: 1 });

    const list = radscore('patients', '--json', '--db', db);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([
      {
        patient_id: 'STS_001',
        images: 59,
        rois: ['GTV_Mass_MR_T1'],
        label: { response: 'CR', outcome: 1 },
        clinical: { age: 63 },
        status: { images: 'done', rois: 'done', label: 'done', features: 'missing' },
      },
    ]);
  });

  it('labels / clinical: a value differing from a stored one is a conflict, listed; nothing changes without --overwrite', () => {
    writeFileSync(join(dir, 'relabel.csv'), 'patient_id,response\nSTS_001,PD\n');
    const refused = radscore('labels', join(dir, 'relabel.csv'), '--json', '--db', db);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      updated: 0,
      unchanged: 0,
      conflicts: [
        { patient_id: 'STS_001', field: 'response', stored: 'CR', incoming: 'PD', stored_source: 'csv' },
      ],
      errors: [],
    });
    expect(refused.stderr.trim()).toBe(
      'radscore labels: 1 stored label value(s) differ from the file; nothing changed — rerun with --overwrite to replace them',
    );
    const text = radscore('labels', join(dir, 'relabel.csv'), '--db', db);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^conflict STS_001 response @ post-treatment: stored "CR" \(.*csv\), file "PD"\n$/,
    );
    const overwritten = radscore('labels', join(dir, 'relabel.csv'), '--overwrite', '--json', '--db', db);
    expect(overwritten.code).toBe(0);
    expect(JSON.parse(overwritten.stdout)).toMatchObject({
      updated: 1,
      conflicts: [{ stored: 'CR', incoming: 'PD' }],
    });

    writeFileSync(join(dir, 'clinical2.csv'), 'patient_id,age,kps\nSTS_001,64,90\n');
    const clinical = radscore('clinical', join(dir, 'clinical2.csv'), '--json', '--db', db);
    expect(clinical.code).toBe(1);
    expect(JSON.parse(clinical.stdout)).toMatchObject({
      updated: 0,
      conflicts: [{ patient_id: 'STS_001', field: 'age', stored: 63, incoming: 64 }],
    });
    expect(radscore('clinical', join(dir, 'clinical2.csv'), '--overwrite', '--db', db).code).toBe(0);
  });

  it('rejects usage errors with exit code 2', () => {
    const r = radscore('import', '--json', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(radscore('labels', 'x.csv', '--bogus', '1', '--db', db).code).toBe(2);
  });
});
