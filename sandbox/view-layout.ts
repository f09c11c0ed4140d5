/**
 * Where a player's view keeps the fields a round changes (prelude.ts
 * VIEW_FIELDS), so that the host can show a round's numbers in them itself
 * while the view and its history arrays are as the prelude made them: five
 * prelude assignments a round are about a quarter of a simple strategy's
 * round.
 *
 * QuickJS keeps an object (struct JSObject, which it never moves) with a
 * pointer to its shape (its prototype, property names and flags; shared by
 * objects made alike) and a pointer to its array of property values, 8
 * bytes each, in the shape's order. A shape that is shared is never
 * changed in place: adding, deleting or redefining a property, freezing or
 * changing the prototype gives the object a copy. The prelude's view has a
 * twin that keeps its first shape shared, and every plain array has the
 * context's array shape (which the context holds). So while the view's
 * shape pointer is its first one, its fields are the plain writable data
 * properties the prelude made, and writing a number over a number in one
 * of them is what an assignment would do (numbers hold no references);
 * and while the history arrays have the array shape, they have no
 * accessors (an index property with a getter or setter is in the shape),
 * so the prelude adding the round to them runs none of the strategy's
 * code, which could otherwise see the view's fields before the prelude
 * would have shown them.
 *
 * Where the two pointers are is found by what they hold, and must be found
 * exactly once, as checkLayout does for numbers (jsvalue.ts): the property
 * array is the one holding the view's first values (a string, 0, two
 * objects, 0, 0, three nulls, an object); the shape pointer is the word the
 * view and its twin and a third object of their shape share (a heap
 * address) and that changes in the third when it gains a property. The
 * host holds the prelude's viewLayout array for the player's life, and
 * with it the twin (nothing in the prelude refers to it).
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core'
import type { QuickJSInstance } from './instance'
import { TAG_INT, TAG_NULL } from './jsvalue'
import { VIEW_FIELDS } from './prelude'

const TAG_OBJECT = -1
const TAG_STRING = -7
/** Words of a JSObject searched for the two pointers (it has fewer). */
const OBJECT_WORDS = 16

/** Where the view's and its history arrays' pointers are (byte addresses), and what they hold while all are as the prelude made them. */
export interface ViewLayout {
  /** The view's shape pointer, and the pointer it holds while the view keeps its first shape. */
  shapeAt: number
  shape: number
  /** The pointer to the view's property values. */
  propsAt: number
  /** The history arrays (view.my and view.their as made), their shape pointers, and the context's array shape. */
  my: number
  their: number
  myShapeAt: number
  theirShapeAt: number
  arrayShape: number
}

/** Each field's index in the view's property array. */
export const VIEW_SLOT = Object.freeze(Object.fromEntries(VIEW_FIELDS.map((f, i) => [f, i])) as Record<(typeof VIEW_FIELDS)[number], number>)

/** The view's first values, as tags: VIEW_FIELDS in order. */
const FIRST_TAGS = [TAG_STRING, TAG_INT, TAG_OBJECT, TAG_OBJECT, TAG_INT, TAG_INT, TAG_NULL, TAG_NULL, TAG_NULL, TAG_OBJECT]

/**
 * Find the view's layout from the prelude's viewLayout array (the view,
 * its twin, a third object of their shape), before the player's snapshot.
 * The third gains a property here.
 */
export function locateView(ctx: QuickJSContext, layout: QuickJSHandle, words: Uint32Array, instance: QuickJSInstance): ViewLayout {
  const fail = (what: string): never => {
    throw new Error(`unexpected QuickJS memory layout: ${what} of the view`)
  }
  const objects = [0, 1, 2].map((i) => {
    const h = ctx.getProp(layout, i)
    const at = (h as unknown as { value: number }).value >>> 2
    const tag = words[at + 1]! | 0
    const address = words[at]!
    h.dispose()
    if (tag !== TAG_OBJECT) fail('no object')
    return address
  })
  const [view, twin, third] = objects as [number, number, number]
  const heapStart = instance.stack.value as number
  const heapEnd = instance.memory.buffer.byteLength
  const isHeap = (address: number) => address >= heapStart && address + 8 * FIRST_TAGS.length <= heapEnd && address % 4 === 0
  const word = (object: number, k: number) => words[(object >>> 2) + k]!

  const props = []
  for (let k = 0; k < OBJECT_WORDS; k++) {
    const p = word(view, k)
    if (isHeap(p) && FIRST_TAGS.every((tag, i) => (words[(p >>> 2) + 2 * i + 1]! | 0) === tag && (tag !== TAG_INT || words[(p >>> 2) + 2 * i] === 0))) props.push(k)
  }
  if (props.length !== 1) fail(`${props.length} candidates for the property array`)
  const propsWord = props[0]!

  const before = Array.from({ length: OBJECT_WORDS }, (_, k) => word(third, k))
  const handle = ctx.getProp(layout, 2)
  ctx.setProp(handle, 'grown', ctx.null)
  handle.dispose()
  const shapes = []
  for (let k = 0; k < OBJECT_WORDS; k++) {
    if (k === propsWord) continue
    const s = word(view, k)
    if (isHeap(s) && s === word(twin, k) && s === before[k] && word(third, k) !== s) shapes.push(k)
  }
  if (shapes.length !== 1) fail(`${shapes.length} candidates for the shape pointer`)
  const shapeWord = shapes[0]!

  const p = word(view, propsWord) >>> 2
  const my = words[p + 2 * VIEW_SLOT.my]!
  const their = words[p + 2 * VIEW_SLOT.their]!
  if (my === their || word(my, shapeWord) !== word(their, shapeWord)) fail('history arrays of another shape')
  return {
    shapeAt: view + 4 * shapeWord,
    shape: word(view, shapeWord),
    propsAt: view + 4 * propsWord,
    my,
    their,
    myShapeAt: my + 4 * shapeWord,
    theirShapeAt: their + 4 * shapeWord,
    arrayShape: word(my, shapeWord),
  }
}
