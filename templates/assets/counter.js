/*
 * bantin's view counter, page side. Included in every page with
 *   <script defer src=".../counter.<hash>.js" data-endpoint="/base/api"></script>
 * it fills, from the counter API at data-endpoint:
 * - the article being read, <span data-views="<id>" data-views-count>: counts a view (POST) and shows the answer;
 * - every other <span data-views="<id>">: counts read in batches of 100 (GET /views?ids=a,b,c);
 * - <span data-stat="online"> and <span data-stat="total">: counts a visit (POST /visit) and shows the answer.
 * Numbers are written the Vietnamese way (5.839.654). Only text is replaced; when the API is down or
 * JavaScript is off, the "–" placeholders stay. A prerendered page waits until it is actually shown.
 * Plain browser JavaScript (no build step); a test keeps it under 1.5 KB minified.
 */
(function () {
  var script = document.currentScript;
  var endpoint = script && script.getAttribute('data-endpoint');
  if (!endpoint || !window.fetch || !document.querySelectorAll) return;
  var number = new Intl.NumberFormat('vi-VN');

  function api(path, post) {
    return fetch(endpoint + path, post ? { method: 'POST' } : {}).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function show(element, value) {
    if (typeof value === 'number') element.textContent = number.format(value);
  }

  function each(selector, callback) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
  }

  function ignore() {}

  function run() {
    var listed = {};
    each('[data-views]', function (element) {
      var id = element.getAttribute('data-views');
      if (element.hasAttribute('data-views-count')) {
        api('/views/' + id, true)
          .then(function (answer) {
            show(element, answer.views);
          })
          .catch(ignore);
      } else {
        (listed[id] = listed[id] || []).push(element);
      }
    });

    var ids = Object.keys(listed);
    for (var start = 0; start < ids.length; start += 100) {
      (function (batch) {
        api('/views?ids=' + batch.join(','))
          .then(function (answer) {
            batch.forEach(function (id) {
              listed[id].forEach(function (element) {
                show(element, answer.views[id]);
              });
            });
          })
          .catch(ignore);
      })(ids.slice(start, start + 100));
    }

    api('/visit', true)
      .then(function (answer) {
        each('[data-stat]', function (element) {
          show(element, answer[element.getAttribute('data-stat')]);
        });
      })
      .catch(ignore);
  }

  if (document.prerendering) document.addEventListener('prerenderingchange', run, { once: true });
  else run();
})();
