// Starts the GOV.UK Frontend components. Everything works without it; this only adds polish.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
