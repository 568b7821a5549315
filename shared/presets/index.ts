/**
 * Presets shipped with the app (DESIGN §5). Each is a readable JSON settings file in this folder, so users can
 * copy and edit one and pass it with --settings. Add a preset: drop NAME.json here and list it below.
 */
import { parseSettings, type Settings } from '../radiomics/settings';
import ibsiPhantom from './ibsi-phantom.json';
import ibsiCtA from './ibsi-ct-a.json';
import ibsiCtB from './ibsi-ct-b.json';
import ibsiCtC from './ibsi-ct-c.json';
import ibsiCtD from './ibsi-ct-d.json';
import ibsiCtE from './ibsi-ct-e.json';
import paper from './paper.json';
import pyradiomicsDefault from './pyradiomics-default.json';

const PRESETS: Readonly<Record<string, unknown>> = {
  'ibsi-phantom': ibsiPhantom,
  'ibsi-ct-a': ibsiCtA,
  'ibsi-ct-b': ibsiCtB,
  'ibsi-ct-c': ibsiCtC,
  'ibsi-ct-d': ibsiCtD,
  'ibsi-ct-e': ibsiCtE,
  paper,
  'pyradiomics-default': pyradiomicsDefault,
};

export function presetNames(): string[] {
  return Object.keys(PRESETS).sort();
}

export function loadPreset(name: string): Settings {
  const raw = PRESETS[name];
  if (raw === undefined) throw new Error(`unknown preset "${name}" (available: ${presetNames().join(', ')})`);
  return parseSettings(raw, `preset ${name}`);
}
