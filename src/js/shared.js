// The consent core's constants the loader's JS needs in more than one file (the
// returning-visitor fast path, the no-module fallback, window.pccConsent's stub), kept
// once so the copies cannot drift apart. It owns values only, as the Rust core defines
// them (src/consent/category.rs, src/consent/record.rs), and must never hold logic that
// decides anything.

// Every optional category, in the core's order (Category::OPTIONAL).
export const OPTIONAL = ["performance", "functionality", "targeting", "statistics"];
// The categories asked about by default; a record's `off` is counted against them
// (Category::ASKED_BY_DEFAULT).
export const ASKED = ["performance", "functionality", "targeting"];
export const MINUTE = 60_000;
export const DAY = 86_400_000;
// A cookie's times, to the minute (the cookie's reduced form).
export const floorMinute = (ms) => ms - (ms % MINUTE);
