"""
ROI objects as other software writes them, made with pydicom (an independent writer) for the import tests
(main/dicom/foreignObjects.test.ts). Usage: /usr/bin/python3 foreign_objects.py SPEC.json OUT_DIR

SPEC (JSON): the image series the objects annotate and what to draw, all in voxel indices of that series:
  {"patient_id", "study_uid", "series_uid", "for_uid",
   "size": [nx, ny, nz], "spacing": [dx, dy, dz], "origin": [x, y, z],   (axial, identity direction)
   "slices": [{"sop_class", "sop_uid"}, ...],                           (slice k)
   "boxes": {name: [[i0, i1, j0, j1, k0, k1], ...]}}                      (half-open voxel index boxes)

Writes:
  seg_multi.dcm        BINARY SEG, segments "A", "B", "C" (boxes A, B, C), frames in a shuffled order
  seg_fractional.dcm   FRACTIONAL (PROBABILITY, max 255) SEG, segment "F": 255 in box F, 140 in box F_edge
                       (inside: >= 50 %), 100 in box F_faint (outside)
  rs_holes.dcm         RTSTRUCT, ROI "Ring" = contours of box Outer, box Hole, box Island on each slice
                       (nested, all counter-clockwise: XOR makes the hole and the island), ROI "Pair" =
                       two contours of boxes Pair1, Pair2
  rs_for_only.dcm      RTSTRUCT that names no series (no RT Referenced Study/Series, no Contour Image
                       Sequence): only the Frame of Reference UID; ROI "ForOnly" = box ForOnly
"""
import json
import random
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.pixel_data_handlers.numpy_handler import pack_bits
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4'
RTSTRUCT_CLASS = '1.2.840.10008.5.1.4.1.1.481.3'

spec = json.load(open(sys.argv[1]))
out = sys.argv[2]
nx, ny, nz = spec['size']
dx, dy, dz = spec['spacing']
ox, oy, oz = spec['origin']


def world(i, j, k):
    return [ox + i * dx, oy + j * dy, oz + k * dz]


def code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


def base(sop_class, modality):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b'\0' * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.Modality = modality
    ds.PatientID, ds.PatientName = spec['patient_id'], 'Foreign^Writer'
    ds.StudyInstanceUID = spec['study_uid']
    ds.SeriesInstanceUID = generate_uid()
    ds.Manufacturer = 'pydicom'
    return ds


def mask_of(boxes):
    m = np.zeros((nz, ny, nx), dtype=np.uint8)
    for i0, i1, j0, j1, k0, k1 in boxes:
        m[k0:k1, j0:j1, i0:i1] = 1
    return m


def seg(name, segments, fractional=None):
    """segments: [(label, volume (nz, ny, nx) of stored values)]"""
    ds = base(SEG_CLASS, 'SEG')
    ds.FrameOfReferenceUID = spec['for_uid']
    ref = Dataset()
    ref.SeriesInstanceUID = spec['series_uid']
    ds.ReferencedSeriesSequence = Sequence([ref])
    ds.SegmentationType = 'FRACTIONAL' if fractional else 'BINARY'
    if fractional:
        ds.SegmentationFractionalType = 'PROBABILITY'
        ds.MaximumFractionalValue = fractional
    items, frames = [], []
    for number, (label, volume) in enumerate(segments, start=1):
        s = Dataset()
        s.SegmentNumber, s.SegmentLabel, s.SegmentAlgorithmType = number, label, 'MANUAL'
        s.SegmentedPropertyCategoryCodeSequence = Sequence([code('49755003', 'SCT', 'Morphologically Abnormal Structure')])
        s.SegmentedPropertyTypeCodeSequence = Sequence([code('108369006', 'SCT', 'Neoplasm')])
        items.append(s)
        for k in range(nz):
            if volume[k].any():
                frames.append((number, k, volume[k]))
    ds.SegmentSequence = Sequence(items)
    random.Random(7).shuffle(frames)  # any order: the reader must place frames by their position
    per_frame = []
    for number, k, _ in frames:
        f = Dataset()
        ident = Dataset()
        ident.ReferencedSegmentNumber = number
        f.SegmentIdentificationSequence = Sequence([ident])
        pos = Dataset()
        pos.ImagePositionPatient = world(0, 0, k)
        f.PlanePositionSequence = Sequence([pos])
        per_frame.append(f)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    shared = Dataset()
    pm = Dataset()
    pm.PixelSpacing, pm.SliceThickness = [dy, dx], dz
    shared.PixelMeasuresSequence = Sequence([pm])
    po = Dataset()
    po.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    shared.PlaneOrientationSequence = Sequence([po])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    ds.NumberOfFrames = len(frames)
    ds.Rows, ds.Columns = ny, nx
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PixelRepresentation = 1, 'MONOCHROME2', 0
    stack = np.stack([f[2] for f in frames])
    if fractional:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
        ds.PixelData = stack.astype(np.uint8).tobytes()
    else:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 1, 0
        ds.PixelData = pack_bits(stack.ravel())
    ds.save_as(f'{out}/{name}', write_like_original=False)


def square(i0, i1, j0, j1, k):
    """Counter-clockwise loop around voxels i0..i1-1, j0..j1-1 (corners at half-voxel positions)."""
    corners = [(i0 - 0.5, j0 - 0.5), (i0 - 0.5, j1 - 0.5), (i1 - 0.5, j1 - 0.5), (i1 - 0.5, j0 - 0.5)]
    return [v for (i, j) in corners for v in world(i, j, k)]


def rtstruct(name, rois, names_series):
    """rois: [(name, [(k, contour points)])]"""
    ds = base(RTSTRUCT_CLASS, 'RTSTRUCT')
    ds.StructureSetLabel = 'FOREIGN'
    fr = Dataset()
    fr.FrameOfReferenceUID = spec['for_uid']
    if names_series:
        st = Dataset()
        st.ReferencedSOPClassUID = '1.2.840.10008.3.1.2.3.1'
        st.ReferencedSOPInstanceUID = spec['study_uid']
        se = Dataset()
        se.SeriesInstanceUID = spec['series_uid']
        st.RTReferencedSeriesSequence = Sequence([se])
        fr.RTReferencedStudySequence = Sequence([st])
    ds.ReferencedFrameOfReferenceSequence = Sequence([fr])
    set_rois, contours = [], []
    for number, (roi_name, loops) in enumerate(rois, start=1):
        r = Dataset()
        r.ROINumber, r.ReferencedFrameOfReferenceUID, r.ROIName = number, spec['for_uid'], roi_name
        r.ROIGenerationAlgorithm = 'MANUAL'
        set_rois.append(r)
        rc = Dataset()
        rc.ReferencedROINumber = number
        items = []
        for k, points in loops:
            c = Dataset()
            c.ContourGeometricType = 'CLOSED_PLANAR'
            c.NumberOfContourPoints = len(points) // 3
            c.ContourData = [round(v, 4) for v in points]
            if names_series:
                img = Dataset()
                img.ReferencedSOPClassUID = spec['slices'][k]['sop_class']
                img.ReferencedSOPInstanceUID = spec['slices'][k]['sop_uid']
                c.ContourImageSequence = Sequence([img])
            items.append(c)
        rc.ContourSequence = Sequence(items)
        contours.append(rc)
    ds.StructureSetROISequence = Sequence(set_rois)
    ds.ROIContourSequence = Sequence(contours)
    ds.save_as(f'{out}/{name}', write_like_original=False)


boxes = spec['boxes']
seg('seg_multi.dcm', [(label, mask_of(boxes[label])) for label in ('A', 'B', 'C')])
fractional = mask_of(boxes['F_faint']) * 100
fractional[mask_of(boxes['F_edge']) == 1] = 140
fractional[mask_of(boxes['F']) == 1] = 255
seg('seg_fractional.dcm', [('F', fractional)], fractional=255)


def loops_of(box_names):
    out = []
    for box_name in box_names:
        for i0, i1, j0, j1, k0, k1 in boxes[box_name]:
            out += [(k, square(i0, i1, j0, j1, k)) for k in range(k0, k1)]
    return out


rtstruct('rs_holes.dcm', [('Ring', loops_of(['Outer', 'Hole', 'Island'])), ('Pair', loops_of(['Pair1', 'Pair2']))], True)
rtstruct('rs_for_only.dcm', [('ForOnly', loops_of(['ForOnly']))], False)
print('ok')
