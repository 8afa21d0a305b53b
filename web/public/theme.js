// Runs before the first paint so a dark-theme user never sees a white flash. The choice is
// 'light', 'dark' or 'system' (the default), kept by web/src/ui/theme.ts under the same key.
(function () {
  var choice = 'system';
  try {
    choice = localStorage.getItem('atelier-theme') || 'system';
  } catch (_error) {
    // Storage can be off (private mode): follow the system.
  }
  var dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
})();
