/**
 * A seeded 32-bit generator with the Web Crypto shape, for reproducible privacy tests only
 * (xoshiro128**, Blackman & Vigna 2018; seeded by splitmix32). Never use it for real noise.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** How many words were handed out (to check that a path read randomness at all). */
  drawn = 0;

  constructor(seed: number) {
    let z = seed >>> 0;
    const next = (): number => {
      z = (z + 0x9e3779b9) >>> 0;
      let x = z;
      x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
      x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
      return (x ^ (x >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  getRandomValues(array: Uint32Array): Uint32Array {
    for (let i = 0; i < array.length; i++) {
      const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
      const t = this.s1 << 9;
      this.s2 ^= this.s0;
      this.s3 ^= this.s1;
      this.s1 ^= this.s2;
      this.s0 ^= this.s3;
      this.s2 ^= t;
      this.s3 = rotl(this.s3, 11);
      array[i] = result;
    }
    this.drawn += array.length;
    return array;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
