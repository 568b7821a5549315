/**
 * Five WebAssembly SIMD (f64x2) kernels for the LASSO inner loops, assembled from bytes here (no toolchain):
 *   dot(a, b, n)          = Σ a_i·b_i            (pairs of lanes, then the odd tail)
 *   axpyWeighted(r, v, c, d, n): r_i −= (d·v_i)·c_i   (same operation order as the scalar loop)
 *   axpy(y, x, a, n)      : y_i += a·x_i
 *   wss(v, c, n)          = Σ (v_i·c_i)·c_i
 *   axpyDot(r, v, c, d, b, n): axpyWeighted(r, v, c, d, n), then dot(r, b, n), in one sweep
 * Pointers are byte offsets into the module's exported memory. `loadSimdKernels()` returns null where
 * WebAssembly SIMD is unavailable, and callers fall back to plain loops.
 */

export interface SimdKernels {
  memory: WebAssembly.Memory;
  dot(a: number, b: number, n: number): number;
  axpyWeighted(r: number, v: number, c: number, d: number, n: number): void;
  axpy(y: number, x: number, a: number, n: number): void;
  wss(v: number, c: number, n: number): number;
  axpyDot(r: number, v: number, c: number, d: number, b: number, n: number): number;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

// opcodes
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const LGET = 0x20;
const LSET = 0x21;
const I32CONST = 0x41;
const I32ADD = 0x6a;
const I32AND = 0x71;
const I32SHL = 0x74;
const I32GEU = 0x4f;
const F64LOAD = [0x2b, 0x03, 0x00];
const F64STORE = [0x39, 0x03, 0x00];
const F64ADD = 0xa0;
const F64SUB = 0xa1;
const F64MUL = 0xa2;
const V128LOAD = [0xfd, 0x00, 0x03, 0x00];
const V128STORE = [0xfd, 0x0b, 0x03, 0x00];
const F64X2SPLAT = [0xfd, 0x14];
const F64X2LANE = (l: number) => [0xfd, 0x21, l];
const F64X2ADD = [0xfd, 0xf0, 0x01];
const F64X2SUB = [0xfd, 0xf1, 0x01];
const F64X2MUL = [0xfd, 0xf2, 0x01];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = 0x0b;
const BR = (d: number) => [0x0c, d];
const BRIF = (d: number) => [0x0d, d];

function buildModule(): Uint8Array<ArrayBuffer> {
  // dot(a=0, b=1, n=2) -> f64; locals i=3, end=4 (i32), acc=5 (v128), s=6 (f64)
  // prettier-ignore
  const dot = [
    3, 2, I32, 1, V128, 1, F64, // locals
    LGET, 2, I32CONST, 0x7e, I32AND, I32CONST, 3, I32SHL, LSET, 4, // end = (n & ~1)·8: bytes of the whole pairs
    ...BLOCK,
      ...LOOP,
        LGET, 3, LGET, 4, I32GEU, ...BRIF(1), // while (i < end)
        LGET, 5, LGET, 0, LGET, 3, I32ADD, ...V128LOAD,
          LGET, 1, LGET, 3, I32ADD, ...V128LOAD,
          ...F64X2MUL, ...F64X2ADD, LSET, 5,
        LGET, 3, I32CONST, 16, I32ADD, LSET, 3, // i += 16 (one f64x2)
        ...BR(0),
      END,
    END,
    LGET, 5, ...F64X2LANE(0), LGET, 5, ...F64X2LANE(1), F64ADD, LSET, 6, // s = lane 0 + lane 1
    LGET, 2, I32CONST, 1, I32AND, // if (n & 1): the odd last element, at byte end
    ...IF,
      LGET, 6, LGET, 0, LGET, 4, I32ADD, ...F64LOAD,
        LGET, 1, LGET, 4, I32ADD, ...F64LOAD,
        F64MUL, F64ADD, LSET, 6,
    END,
    LGET, 6,
    END, // of the function
  ];
  // axpyWeighted(r=0, v=1, c=2, d=3 f64, n=4); locals i=5, end=6 (i32), dd=7 (v128)
  // prettier-ignore
  const axpy = [
    2, 2, I32, 1, V128, // locals
    LGET, 4, I32CONST, 0x7e, I32AND, I32CONST, 3, I32SHL, LSET, 6, // end = (n & ~1)·8: bytes of the whole pairs
    LGET, 3, ...F64X2SPLAT, LSET, 7,
    ...BLOCK,
      ...LOOP,
        LGET, 5, LGET, 6, I32GEU, ...BRIF(1), // while (i < end)
        LGET, 0, LGET, 5, I32ADD, LGET, 0, LGET, 5, I32ADD, ...V128LOAD,
          LGET, 7, LGET, 1, LGET, 5, I32ADD, ...V128LOAD,
          ...F64X2MUL, LGET, 2, LGET, 5, I32ADD, ...V128LOAD,
          ...F64X2MUL, ...F64X2SUB, ...V128STORE,
        LGET, 5, I32CONST, 16, I32ADD, LSET, 5, // i += 16 (one f64x2)
        ...BR(0),
      END,
    END,
    LGET, 4, I32CONST, 1, I32AND, // if (n & 1): the odd last element, at byte end
    ...IF,
      LGET, 0, LGET, 6, I32ADD, LGET, 0, LGET, 6, I32ADD, ...F64LOAD,
        LGET, 3, LGET, 1, LGET, 6, I32ADD, ...F64LOAD,
        F64MUL, LGET, 2, LGET, 6, I32ADD, ...F64LOAD,
        F64MUL, F64SUB, ...F64STORE,
    END,
    END, // of the function
  ];
  // axpy(y=0, x=1, a=2 f64, n=3); locals i=4, end=5 (i32), aa=6 (v128)
  // prettier-ignore
  const axpy2 = [
    2, 2, I32, 1, V128, // locals
    LGET, 3, I32CONST, 0x7e, I32AND, I32CONST, 3, I32SHL, LSET, 5, // end = (n & ~1)·8: bytes of the whole pairs
    LGET, 2, ...F64X2SPLAT, LSET, 6,
    ...BLOCK,
      ...LOOP,
        LGET, 4, LGET, 5, I32GEU, ...BRIF(1), // while (i < end)
        LGET, 0, LGET, 4, I32ADD, LGET, 0, LGET, 4, I32ADD, ...V128LOAD,
          LGET, 6, LGET, 1, LGET, 4, I32ADD, ...V128LOAD,
          ...F64X2MUL, ...F64X2ADD, ...V128STORE,
        LGET, 4, I32CONST, 16, I32ADD, LSET, 4, // i += 16 (one f64x2)
        ...BR(0),
      END,
    END,
    LGET, 3, I32CONST, 1, I32AND, // if (n & 1): the odd last element, at byte end
    ...IF,
      LGET, 0, LGET, 5, I32ADD, LGET, 0, LGET, 5, I32ADD, ...F64LOAD,
        LGET, 2, LGET, 1, LGET, 5, I32ADD, ...F64LOAD,
        F64MUL, F64ADD, ...F64STORE,
    END,
    END, // of the function
  ];
  // wss(v=0, c=1, n=2) -> f64; locals i=3, end=4 (i32), acc=5, cc=6 (v128), s=7 (f64)
  // prettier-ignore
  const wss = [
    3, 2, I32, 2, V128, 1, F64, // locals
    LGET, 2, I32CONST, 0x7e, I32AND, I32CONST, 3, I32SHL, LSET, 4, // end = (n & ~1)·8: bytes of the whole pairs
    ...BLOCK,
      ...LOOP,
        LGET, 3, LGET, 4, I32GEU, ...BRIF(1), // while (i < end)
        LGET, 1, LGET, 3, I32ADD, ...V128LOAD, LSET, 6,
        LGET, 5, LGET, 0, LGET, 3, I32ADD, ...V128LOAD,
          LGET, 6, ...F64X2MUL, LGET, 6, ...F64X2MUL, ...F64X2ADD, LSET, 5,
        LGET, 3, I32CONST, 16, I32ADD, LSET, 3, // i += 16 (one f64x2)
        ...BR(0),
      END,
    END,
    LGET, 5, ...F64X2LANE(0), LGET, 5, ...F64X2LANE(1), F64ADD, LSET, 7, // s = lane 0 + lane 1
    LGET, 2, I32CONST, 1, I32AND, // if (n & 1): the odd last element, at byte end
    ...IF,
      LGET, 7, LGET, 0, LGET, 4, I32ADD, ...F64LOAD,
        LGET, 1, LGET, 4, I32ADD, ...F64LOAD,
        F64MUL, LGET, 1, LGET, 4, I32ADD, ...F64LOAD,
        F64MUL, F64ADD, LSET, 7,
    END,
    LGET, 7,
    END, // of the function
  ];
  // axpyDot(r=0, v=1, c=2, d=3 f64, b=4, n=5) -> f64: r_i −= (d·v_i)·c_i, then Σ r_i·b_i over the updated r,
  // in one sweep (same operations and summation order as axpyWeighted followed by dot);
  // locals i=6, end=7 (i32), dd=8, acc=9, rn=10 (v128), s=11 (f64)
  // prettier-ignore
  const axpyDot = [
    3, 2, I32, 3, V128, 1, F64, // locals
    LGET, 5, I32CONST, 0x7e, I32AND, I32CONST, 3, I32SHL, LSET, 7, // end = (n & ~1)·8: bytes of the whole pairs
    LGET, 3, ...F64X2SPLAT, LSET, 8,
    ...BLOCK,
      ...LOOP,
        LGET, 6, LGET, 7, I32GEU, ...BRIF(1), // while (i < end)
        LGET, 0, LGET, 6, I32ADD, ...V128LOAD,
          LGET, 8, LGET, 1, LGET, 6, I32ADD, ...V128LOAD,
          ...F64X2MUL, LGET, 2, LGET, 6, I32ADD, ...V128LOAD,
          ...F64X2MUL, ...F64X2SUB, LSET, 10,
        LGET, 0, LGET, 6, I32ADD, LGET, 10, ...V128STORE,
        LGET, 9, LGET, 10, LGET, 4, LGET, 6, I32ADD, ...V128LOAD, ...F64X2MUL, ...F64X2ADD, LSET, 9,
        LGET, 6, I32CONST, 16, I32ADD, LSET, 6, // i += 16 (one f64x2)
        ...BR(0),
      END,
    END,
    LGET, 9, ...F64X2LANE(0), LGET, 9, ...F64X2LANE(1), F64ADD, LSET, 11, // s = lane 0 + lane 1
    LGET, 5, I32CONST, 1, I32AND, // if (n & 1): the odd last element, at byte end
    ...IF,
      LGET, 0, LGET, 7, I32ADD, LGET, 0, LGET, 7, I32ADD, ...F64LOAD,
        LGET, 3, LGET, 1, LGET, 7, I32ADD, ...F64LOAD,
        F64MUL, LGET, 2, LGET, 7, I32ADD, ...F64LOAD,
        F64MUL, F64SUB, ...F64STORE,
      LGET, 11, LGET, 0, LGET, 7, I32ADD, ...F64LOAD,
        LGET, 4, LGET, 7, I32ADD, ...F64LOAD,
        F64MUL, F64ADD, LSET, 11,
    END,
    LGET, 11,
    END, // of the function
  ];
  // prettier-ignore
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    // types: 0 (i32 i32 i32) -> f64, 1 (i32 i32 i32 f64 i32) -> (), 2 (i32 i32 f64 i32) -> (),
    //        3 (i32 i32 i32 f64 i32 i32) -> f64
    ...section(1, [
      4,
      0x60, 3, I32, I32, I32, 1, F64,
      0x60, 5, I32, I32, I32, F64, I32, 0,
      0x60, 4, I32, I32, F64, I32, 0,
      0x60, 6, I32, I32, I32, F64, I32, I32, 1, F64,
    ]),
    // functions: dot, axpyWeighted, axpy, wss, axpyDot and their types
    ...section(3, [5, 0, 1, 2, 0, 3]),
    // memory: one, minimum 1 page, no maximum
    ...section(5, [1, 0x00, 1]),
    // exports: the memory and the five functions
    ...section(7, [
      6,
      ...str('mem'), 0x02, 0,
      ...str('dot'), 0x00, 0,
      ...str('axpyw'), 0x00, 1,
      ...str('axpy'), 0x00, 2,
      ...str('wss'), 0x00, 3,
      ...str('axpydot'), 0x00, 4,
    ]),
    // code: the five bodies in function order
    ...section(10, [
      5,
      ...uleb(dot.length), ...dot,
      ...uleb(axpy.length), ...axpy,
      ...uleb(axpy2.length), ...axpy2,
      ...uleb(wss.length), ...wss,
      ...uleb(axpyDot.length), ...axpyDot,
    ]),
  ];
  return new Uint8Array(bytes);
}

let cached: SimdKernels | null | undefined;

export function loadSimdKernels(): SimdKernels | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    if (typeof WebAssembly === 'undefined') return null;
    const bytes = buildModule();
    if (!WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const ex = instance.exports as {
      mem: WebAssembly.Memory;
      dot: SimdKernels['dot'];
      axpyw: SimdKernels['axpyWeighted'];
      axpy: SimdKernels['axpy'];
      wss: SimdKernels['wss'];
      axpydot: SimdKernels['axpyDot'];
    };
    cached = {
      memory: ex.mem,
      dot: ex.dot,
      axpyWeighted: ex.axpyw,
      axpy: ex.axpy,
      wss: ex.wss,
      axpyDot: ex.axpydot,
    };
  } catch {
    cached = null;
  }
  return cached;
}

/** Makes the kernels' memory hold at least `bytes` bytes; returns its (possibly new) buffer. */
export function ensureMemory(k: SimdKernels, bytes: number): ArrayBuffer {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
  return k.memory.buffer;
}
