// Parsl dashboard. A live run's page asks its JSON endpoint (main[data-live]) for the sections that change and swaps
// them in, until the run has finished; the server says how long to wait between asks.
(() => {
  'use strict';
  const main = document.querySelector('main[data-live]');
  if (!main) return;
  const url = main.dataset.live;

  const finish = (live) => {
    main.removeAttribute('data-live');
    main.dataset.finished = live.finished || '';
    const status = document.querySelector('h1 .status');
    if (status) status.innerHTML = '<span class="badge s-finished">finished</span>';
    const field = document.querySelector('[data-field="finished"]');
    if (field) field.textContent = live.finished || '';
  };

  const poll = async () => {
    let wait = 2000;
    try {
      const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
      if (response.ok) {
        const live = await response.json();
        for (const [name, html] of Object.entries(live.sections)) {
          const section = main.querySelector(`[data-section="${name}"]`);
          if (section) section.innerHTML = html;
        }
        main.dataset.total = String(live.total);
        main.dataset.updated = String(Date.now());
        if (!live.live) {
          finish(live);
          return;
        }
        wait = live.pollMilliseconds;
      }
    } catch {
      // The dashboard may be restarting with its run: ask again later.
    }
    setTimeout(poll, wait);
  };
  setTimeout(poll, 1000);
})();
