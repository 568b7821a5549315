/** The patient list with each workflow step's status: images → ROIs → label → features. */
import { outcomeOf, type AssessedResponse } from '../../shared/response/outcome';
import {
  listRois,
  patientStatuses,
  responseLabels,
  getPatient,
  type ClinicalVariables,
  type Store,
} from '../store/index';

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
