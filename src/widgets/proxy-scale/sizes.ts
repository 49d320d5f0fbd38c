// The sizes the scale view compares (its own small module: the island's first JavaScript needs only this).
export const SCALE_SIZES = [10, 1_000, 10_000];
export const SCALE_ENDPOINTS = [1, 3, 10];
