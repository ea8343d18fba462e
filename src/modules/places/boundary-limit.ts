// How large a district boundary file may be: shared by the server, the CLI and the upload page (no dependencies).

/** Larger files are refused before parsing: Rwanda's 30 districts fit in well under 1 MB when simplified. */
export const MAX_BOUNDARY_BYTES = 20 * 1024 * 1024;
