// Starts GOV.UK Frontend's components. A file, not an inline script, so that a strict
// Content-Security-Policy can apply later. Module scripts do not run in browsers that
// GOV.UK Frontend does not support; those get the pages without JavaScript, which all work.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
