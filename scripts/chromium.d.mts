/** The Chromium binary. */
export declare const chromiumPath: string;
/** Flags for a headless Chromium in a container or CI: no sandbox, GPU or background traffic. */
export declare const chromiumArgs: readonly string[];
/** Throws an error that says how to get Chromium when there is none at `chromiumPath`. */
export declare function assertChromium(): void;
