/**
 * electron-builder configuration (DESIGN §1): `npx electron-builder --config electron.config.ts`.
 * better-sqlite3's native module and the worker bundles must live outside the asar archive
 * (native code cannot be loaded from it; worker_threads need real files).
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'org.radscore.studio',
  productName: 'Radscore Studio',
  copyright: 'Radscore Studio developers',
  directories: { buildResources: 'build', output: 'dist' },
  files: ['out/**/*', '!out/**/*.map', 'package.json', 'shared/presets/**/*'],
  asarUnpack: ['node_modules/better-sqlite3/**/*', 'out/main/workers/**/*'],
  npmRebuild: true,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    icon: 'build/icon.png',
    executableName: 'radscore-studio',
    synopsis: 'Radiomics workstation for MRI',
    desktop: {
      entry: {
        Name: 'Radscore Studio',
        GenericName: 'Radiomics workstation',
        Comment: 'DICOM import, contouring, response labels, radiomics features and Rad-score models on MRI',
        Categories: 'Science;MedicalSoftware;Graphics;',
        Keywords: 'radiomics;MRI;DICOM;RTSTRUCT;LASSO;',
        StartupWMClass: 'Radscore Studio',
      },
    },
  },
  deb: { maintainer: 'Radscore Studio developers <radscore@localhost>' },
  win: { target: ['nsis'], icon: 'build/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.medical', icon: 'build/icon.png' },
};

export default config;
