// Run at the top of <body>, before it is drawn: marks the page as having JavaScript, and as able
// to run GOV.UK Frontend (which needs ES modules), so its components show their enhanced forms.
// A file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
