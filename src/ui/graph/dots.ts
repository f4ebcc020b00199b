/**
 * Message dots, stamped as pixels. Without a GPU, Chromium's canvas rasterises a path of thousands
 * of tiny shapes at about 10 microseconds a shape, and drawImage of a small sprite costs as much a
 * call, so 20,000 dots took 200 ms a frame. Here each kind's dot is drawn once into a sprite (shape,
 * colour, outline, antialiasing), and every frame the dots are copied pixel by pixel into a
 * transparent buffer that reaches the screen with one putImageData and one drawImage, limited to
 * the rectangle the dots cover. Where thousands of dots crowd, a dot whose centre falls in a 2x2
 * device-pixel cell that a dot of the same kind already took this frame is not stamped again: it
 * would cover the same pixels.
 */
import { offscreenCanvas } from "./canvas";

/** A sprite: straight (not premultiplied) RGBA pixels as uint32 in the platform's byte order. */
export interface Sprite {
  size: number;
  pixels: Uint32Array;
  /** Per row y: [first, last + 1] columns holding any non-transparent pixel (first = size when none). */
  spans: Int16Array;
  /** Its non-transparent pixels (index y * size + x), the opaque ones first, and their values: what `stampInside` writes. */
  visible: Int32Array;
  values: Uint32Array;
  opaqueCount: number;
  /** `visible` as offsets into a buffer `offsetsWidth` pixels wide (computed on first use at a width). */
  offsets: Int32Array;
  offsetsWidth: number;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Alpha of a packed pixel (byte 3 of RGBA in memory). */
function alphaOf(p: number): number {
  return LITTLE_ENDIAN ? p >>> 24 : p & 0xff;
}

/**
 * A scratch canvas `size` device px square for painting sprites: paint() clears it, lets `draw`
 * paint on it (setting its own transform), and returns what was painted as a sprite.
 */
export function spriteCanvas(size: number): { g: CanvasRenderingContext2D; paint(draw: () => void): Sprite } {
  const g = offscreenCanvas(size, size).getContext("2d", { willReadFrequently: true })!;
  return {
    g,
    paint(draw) {
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.clearRect(0, 0, size, size);
      draw();
      return makeSprite(size, g.getImageData(0, 0, size, size).data);
    },
  };
}

/** A sprite from straight RGBA pixels (as getImageData gives them), with its non-transparent span per row. */
export function makeSprite(size: number, rgba: Uint8ClampedArray): Sprite {
  const pixels = new Uint32Array(rgba.buffer.slice(rgba.byteOffset, rgba.byteOffset + size * size * 4));
  const spans = new Int16Array(2 * size);
  for (let y = 0; y < size; y++) {
    let from = size;
    let to = 0;
    for (let x = 0; x < size; x++) {
      if (pixels[y * size + x] !== 0) {
        from = Math.min(from, x);
        to = x + 1;
      }
    }
    spans[2 * y] = from;
    spans[2 * y + 1] = to;
  }
  const opaque: number[] = [];
  const rim: number[] = [];
  for (let i = 0; i < size * size; i++) {
    const a = alphaOf(pixels[i]!);
    if (a === 255) opaque.push(i);
    else if (a > 0) rim.push(i);
  }
  const visible = Int32Array.from([...opaque, ...rim]);
  const values = Uint32Array.from(visible, (i) => pixels[i]!);
  return { size, pixels, spans, visible, values, opaqueCount: opaque.length, offsets: new Int32Array(visible.length), offsetsWidth: -1 };
}

/**
 * Copies `sprite` into `pixels` (a `width` x `height` buffer) with its top-left corner at (x0, y0),
 * clipped to the buffer. Where dots overlap, the more opaque pixel wins: the later dot covers the
 * earlier one's body, and an antialiased rim never punches into a solid neighbour (a blend would
 * cost several times more per pixel, and at 20,000 dots it would be most of the frame).
 * Returns false when nothing was inside.
 */
export function stamp(pixels: Uint32Array, width: number, height: number, sprite: Sprite, x0: number, y0: number): boolean {
  const size = sprite.size;
  const clipX0 = Math.max(0, -x0);
  const clipY0 = Math.max(0, -y0);
  const clipX1 = Math.min(size, width - x0);
  const clipY1 = Math.min(size, height - y0);
  if (clipX0 >= clipX1 || clipY0 >= clipY1) return false;
  const sp = sprite.pixels;
  const spans = sprite.spans;
  for (let sy = clipY0; sy < clipY1; sy++) {
    const fromX = Math.max(clipX0, spans[2 * sy]!);
    const toX = Math.min(clipX1, spans[2 * sy + 1]!);
    const row = (y0 + sy) * width + x0;
    const srow = sy * size;
    for (let sx = fromX; sx < toX; sx++) {
      const src = sp[srow + sx]!;
      const i = row + sx;
      if (alphaOf(src) >= alphaOf(pixels[i]!)) pixels[i] = src;
    }
  }
  return true;
}

/**
 * `stamp` for a sprite wholly inside the buffer: the same pixels, written from its list of visible
 * ones (opaque pixels always win, so only the antialiased rim is compared). Thousands of dots a
 * frame are stamped this way; it skips the clipping and the transparent corners.
 */
export function stampInside(pixels: Uint32Array, width: number, sprite: Sprite, x0: number, y0: number): void {
  const offsets = sprite.offsets;
  if (sprite.offsetsWidth !== width) {
    const size = sprite.size;
    for (let j = 0; j < offsets.length; j++) {
      const i = sprite.visible[j]!;
      offsets[j] = Math.floor(i / size) * width + (i % size);
    }
    sprite.offsetsWidth = width;
  }
  const values = sprite.values;
  const base = y0 * width + x0;
  const opaque = sprite.opaqueCount;
  for (let j = 0; j < opaque; j++) pixels[base + offsets[j]!] = values[j]!;
  for (let j = opaque; j < offsets.length; j++) {
    const i = base + offsets[j]!;
    const src = values[j]!;
    if (alphaOf(src) >= alphaOf(pixels[i]!)) pixels[i] = src;
  }
}

/** Rectangle in device pixels; empty when w or h is 0. */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The offscreen buffer the dots are stamped into, and what the last frame covered. */
export class DotRaster {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private image: ImageData | null = null;
  private pixels = new Uint32Array(0);
  width = 0;
  height = 0;
  /** Bounds of what was stamped since `begin`, device px (x1, y1 exclusive). */
  private x0 = 0;
  private y0 = 0;
  private x1 = 0;
  private y1 = 0;
  /** What the previous frame left in the buffer (cleared by the next `begin`). */
  private last: PixelRect = { x: 0, y: 0, w: 0, h: 0 };
  private readonly cells = new CellGrid();

  /** Clears last frame's dots; (re)allocates for a `width` x `height` device-pixel canvas. */
  begin(width: number, height: number): void {
    if (width !== this.width || height !== this.height || !this.image) {
      this.canvas ??= offscreenCanvas();
      this.canvas.width = width;
      this.canvas.height = height;
      this.ctx = this.canvas.getContext("2d", { willReadFrequently: false });
      this.image = new ImageData(width, height);
      this.pixels = new Uint32Array(this.image.data.buffer);
      this.width = width;
      this.height = height;
      this.last = { x: 0, y: 0, w: 0, h: 0 };
      this.cells.resize(width, height);
    } else if (this.last.w > 0) {
      for (let y = this.last.y; y < this.last.y + this.last.h; y++) {
        const row = y * width;
        this.pixels.fill(0, row + this.last.x, row + this.last.x + this.last.w);
      }
    }
    this.x0 = width;
    this.y0 = height;
    this.x1 = 0;
    this.y1 = 0;
  }

  /** Starts a layer of like dots: within one, a dot centred in a cell another took is skipped (`addOnce`). */
  layer(): void {
    this.cells.layer();
  }

  /** Stamps a sprite centred at device pixel (cx, cy) unless this layer already has one centred in its 2x2 cell. */
  addOnce(sprite: Sprite, cx: number, cy: number): void {
    if (this.cells.take(Math.round(cx), Math.round(cy))) this.add(sprite, cx, cy);
  }

  /** Stamps a sprite centred at device pixel (cx, cy). */
  add(sprite: Sprite, cx: number, cy: number): void {
    const size = sprite.size;
    const x = Math.round(cx) - (size >> 1);
    const y = Math.round(cy) - (size >> 1);
    if (x >= 0 && y >= 0 && x + size <= this.width && y + size <= this.height) stampInside(this.pixels, this.width, sprite, x, y);
    else if (!stamp(this.pixels, this.width, this.height, sprite, x, y)) return;
    if (x < this.x0) this.x0 = Math.max(0, x);
    if (y < this.y0) this.y0 = Math.max(0, y);
    if (x + sprite.size > this.x1) this.x1 = Math.min(this.width, x + sprite.size);
    if (y + sprite.size > this.y1) this.y1 = Math.min(this.height, y + sprite.size);
  }

  /**
   * Uploads what changed (this frame's dots and the pixels last frame's dots left) and draws this
   * frame's dots onto `target` (identity transform, device pixels).
   */
  flush(target: CanvasRenderingContext2D): void {
    const now: PixelRect = this.x1 > this.x0 && this.y1 > this.y0 ? { x: this.x0, y: this.y0, w: this.x1 - this.x0, h: this.y1 - this.y0 } : { x: 0, y: 0, w: 0, h: 0 };
    const upload = union(now, this.last);
    if (upload.w > 0 && this.ctx && this.image) this.ctx.putImageData(this.image, 0, 0, upload.x, upload.y, upload.w, upload.h);
    if (now.w > 0 && this.canvas) target.drawImage(this.canvas, now.x, now.y, now.w, now.h, now.x, now.y, now.w, now.h);
    this.last = now;
  }
}

export function union(a: PixelRect, b: PixelRect): PixelRect {
  if (a.w === 0 || a.h === 0) return b;
  if (b.w === 0 || b.h === 0) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** 2x2-pixel cells of a width x height buffer, each remembering the last layer that took it. */
export class CellGrid {
  private cells = new Uint32Array(0);
  private perRow = 0;
  private width = 0;
  private height = 0;
  private id = 1;

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.perRow = (width + 1) >> 1;
    this.cells = new Uint32Array(this.perRow * ((height + 1) >> 1));
    this.id = 1;
  }

  /** A new layer: every cell is free again. */
  layer(): void {
    if (++this.id === 0xffffffff) {
      this.cells.fill(0);
      this.id = 1;
    }
  }

  /** Takes the cell of pixel (x, y) for this layer: false when the layer already had it. Pixels outside are always free. */
  take(x: number, y: number): boolean {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return true;
    const cell = (y >> 1) * this.perRow + (x >> 1);
    if (this.cells[cell] === this.id) return false;
    this.cells[cell] = this.id;
    return true;
  }
}
