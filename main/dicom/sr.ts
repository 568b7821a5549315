/**
 * DICOM Enhanced SR, template TID 1500 "Measurement Report", for radiomics features — laid out the way dcmqi's
 * tid1500writer (used by pyradiomics-dcm) writes them: one Measurement Group (TID 1411 "Volumetric ROI
 * Measurements") per ROI, referencing its segment in a DICOM SEG and the image series the SEG was made on,
 * with the algorithm (TID 4019: name, version, parameters = the extraction settings) and one NUM per feature
 * (TID 300), coded by IBSI where the feature has an IBSI code, else by the private scheme 99RADSCORE
 * (docs/dicom-sr.md). Pure byte building, like write.ts.
 *
 * Content tree (relationship, value type, concept):
 *   CONTAINER (126000, DCM, "Imaging Measurement Report")  — TID 1500
 *     HAS CONCEPT MOD  CODE (121049, DCM, "Language of Content Item and Descendants") = en-US
 *     HAS OBS CONTEXT  CODE (121005, DCM, "Observer Type") = (121007, DCM, "Device"); UIDREF 121012; TEXT 121013–121015
 *     HAS CONCEPT MOD  CODE (121058, DCM, "Procedure reported") = (363679005, SCT, "Imaging procedure")
 *     CONTAINS CONTAINER (111028, DCM, "Image Library") > CONTAINER (126200, DCM, "Image Library Group") > IMAGE …
 *     CONTAINS CONTAINER (126010, DCM, "Imaging Measurements")
 *       CONTAINS CONTAINER (125007, DCM, "Measurement Group")  — one per ROI
 *         HAS OBS CONTEXT TEXT (112039, DCM, "Tracking Identifier") = ROI name
 *         HAS OBS CONTEXT UIDREF (112040, DCM, "Tracking Unique Identifier")
 *         CONTAINS CODE (121071, DCM, "Finding") = (108369006, SCT, "Neoplasm")
 *         CONTAINS IMAGE (121191, DCM, "Referenced Segment") = SEG instance + segment number
 *         CONTAINS UIDREF (121232, DCM, "Source series for segmentation")
 *         HAS CONCEPT MOD TEXT (111001, DCM, "Algorithm Name"), (111003, "Algorithm Version"), (111002, "Algorithm Parameters") …
 *         CONTAINS NUM <feature code> = value + UCUM unit
 *           HAS CONCEPT MOD TEXT (121050, DCM, "Equivalent Meaning of Concept Name") = the exact feature name
 *             (for IBSI-coded NUMs: one IBSI code can stand for several variants)
 *           HAS CONCEPT MOD CODE (121401, DCM, "Derivation") = the IBSI aggregation method (texture features)
 */
import { createUidGenerator, dicomDateTime, encodePart10, type Element } from './encode';
import { TAG } from './dataset';
import {
  codeItem,
  distinctInstances,
  equipmentElements,
  imageReference,
  patientElements,
  seq,
  str,
  studyElements,
  type Code,
  type ImageSeriesRef,
  type SliceImage,
  type WrittenFile,
  type WriterOptions,
} from './write';

export const ENHANCED_SR = '1.2.840.10008.5.1.4.1.1.88.22';

const DCM = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });

export const SR_CODES = {
  report: DCM('126000', 'Imaging Measurement Report'),
  language: DCM('121049', 'Language of Content Item and Descendants'),
  english: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  observerType: DCM('121005', 'Observer Type'),
  device: DCM('121007', 'Device'),
  deviceUid: DCM('121012', 'Device Observer UID'),
  deviceName: DCM('121013', 'Device Observer Name'),
  deviceManufacturer: DCM('121014', 'Device Observer Manufacturer'),
  deviceModel: DCM('121015', 'Device Observer Model Name'),
  procedureReported: DCM('121058', 'Procedure reported'),
  imagingProcedure: { value: '363679005', scheme: 'SCT', meaning: 'Imaging procedure' },
  imageLibrary: DCM('111028', 'Image Library'),
  imageLibraryGroup: DCM('126200', 'Image Library Group'),
  imagingMeasurements: DCM('126010', 'Imaging Measurements'),
  measurementGroup: DCM('125007', 'Measurement Group'),
  trackingIdentifier: DCM('112039', 'Tracking Identifier'),
  trackingUid: DCM('112040', 'Tracking Unique Identifier'),
  finding: DCM('121071', 'Finding'),
  neoplasm: { value: '108369006', scheme: 'SCT', meaning: 'Neoplasm' },
  referencedSegment: DCM('121191', 'Referenced Segment'),
  sourceSeries: DCM('121232', 'Source series for segmentation'),
  algorithmName: DCM('111001', 'Algorithm Name'),
  algorithmVersion: DCM('111003', 'Algorithm Version'),
  algorithmParameters: DCM('111002', 'Algorithm Parameters'),
  /** CID 42 Numeric Value Qualifier, for features that are not finite numbers. */
  notANumber: DCM('114000', 'Not a number'),
  negativeInfinity: DCM('114001', 'Negative Infinity'),
  positiveInfinity: DCM('114002', 'Positive Infinity'),
} as const;

/** A coding scheme the report uses that PS3.16 does not define (Coding Scheme Identification, PS3.3 C.12.1). */
export interface CodingScheme {
  designator: string;
  name: string;
  responsibleOrganization: string;
  version?: string;
}

export interface SrMeasurement {
  /** The NUM's concept: the feature's code. */
  concept: Code;
  /** NaN and ±Infinity are written as a Numeric Value Qualifier (no value). */
  value: number;
  unit: Code;
  /** HAS CONCEPT MOD children: (concept, value) — a CODE, or a TEXT when the value is a string. */
  modifiers: { concept: Code; value: Code | string }[];
}

export interface SrMeasurementGroup {
  trackingIdentifier: string;
  trackingUid: string;
  finding: Code;
  segment: { sopClassUid: string; sopInstanceUid: string; segmentNumber: number };
  sourceSeriesUid: string;
  algorithm: { name: string; version: string; parameters: string[] };
  measurements: SrMeasurement[];
}

/** An image (or one frame of a multi-frame image) the report refers to. */
export type SrImage = SliceImage;

export interface MeasurementReportInput {
  /** Patient and study of the report (the study of the first ROI's series). */
  ref: ImageSeriesRef;
  /** Every instance the content refers to, by study and series (Current Requested Procedure Evidence). */
  evidence: { studyInstanceUid: string; seriesInstanceUid: string; instances: SrImage[] }[];
  /** Source images (TID 1600), one group per series. */
  imageLibrary: SrImage[][];
  groups: SrMeasurementGroup[];
  codingSchemes: CodingScheme[];
  seriesDescription: string;
  /** Device Observer UID of the software (TID 1004). */
  deviceUid: string;
  softwareVersion: string;
}

/**
 * A Decimal String (≤ 16 characters) with as many significant digits as fit (PS3.5 DS); the exact double
 * goes alongside as Floating Point Value.
 */
export function decimalString(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} as a decimal string`);
  if (Object.is(x, -0) || x === 0) return '0';
  for (let p = 17; p >= 1; p--) {
    const s = x
      .toPrecision(p)
      .replace(/(\.\d*?)0+(e|$)/, '$1$2')
      .replace(/\.(e|$)/, '$1');
    if (s.length <= 16) return s;
  }
  throw new Error(`cannot write ${x} in 16 characters`);
}

type Item = Element[];

function contentItem(
  relationship: string | null,
  valueType: string,
  concept: Code | null,
  value: Element[],
  children: Item[] = [],
): Item {
  return [
    ...(relationship ? [str(0x0040a010, 'CS', relationship)] : []), // RelationshipType
    str(0x0040a040, 'CS', valueType), // ValueType
    ...(concept ? [seq(0x0040a043, [codeItem(concept)])] : []), // ConceptNameCodeSequence
    ...value,
    ...(children.length ? [seq(0x0040a730, children)] : []), // ContentSequence
  ];
}

const text = (rel: string, concept: Code, value: string): Item =>
  contentItem(rel, 'TEXT', concept, [str(0x0040a160, 'UT', value)]); // TextValue
const code = (rel: string, concept: Code, value: Code): Item =>
  contentItem(rel, 'CODE', concept, [seq(0x0040a168, [codeItem(value)])]); // ConceptCodeSequence
const uidref = (rel: string, concept: Code, uid: string): Item =>
  contentItem(rel, 'UIDREF', concept, [str(0x0040a124, 'UI', uid)]); // UID
const container = (rel: string | null, concept: Code, children: Item[], extra: Element[] = []): Item =>
  contentItem(rel, 'CONTAINER', concept, [str(0x0040a050, 'CS', 'SEPARATE'), ...extra], children); // ContinuityOfContent
const image = (concept: Code | null, ref: SrImage, segmentNumber?: number): Item =>
  contentItem('CONTAINS', 'IMAGE', concept, [
    seq(0x00081199, [
      [
        ...imageReference(ref),
        ...(segmentNumber !== undefined
          ? [{ tag: TAG.ReferencedSegmentNumber, vr: 'US' as const, value: [segmentNumber] }]
          : []),
      ],
    ]),
  ]);

function numItem(m: SrMeasurement): Item {
  const finite = Number.isFinite(m.value);
  const measured: Element[] = finite
    ? [
        seq(0x0040a300, [
          [
            seq(0x004008ea, [codeItem(m.unit)]), // MeasurementUnitsCodeSequence
            { tag: 0x0040a161, vr: 'FD', value: [m.value] }, // FloatingPointValue: the exact double
            str(0x0040a30a, 'DS', decimalString(m.value)), // NumericValue
          ],
        ]),
      ]
    : [
        seq(0x0040a300, []), // MeasuredValueSequence (Type 2): empty, the qualifier says why
        seq(0x0040a301, [
          codeItem(
            Number.isNaN(m.value)
              ? SR_CODES.notANumber
              : m.value > 0
                ? SR_CODES.positiveInfinity
                : SR_CODES.negativeInfinity,
          ),
        ]), // NumericValueQualifierCodeSequence
      ];
  return contentItem(
    'CONTAINS',
    'NUM',
    m.concept,
    measured,
    m.modifiers.map((mod) =>
      typeof mod.value === 'string'
        ? text('HAS CONCEPT MOD', mod.concept, mod.value)
        : code('HAS CONCEPT MOD', mod.concept, mod.value),
    ),
  );
}

function groupItem(g: SrMeasurementGroup): Item {
  return container('CONTAINS', SR_CODES.measurementGroup, [
    text('HAS OBS CONTEXT', SR_CODES.trackingIdentifier, g.trackingIdentifier),
    uidref('HAS OBS CONTEXT', SR_CODES.trackingUid, g.trackingUid),
    code('CONTAINS', SR_CODES.finding, g.finding),
    image(
      SR_CODES.referencedSegment,
      { sopClassUid: g.segment.sopClassUid, sopInstanceUid: g.segment.sopInstanceUid },
      g.segment.segmentNumber,
    ),
    uidref('CONTAINS', SR_CODES.sourceSeries, g.sourceSeriesUid),
    text('HAS CONCEPT MOD', SR_CODES.algorithmName, g.algorithm.name),
    text('HAS CONCEPT MOD', SR_CODES.algorithmVersion, g.algorithm.version),
    ...g.algorithm.parameters.map((p) => text('HAS CONCEPT MOD', SR_CODES.algorithmParameters, p)),
    ...g.measurements.map(numItem),
  ]);
}

/** The SR document (Enhanced SR IOD, PS3.3 A.35.2) of a TID 1500 Measurement Report. */
export function writeMeasurementReport(
  input: MeasurementReportInput,
  options: WriterOptions & { seriesNumber?: number } = {},
): { file: WrittenFile; sopInstanceUid: string; seriesInstanceUid: string } {
  if (input.groups.length === 0) throw new Error('a measurement report needs at least one measurement group');
  const uid = createUidGenerator(options.uidSeed === undefined ? undefined : `${options.uidSeed}/sr`);
  const now = dicomDateTime(options.now ?? new Date());
  const sop = uid();
  const seriesUid = uid();
  const { ref } = input;
  const content: Item[] = [
    code('HAS CONCEPT MOD', SR_CODES.language, SR_CODES.english),
    code('HAS OBS CONTEXT', SR_CODES.observerType, SR_CODES.device),
    uidref('HAS OBS CONTEXT', SR_CODES.deviceUid, input.deviceUid),
    text('HAS OBS CONTEXT', SR_CODES.deviceName, 'Radscore Studio'),
    text('HAS OBS CONTEXT', SR_CODES.deviceManufacturer, 'Radscore Studio'),
    text('HAS OBS CONTEXT', SR_CODES.deviceModel, `Radscore Studio ${input.softwareVersion}`),
    code('HAS CONCEPT MOD', SR_CODES.procedureReported, SR_CODES.imagingProcedure),
    container('CONTAINS', SR_CODES.imageLibrary, [
      ...input.imageLibrary.map((images) =>
        container(
          'CONTAINS',
          SR_CODES.imageLibraryGroup,
          images.map((i) => image(null, i)),
        ),
      ),
    ]),
    container('CONTAINS', SR_CODES.imagingMeasurements, input.groups.map(groupItem)),
  ];
  const root = container(null, SR_CODES.report, content, [
    seq(0x0040a504, [[str(0x00080105, 'CS', 'DCMR'), str(0x0040db00, 'CS', '1500')]]), // ContentTemplateSequence
  ]);
  // Evidence: one item per study, its series and their instances.
  const studies = new Map<string, Map<string, SrImage[]>>();
  for (const e of input.evidence) {
    const series = studies.get(e.studyInstanceUid) ?? new Map<string, SrImage[]>();
    studies.set(e.studyInstanceUid, series);
    series.set(e.seriesInstanceUid, [...(series.get(e.seriesInstanceUid) ?? []), ...e.instances]);
  }
  const evidence = [...studies].map(([studyUid, series]) => [
    seq(TAG.ReferencedSeriesSequence, [
      ...[...series].map(([seriesUid, instances]) => [
        seq(0x00081199, distinctInstances(instances).map(imageReference)), // ReferencedSOPSequence
        str(TAG.SeriesInstanceUID, 'UI', seriesUid),
      ]),
    ]),
    str(TAG.StudyInstanceUID, 'UI', studyUid),
  ]);
  const elements: Element[] = [
    str(0x00080005, 'CS', 'ISO_IR 192'),
    str(0x00080012, 'DA', now.date), // InstanceCreationDate
    str(0x00080013, 'TM', now.time), // InstanceCreationTime
    str(TAG.SOPClassUID, 'UI', ENHANCED_SR),
    str(TAG.SOPInstanceUID, 'UI', sop),
    str(0x00080021, 'DA', now.date), // SeriesDate
    str(0x00080023, 'DA', now.date), // ContentDate
    str(0x00080031, 'TM', now.time), // SeriesTime
    str(0x00080033, 'TM', now.time), // ContentTime
    str(TAG.Modality, 'CS', 'SR'),
    ...equipmentElements(options.manufacturer),
    seq(
      0x00080110,
      input.codingSchemes.map((s) => [
        str(0x00080102, 'SH', s.designator), // CodingSchemeDesignator
        ...(s.version ? [str(0x00080103, 'SH', s.version)] : []), // CodingSchemeVersion
        str(0x00080115, 'ST', s.name), // CodingSchemeName
        str(0x00080116, 'ST', s.responsibleOrganization), // CodingSchemeResponsibleOrganization
      ]),
    ), // CodingSchemeIdentificationSequence
    str(TAG.SeriesDescription, 'LO', input.seriesDescription.slice(0, 64)),
    seq(0x00081111, []), // ReferencedPerformedProcedureStepSequence (Type 2)
    ...patientElements(ref.patient, ref.deidentification),
    ...studyElements(ref),
    str(TAG.SeriesInstanceUID, 'UI', seriesUid),
    str(TAG.SeriesNumber, 'IS', String(options.seriesNumber ?? 1003)),
    str(TAG.InstanceNumber, 'IS', '1'),
    str(0x0040a491, 'CS', 'COMPLETE'), // CompletionFlag
    str(0x0040a493, 'CS', 'UNVERIFIED'), // VerificationFlag
    seq(0x0040a372, []), // PerformedProcedureCodeSequence (Type 2)
    seq(0x0040a375, evidence), // CurrentRequestedProcedureEvidenceSequence
    ...root,
  ];
  return {
    file: { name: `SR_${sop.slice(-12)}.dcm`, bytes: encodePart10(ENHANCED_SR, sop, elements) },
    sopInstanceUid: sop,
    seriesInstanceUid: seriesUid,
  };
}
