/**
 * Files whose path a user or an API client chose (issue 14 item 8): `extraction.plan` / `extraction.start`
 * read only regular files, up to 1 MB, within a time limit, and never quote the file in an error; the same
 * reader serves --settings, the CSV arguments, report --fit and the NIfTI/NRRD volumes.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args';
import { makeContext } from '../cli/context';
import { commands } from '../cli/registry';
import { createHandlers, openAppServices, type AppServices } from '../services/handlers';
import { readUserText } from './readUserFile';

const dir = mkdtempSync(join(tmpdir(), 'radscore-userfile-'));
const fifo = join(dir, 'settings.yaml');
const fifoVolume = join(dir, 'image.nii.gz');
let services: AppServices;
let handlers: ReturnType<typeof createHandlers>;
const SECRET = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGsecretkeymaterial radiologist@ward7';

beforeAll(async () => {
  spawnSync('mkfifo', [fifo]);
  spawnSync('mkfifo', [fifoVolume]);
  services = await openAppServices(join(dir, 'db.sqlite'));
  handlers = createHandlers(services, { host: 'browser' });
});
afterAll(() => {
  // Releases a reader the old code left blocked on the FIFO, so that this process can exit.
  for (const f of [fifo, fifoVolume]) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting
    }
  }
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

const plan = (settingsFile: string) =>
  handlers.invoke('extraction.plan', { profile: null, preset: null, settingsFile, roi: null });

/** The error of `p`, or a marker when it did not settle within `ms` (a read blocked on a FIFO). */
async function errorOf(p: Promise<unknown>, ms = 5000): Promise<string> {
  const late = new Promise<string>((resolve) => setTimeout(() => resolve('(still waiting)'), ms));
  const settled = p.then(
    () => '(no error)',
    (e: Error) => e.message.replace(/^extraction\.plan: /, ''),
  );
  return Promise.race([settled, late]);
}

describe('extraction.plan / extraction.start with a settings file', () => {
  it('a FIFO is refused at once (the read never blocks a thread)', async () => {
    expect(await errorOf(plan(fifo))).toBe(
      `cannot read settings file ${fifo}: a FIFO (named pipe), not a file`,
    );
  });

  it('/dev/zero is refused without reading it', async () => {
    expect(await errorOf(plan('/dev/zero'))).toBe(
      'cannot read settings file /dev/zero: a device, not a file',
    );
  });

  it('a file over 1 MB is refused by its size', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `description: "${'x'.repeat(1024 * 1024)}"\n`);
    expect(await errorOf(plan(big))).toMatch(
      /^cannot read settings file .*big\.yaml: 1 MB, more than the 1 MB accepted$/,
    );
  });

  it('a file that is not settings: the error names the problem, never the contents', async () => {
    const key = join(dir, 'id_ed25519');
    writeFileSync(key, `${SECRET}\n`);
    const asJson = join(dir, 'credentials.json');
    writeFileSync(asJson, `{"token": "${SECRET}",\n oops}\n`);
    const badYaml = join(dir, 'notes.yaml');
    writeFileSync(badYaml, `first: line\n  ${SECRET}: [unclosed\n`);
    const keys = join(dir, 'keys.yaml');
    writeFileSync(keys, `password: "${SECRET}"\n`);
    const messages = await Promise.all([key, asJson, badYaml, keys].map((f) => errorOf(plan(f))));
    for (const m of messages) {
      expect(m).not.toContain('AAAAC3');
      expect(m).not.toContain('radiologist');
    }
    expect(messages[0]).toMatch(/settings file .*id_ed25519.*\(root\): /);
    expect(messages[1]).toBe(`settings file ${asJson} is not valid JSON (line 2, column 2)`);
    expect(messages[2]).toMatch(
      /^settings file .*notes\.yaml is not valid YAML \(line \d+, column \d+: [A-Z_]+\)$/,
    );
    expect(messages[3]).toMatch(/keys\.yaml: .*password/); // the key path, not its value
  });

  it('extraction.start fails the job with the same reason', async () => {
    const { jobId } = (await handlers.invoke('extraction.start', {
      profile: null,
      preset: null,
      settingsFile: fifo,
      roi: null,
      workers: 1,
    })) as { jobId: string };
    const status = async () =>
      (await handlers.invoke('extraction.status', { jobId })) as { state: string; error: string | null };
    let job = await status();
    for (let n = 0; n < 100 && job.state === 'running'; n++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await status();
    }
    expect(job).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('a FIFO (named pipe), not a file'),
    });
  });
});

describe('the same rule for every file a user names (siblings)', () => {
  const radscore = async (...argv: string[]) => {
    const [name, ...rest] = argv;
    const command = await commands.find((c) => c.name === name)!.load();
    return command.run(makeContext(parseArgs([...rest, '--db', join(dir, 'db.sqlite'), '--quiet'])));
  };

  it('labels / clinical CSV, fit-table CSV, --settings, features --image: FIFOs and devices refused at once', async () => {
    expect(await errorOf(radscore('labels', fifo))).toBe(
      `cannot read labels CSV ${fifo}: a FIFO (named pipe), not a file`,
    );
    expect(await errorOf(radscore('clinical', '/dev/zero'))).toBe(
      'cannot read clinical CSV /dev/zero: a device, not a file',
    );
    expect(await errorOf(radscore('fit-table', '/dev/zero'))).toBe(
      'cannot read feature table /dev/zero: a device, not a file',
    );
    expect(await errorOf(radscore('extract', '--settings', fifo))).toBe(
      `cannot read settings file ${fifo}: a FIFO (named pipe), not a file`,
    );
    expect(
      await errorOf(radscore('features', '--image', fifoVolume, '--mask', join(dir, 'mask.nii.gz'))),
    ).toBe(`cannot read image ${fifoVolume}: a FIFO (named pipe), not a file`);
  });

  it('icc and combat tables: FIFOs and devices refused at once', async () => {
    expect(await errorOf(radscore('icc', fifo))).toBe(
      `cannot read feature table ${fifo}: a FIFO (named pipe), not a file`,
    );
    expect(
      await errorOf(radscore('combat', '/dev/zero', '--batch', 'batch', '--out', join(dir, 'h.csv'))),
    ).toBe('cannot read feature table /dev/zero: a device, not a file');
  });

  it('report --fit: a file that is not a fit document is named, not quoted', async () => {
    const doc = join(dir, 'fit.json');
    writeFileSync(doc, `{"note": "${SECRET}"\n  "x": 1}`);
    const m = await errorOf(radscore('report', '--fit', doc, '--out', join(dir, 'r.html')));
    expect(m).toBe(`fit document ${doc} is not valid JSON (line 2, column 3)`);
    expect(await errorOf(radscore('report', '--fit', fifo, '--out', join(dir, 'r.html')))).toBe(
      `cannot read fit document ${fifo}: a FIFO (named pipe), not a file`,
    );
  });
});

describe('readUserText', () => {
  it('reads a regular file; refuses a folder naming it', async () => {
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, 'patient_id,response\n');
    expect(await readUserText(ok, { what: 'labels CSV', maxBytes: 100 })).toBe('patient_id,response\n');
    await expect(readUserText(dir, { what: 'labels CSV', maxBytes: 100 })).rejects.toThrow(
      `cannot read labels CSV ${dir}: a folder, not a file`,
    );
  });
});
