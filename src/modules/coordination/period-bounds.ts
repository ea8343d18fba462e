// The dates standing for an open end of a 3W period: a zod-free module, so the browser's 3W pages do not load zod.

export const OPEN_PERIOD_START = "1900-01-01";
export const OPEN_PERIOD_END = "2199-12-31";
