// The place levels a 3W view can be pivoted on: a zod-free module, so the browser's 3W page does not load zod for them.

export const PLACE_LEVELS = ["province", "district", "sector", "place_of_detention"] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];
