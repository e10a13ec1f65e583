// Quick exit's entry point for the loader; the steps live in src/js/quick_exit/.
export { startQuickExit, langOf } from "./quick_exit/index.js";
