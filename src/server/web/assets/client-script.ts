/**
 * The page's only script, served as /assets/app.js. The pages work by calling the JSON API
 * and reloading; the script adds that, copying, the device-code polling and the refresh of
 * live sections. It lives in a TypeScript string so the build copies no asset files.
 *
 * Hooks in the HTML:
 * - `form[data-api]`: submit sends the fields as JSON to that URL with `data-method`, then
 *   follows `data-then` ("reload", or a path to open). Errors show in the form's `.alert`.
 * - `button[data-action]`: sends `data-method` to that URL after confirming `data-confirm`.
 * - `button[data-copy]`: copies the value of the element with that id.
 * - `[data-device-link]`: the link-an-account panel.
 * - `[data-refresh]`: replaced every `data-refresh` seconds with the same element of a fresh page.
 * - `time[datetime]`: shown as a relative time, with the local date as a tooltip.
 */
export const CLIENT_SCRIPT = `
'use strict';
(function () {
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';

  function api(method, url, body) {
    var headers = { accept: 'application/json' };
    if (csrf) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 204) return null;
        return response.json().catch(function () { return null; }).then(function (data) {
          if (!response.ok) {
            var message = data && data.message ? data.message : 'The request failed with HTTP ' + response.status + '.';
            if (response.status === 401 && url.indexOf('/api/session') !== 0) message = 'Your session ended. Reload the page and log in again.';
            throw new Error(message);
          }
          return data;
        });
      });
  }

  function showAlert(container, kind, message) {
    var alert = container.querySelector('.alert');
    if (!alert) return;
    alert.className = 'alert ' + kind;
    alert.textContent = message;
  }

  function follow(then) {
    if (!then || then === 'reload') { window.location.reload(); return; }
    window.location.assign(then);
  }

  function fieldValue(field) {
    var kind = field.getAttribute('data-kind') || 'text';
    if (field.type === 'checkbox') return field.checked;
    var text = field.value.trim();
    if (text === '' && field.hasAttribute('data-nullable')) return null;
    if (kind === 'list') return text === '' ? [] : text.split(/[\\n,]+/).map(function (part) { return part.trim(); }).filter(Boolean);
    if (kind === 'number') return text === '' ? null : Number(text);
    if (kind === 'boolean') return text === '' ? null : text === 'true';
    return field.value;
  }

  /** Named fields become a JSON object; "values.x.y" nests under "values" with the key "x.y". */
  function collect(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.hasAttribute('data-skip')) return;
      if (field.type === 'checkbox' && field.hasAttribute('data-multi')) return;
      var value = fieldValue(field);
      if (value === '' && field.hasAttribute('data-omit-empty')) return;
      if (field.name.indexOf('values.') === 0) {
        body.values = body.values || {};
        body.values[field.name.slice(7)] = value;
      } else {
        body[field.name] = value;
      }
    });
    return body;
  }

  function onSubmit(event) {
    var form = event.target.closest('form[data-api]');
    if (!form) return;
    event.preventDefault();
    var check = form.getAttribute('data-check');
    if (check === 'password-match') {
      var fields = form.querySelectorAll('input[type="password"]');
      if (fields.length === 2 && fields[0].value !== fields[1].value) {
        showAlert(form, 'error', 'The two passwords differ. Type the same password twice.');
        return;
      }
    }
    var submit = form.querySelector('button[type="submit"]');
    if (submit) submit.disabled = true;
    showAlert(form, 'info', '');
    var custom = form.getAttribute('data-submit');
    var done = custom === 'map-users' ? submitMapping(form) : api(form.getAttribute('data-method') || 'POST', form.getAttribute('data-api'), collect(form));
    done.then(function (data) {
      if (form.getAttribute('data-then') === 'result') { renderResult(form, data); if (submit) submit.disabled = false; return; }
      var then = form.getAttribute('data-then');
      if (then === 'next') {
        // Only a page of this bridge: "//host" or "/\\host" would leave the site.
        then = new URLSearchParams(window.location.search).get('next') || '/';
        if (!/^\\/[a-z-]*$/.test(then)) then = '/';
      }
      follow(then);
    }).catch(function (error) {
      showAlert(form, 'error', error.message);
      if (submit) submit.disabled = false;
    });
  }

  /** Post each checked or typed user of the mapping form to the link, one request each. */
  function submitMapping(form) {
    var url = form.getAttribute('data-api');
    var users = [];
    form.querySelectorAll('input[type="checkbox"][data-multi]:checked').forEach(function (box) {
      users.push({ source: box.getAttribute('data-source'), user: box.value });
    });
    var typed = form.querySelector('input[name="user"]');
    var source = form.querySelector('select[name="source"]');
    if (typed && typed.value.trim() !== '') users.push({ source: source ? source.value : 'plex', user: typed.value.trim() });
    if (users.length === 0) return Promise.reject(new Error('Choose a user from the list or type a user name.'));
    return users.reduce(function (chain, user) {
      return chain.then(function () { return api('POST', url, user); });
    }, Promise.resolve());
  }

  function renderResult(form, data) {
    var out = form.querySelector('[data-result]');
    if (!out || !data) return;
    var text;
    if (data.outcome === 'event') {
      text = 'This payload parses: a ' + data.event.kind + ' of the ' + data.event.type + ' "' + data.event.title + '" by ' + data.event.user + '. ';
      text += data.linkId === null ? 'That user is not mapped to a link yet, so the bridge would drop it: map the user on the Links page.' : 'It would be sent for link ' + data.linkId + '.';
      out.className = 'alert success';
    } else if (data.outcome === 'ignored') {
      text = 'This payload parses but is ignored: ' + data.reason;
      out.className = 'alert info';
    } else {
      text = 'This payload would be rejected: ' + data.reason;
      out.className = 'alert error';
    }
    out.textContent = text;
  }

  function onClick(event) {
    var copy = event.target.closest('button[data-copy]');
    if (copy) { copyValue(copy); return; }
    var action = event.target.closest('button[data-action]');
    if (action) { runAction(action); return; }
    var start = event.target.closest('button[data-start-link]');
    if (start) { startLink(start); return; }
    var cancel = event.target.closest('button[data-cancel-link]');
    if (cancel) { cancelLink(); }
  }

  function runAction(button) {
    var question = button.getAttribute('data-confirm');
    if (question && !window.confirm(question)) return;
    button.disabled = true;
    var scope = button.closest('[data-alert-scope]') || document.querySelector('main');
    api(button.getAttribute('data-method') || 'POST', button.getAttribute('data-action'))
      .then(function () { follow(button.getAttribute('data-then') || 'reload'); })
      .catch(function (error) { button.disabled = false; showAlert(scope, 'error', error.message); });
  }

  function copyValue(button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) return;
    var status = button.parentNode.parentNode.querySelector('[data-copy-status]');
    function done(ok) {
      if (status) status.textContent = ok ? 'Copied to the clipboard.' : 'Copying failed: select the text and copy it by hand.';
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(legacyCopy(field)); });
    } else {
      done(legacyCopy(field));
    }
  }

  /** Pages served over plain http on a LAN address have no Clipboard API. */
  function legacyCopy(field) {
    field.focus();
    field.select();
    try { return document.execCommand('copy'); } catch (error) { return false; }
  }

  // ---- Link a PunchPlay account ----
  var flow = null;
  var pollTimer = null;

  function panel() { return document.querySelector('[data-device-link]'); }

  function startLink(button) {
    var box = panel();
    if (!box) return;
    button.disabled = true;
    var relink = button.getAttribute('data-relink');
    var body = relink ? { relinkId: Number(relink) } : {};
    api('POST', '/api/device-links', body).then(function (view) {
      flow = view;
      box.hidden = false;
      box.querySelector('[data-user-code]').textContent = view.userCode;
      var link = box.querySelector('[data-verify-link]');
      // Only a web address becomes a link, whatever the server sent.
      if (/^https?:\\/\\//i.test(view.verificationUriComplete)) link.href = view.verificationUriComplete;
      link.textContent = view.verificationUriComplete;
      var qr = box.querySelector('[data-qr]');
      qr.src = view.qrImage;
      box.querySelector('[data-expires]').setAttribute('datetime', new Date(view.expiresAt).toISOString());
      localizeTimes(box);
      setStatus('Waiting for approval on PunchPlay…', 'info');
      box.scrollIntoView({ block: 'start' });
      box.querySelector('[data-user-code]').focus();
      poll();
    }).catch(function (error) {
      button.disabled = false;
      showAlert(button.closest('[data-alert-scope]') || document.querySelector('main'), 'error', error.message);
    });
  }

  function setStatus(message, kind) {
    var status = panel().querySelector('[data-status]');
    status.className = 'alert ' + kind;
    status.textContent = message;
  }

  function poll() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(function () {
      api('GET', '/api/device-links/' + encodeURIComponent(flow.id)).then(function (view) {
        flow = view;
        if (view.state === 'pending') { poll(); return; }
        if (view.state === 'approved') {
          setStatus('Linked' + (view.username ? ' as ' + view.username : '') + '. Next: choose the media-server users of this account.', 'success');
          window.location.assign('/links?linked=' + view.linkId);
          return;
        }
        setStatus(view.message || 'Linking ended.', 'error');
        document.querySelectorAll('button[data-start-link]').forEach(function (b) { b.disabled = false; });
      }).catch(function (error) {
        setStatus(error.message + ' Still trying…', 'error');
        poll();
      });
    }, 2000);
  }

  function cancelLink() {
    if (!flow) return;
    clearTimeout(pollTimer);
    api('DELETE', '/api/device-links/' + encodeURIComponent(flow.id)).finally(function () { window.location.reload(); });
  }

  // ---- Times and live sections ----
  function describeAge(date) {
    var seconds = Math.round((Date.now() - date.getTime()) / 1000);
    var future = seconds < 0;
    var s = Math.abs(seconds);
    var text;
    if (s < 45) text = s + ' s';
    else if (s < 3600) text = Math.round(s / 60) + ' min';
    else if (s < 86400) text = Math.round(s / 3600) + ' h';
    else return date.toLocaleString();
    return future ? 'in ' + text : text + ' ago';
  }

  function localizeTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (element) {
      var date = new Date(element.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      element.title = date.toLocaleString();
      if (!element.hasAttribute('data-absolute')) element.textContent = describeAge(date);
    });
  }

  function refreshLive() {
    document.querySelectorAll('[data-refresh]').forEach(function (section) {
      var seconds = Number(section.getAttribute('data-refresh')) || 10;
      setInterval(function () {
        if (document.hidden) return;
        if (section.contains(document.activeElement) && document.activeElement !== document.body) return;
        fetch(window.location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (!html) return;
            var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(section.id);
            if (fresh) { section.innerHTML = fresh.innerHTML; localizeTimes(section); }
          })
          .catch(function () {});
      }, seconds * 1000);
    });
  }

  document.addEventListener('submit', onSubmit);
  document.addEventListener('click', onClick);
  document.addEventListener('DOMContentLoaded', function () {
    localizeTimes(document);
    refreshLive();
    setInterval(function () { localizeTimes(document); }, 30000);
  });
})();
`
