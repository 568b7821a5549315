/**
 * Worker: generates one synthetic demo patient and writes its DICOM files (T2 series + RTSTRUCT); only the
 * small summary (CSV rows, file counts) goes back, never the volumes.
 */
import { writeDemoPatient, type CohortTask, type WrittenPatient } from '../demo/writeCohort';
import { serveTasks } from './serve';

serveTasks<CohortTask, WrittenPatient>((task) => writeDemoPatient(task.folder, task.index, task.options));
