// vtk.js ships no types for its marching-cubes case table (a pure data module).
declare module '@kitware/vtk.js/Filters/General/ImageMarchingCubes/caseTable' {
  const caseTable: {
    /** Up to 5 triangles as edge ids, −1 terminated (16 entries). */
    getCase(index: number): number[];
    /** The two corner ids (0 … 7, x fastest) of edge `eid`. */
    getEdge(eid: number): [number, number];
  };
  export default caseTable;
}
