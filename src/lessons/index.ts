export { parseLesson, lessonCells, findFences } from "./parse";
export type { Block, CellBlock, ProseBlock, ParsedLesson, Fence } from "./parse";
export { parseMeta } from "./meta";
export type { LessonMeta } from "./meta";
export { remarkCells } from "./remarkCells";
export { remarkHeadingIds, slugify } from "./headingIds";
