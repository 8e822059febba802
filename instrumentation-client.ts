// Runs in the browser before the app becomes interactive.
//
// zod (the forms' validation) probes whether it may compile validators with `new Function`. Under
// the site's Content-Security-Policy (no 'unsafe-eval': lib/cache/csp.mjs) the probe is refused and
// zod falls back to plain validation, but the refusal is still reported as a policy violation.
// Telling zod up front not to compile skips the probe. zod keeps this setting on globalThis, so it
// applies whichever loads first; the server keeps compiling.
const zodConfig = ((globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig ??= {});
zodConfig.jitless = true;
