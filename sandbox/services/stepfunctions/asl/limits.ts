/** Step Functions' limit on the size of a state's input, output or task result (256 KiB of UTF-8). */
export const MAX_PAYLOAD_BYTES = 262_144;
