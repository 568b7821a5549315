/** Minimal typings for the parts of daikon (ships none) that main/dicom uses. */
declare module 'daikon' {
  namespace daikon {
    class Tag {
      group: number;
      element: number;
      vr: string;
      id: string;
      /** Strings, numbers, nested tags (sequences / items), a DataView (binary VRs) or null. */
      value: unknown;
      sublist: boolean;
      offsetStart: number;
      offsetValue: number;
      offsetEnd: number;
      static createId(group: number, element: number): string;
    }
    class Image {
      tags: Record<string, Tag>;
      littleEndian: boolean;
      getTag(group: number, element: number): Tag | undefined;
      getPixelData(): Tag | undefined;
      getJpegs(): ArrayBuffer[];
      getRLE(): ArrayBuffer[];
      decompress(): void;
      isCompressed(): boolean;
      isCompressedJPEG2000(): boolean;
    }
    class Parser {
      error: unknown;
      /** The whole file with the deflated part inflated (deflated transfer syntax only). */
      inflated: ArrayBuffer | null;
      parse(data: DataView): Image | null;
      hasError(): boolean;
    }
  }
  export default daikon;
}

/** daikon's JPEG-LS decoder (CharLS); main/dicom/decode.ts loads it on first use. */
declare module 'daikon/lib/jpeg-ls.js' {
  const JpegLS: new () => {
    decodeJPEGLS(
      data: Uint8Array,
      signed: boolean,
    ): { columns: number; rows: number; pixelData: Uint8Array | Int16Array | Uint16Array };
  };
  export default JpegLS;
}
