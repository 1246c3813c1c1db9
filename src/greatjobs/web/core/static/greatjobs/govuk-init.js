// Starts every GOV.UK Frontend component on the page. An ES module: browsers that cannot run
// modules ignore it and keep the plain HTML versions of the components.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
