/** The OpenJPEG WASM decoder build ships no typings; its factory is typed where it is used (decode.ts). */
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options: {
    print?: (s: string) => void;
    printErr?: (s: string) => void;
  }) => Promise<unknown>;
  export default factory;
}
