/**
 * Patients: the command line's patient list with each workflow step's status (images → ROIs → label →
 * features), and the API's paged patient list and patient page (channels patients.list, patient.get).
 */
import type { PatientDetail, PatientSummary, StudySummary } from '../../shared/api';
import { outcomeOf, type AssessedResponse } from '../../shared/response/outcome';
import {
  listResponses,
  listRois,
  listSeries,
  listStudies,
  patientPage,
  patientStatuses,
  responseLabels,
  getPatient,
  type ClinicalVariables,
  type Store,
} from '../store/index';
import { found, type ChannelImplementations } from './channel';
import { seriesSummary } from './imaging';
import { responseLabel } from './labels';

export type StepStatus = 'done' | 'partial' | 'missing';

export interface PatientOverview {
  patient_id: string;
  name: string;
  studies: number;
  series: number;
  images: number;
  rois: string[];
  label: { response: AssessedResponse; timepoint: string; assessor: string; outcome: 0 | 1 | null } | null;
  /** ROIs with values in at least one feature set. */
  rois_with_features: number;
  clinical: ClinicalVariables;
  status: { images: StepStatus; rois: StepStatus; label: StepStatus; features: StepStatus };
}

export function listPatientOverview(store: Store): PatientOverview[] {
  const labels = responseLabels(store);
  const roiNames = new Map<string, string[]>();
  for (const r of listRois(store)) roiNames.set(r.patientId, [...(roiNames.get(r.patientId) ?? []), r.name]);
  return patientStatuses(store).map((p) => {
    const label = labels.get(p.patientId);
    return {
      patient_id: p.patientId,
      name: p.name,
      studies: p.studies,
      series: p.series,
      images: p.instances,
      rois: roiNames.get(p.patientId) ?? [],
      label: label
        ? {
            response: label.response,
            timepoint: label.timepoint,
            assessor: label.assessor,
            outcome: outcomeOf(label.response),
          }
        : null,
      rois_with_features: p.roisWithFeatures,
      clinical: getPatient(store, p.patientId)?.clinical ?? {},
      status: {
        images: p.instances > 0 ? 'done' : 'missing',
        rois: p.rois > 0 ? 'done' : 'missing',
        label: label ? 'done' : 'missing',
        features:
          p.rois === 0 || p.roisWithFeatures === 0
            ? 'missing'
            : p.roisWithFeatures < p.rois
              ? 'partial'
              : 'done',
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// The API binding: patients.list, patient.get.

/** What the patient channels need (bound to a store by patientServices; faked in tests). */
export interface PatientServices {
  listPatients(args: { offset: number; limit: number; search: string }): {
    total: number;
    items: PatientSummary[];
  };
  getPatient(patientId: string): PatientDetail | null;
}

export function patientServices(store: Store): PatientServices {
  const patientSummary = (patientId: string): PatientSummary | null => {
    const p = getPatient(store, patientId);
    if (!p) return null;
    const status = patientStatuses(store).find((s) => s.patientId === patientId);
    const latest = listResponses(store, patientId).at(-1);
    return {
      patientId: p.patientId,
      patientName: p.name,
      birthDate: p.birthDate,
      sex: p.sex,
      studies: status?.studies ?? 0,
      series: status?.series ?? 0,
      rois: status?.rois ?? 0,
      response: latest?.response ?? null,
    };
  };
  return {
    listPatients({ offset, limit, search }) {
      // Paged and filtered in SQL: a page costs the same for 50 patients or 50,000.
      const page = patientPage(store, { offset, limit, search });
      const items = page.items.map(({ name, ...row }) => ({ ...row, patientName: name }));
      return { total: page.total, items };
    },
    getPatient(patientId) {
      const summary = patientSummary(patientId);
      const record = getPatient(store, patientId);
      if (!summary || !record) return null;
      const studies = new Map<string, StudySummary>();
      for (const st of listStudies(store, patientId)) {
        studies.set(st.studyUid, {
          studyUid: st.studyUid,
          studyDate: st.studyDate,
          description: st.description,
          accessionNumber: st.accessionNumber,
          series: [],
        });
      }
      for (const s of listSeries(store, patientId))
        studies.get(s.studyUid)?.series.push(seriesSummary(s, listRois(store, { seriesId: s.id }).length));
      return {
        patient: summary,
        studies: [...studies.values()],
        labels: listResponses(store, patientId).map(responseLabel),
        clinical: record.clinical,
      };
    },
  };
}

export function patientChannels(s: PatientServices): ChannelImplementations<'patients.list' | 'patient.get'> {
  return {
    'patients.list': (a) => s.listPatients(a),
    'patient.get': (a) => found(s.getPatient(a.patientId), `patient "${a.patientId}"`),
  };
}
