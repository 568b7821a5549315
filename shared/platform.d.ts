/**
 * The web-platform globals that shared/ uses and that both the renderer (a browser) and main (Node) provide.
 * Only shared/tsconfig.json reads this file: the root tsconfig has the full DOM and Node declarations.
 * Add a global here only when both runtimes have it.
 */

/** UTF-8 text ↔ bytes (shared/api/codecs.ts). */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

/** Monotonic milliseconds (the benchmarks' timers). */
declare const performance: { now(): number };

/** The subset of WebAssembly the SIMD kernels use (shared/modeling/simd.ts). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, unknown>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
