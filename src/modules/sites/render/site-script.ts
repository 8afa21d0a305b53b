import { createHash } from 'node:crypto';

/**
 * The only script a published page runs, served by the sites server as a file and loaded with
 * `<script src defer integrity>`:
 *
 * - a page-view beacon: `navigator.sendBeacon(data-beacon, JSON {path, referrer, width})` as
 *   `text/plain` (no preflight, no cookie, no identifier; see `pageViewBeaconSchema`);
 * - the contact form's enhancer: sends the form with `fetch` (`Accept: application/json`),
 *   keeps the button disabled meanwhile, and shows the form's sent/failed message in place.
 *   Without the script the form is a plain POST that the server answers with a 303 to
 *   `page#contact-sent-…`, where CSS (`:target`) shows the same message.
 *
 * Plain ES2015 that every browser runs; no eval, no inline handlers, nothing it loads.
 */
export const siteScript = `(function () {
  'use strict';
  var script = document.currentScript;
  var beacon = script && script.getAttribute('data-beacon');
  if (beacon && navigator.sendBeacon) {
    try {
      navigator.sendBeacon(beacon, JSON.stringify({ path: location.pathname, referrer: document.referrer, width: Math.round(window.innerWidth || 0) }));
    } catch (error) {}
  }
  var forms = document.querySelectorAll('form[data-contact-form]');
  Array.prototype.forEach.call(forms, function (form) {
    function show(name) {
      var messages = form.parentNode.querySelectorAll('[data-form-status]');
      Array.prototype.forEach.call(messages, function (message) {
        var match = message.getAttribute('data-form-status') === name;
        message.hidden = !match;
        if (match) message.focus();
      });
    }
    form.addEventListener('submit', function (event) {
      if (!window.fetch || !window.FormData || !window.URLSearchParams) return;
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { Accept: 'application/json' }, credentials: 'omit' })
        .then(function (response) {
          show(response.ok ? 'sent' : 'failed');
          if (response.ok) form.reset();
        }, function () {
          show('failed');
        })
        .then(function () {
          if (button) button.disabled = false;
        });
    });
  });
})();
`;

/** The script's hash as a CSP source and as its `integrity` attribute: `sha256-<base64>`. */
export const siteScriptHash = `sha256-${createHash('sha256').update(siteScript, 'utf8').digest('base64')}`;
