/** Every CLI command, in help order. Add a command: write main/cli/commands/<name>.ts and list it here. */
import type { CliCommand } from './command';
import { importCommand } from './commands/import';
import { labelsCommand } from './commands/labels';
import { clinicalCommand } from './commands/clinical';
import { patientsCommand } from './commands/patients';
import { extractCommand } from './commands/extract';
import { exportFeaturesCommand } from './commands/export-features';
import { exportRoiCommand } from './commands/export-roi';
import { exportSrCommand } from './commands/export-sr';
import { featuresCommand } from './commands/features';
import { reportCommand } from './commands/report';
import { fitTableCommand } from './commands/fit-table';
import { demoCommand } from './commands/demo';
import { fitCommand } from './commands/fit';
import { modelsCommand } from './commands/models';
import { modelCommand } from './commands/model';
import { predictCommand } from './commands/predict';
import { iccCommand } from './commands/icc';
import { combatCommand } from './commands/combat';

export const commands: CliCommand[] = [
  demoCommand,
  importCommand,
  labelsCommand,
  clinicalCommand,
  patientsCommand,
  extractCommand,
  exportFeaturesCommand,
  exportRoiCommand,
  exportSrCommand,
  featuresCommand,
  fitCommand,
  modelsCommand,
  modelCommand,
  predictCommand,
  reportCommand,
  fitTableCommand,
  iccCommand,
  combatCommand,
];
