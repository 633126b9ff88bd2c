/* The local Forge host page: pick a module, its context and the user; frame the surface; answer UI bridge requests. */
(function () {
  'use strict';
  var state = null;
  var current = { moduleKey: null, accountId: null, issueKey: 'OPS-113', projectKey: '', boardId: '', sprintId: '' };
  var frameId = null;
  var $ = function (id) { return document.getElementById(id); };

  // The newest lines first, the last LOG_LINES kept: a whole session of views (a bench opens dozens) would otherwise
  // grow one text node that the page lays out again on every line, beside the surface it frames.
  var LOG_LINES = 200;
  function log(line) {
    var el = $('log');
    var row = document.createElement('div');
    row.textContent = new Date().toISOString().slice(11, 19) + ' ' + line;
    el.insertBefore(row, el.firstChild);
    while (el.childNodes.length > LOG_LINES) el.removeChild(el.lastChild);
  }
  function message(text) { $('message').textContent = text || ''; }

  // Jira requests from the host's bridge log: the surfaces' requestJira calls (frontend, as the viewer, not charged to
  // the app's points quota) apart from the app's own (its resolvers' and triggers', charged), with their points.
  var lastSeq = 0;
  var totals = { frontend: 0, app: 0 };
  function showTotals() {
    $('totals').textContent = 'Points this session: app quota (charged) ' + totals.app + ' · frontend requestJira (not charged; if charged) ' + totals.frontend;
  }
  function pollBridgeLog() {
    api('/api/bridge-log?after=' + lastSeq).then(function (answer) {
      answer.entries.forEach(function (e) {
        lastSeq = e.seq;
        totals[e.kind] += e.refused ? 0 : e.points;
        var what = e.method + ' ' + e.path + ' → ' + (e.refused ? 'refused (' + e.refused + ')' : e.status);
        if (e.kind === 'frontend') {
          log('[frontend, not charged] requestJira ' + what + ' as ' + e.user + ' · ' + e.points + ' points if charged' + (e.ms === undefined ? '' : ' · ' + e.ms + ' ms'));
        } else {
          log('[app quota, charged]    ' + what + ' · ' + e.points + ' points');
        }
      });
      showTotals();
    }, function () { /* the host went away: the next poll tries again */ }).then(function () { setTimeout(pollBridgeLog, 1000); });
  }
  function api(path, body, token) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers['x-ktlo-frame-token'] = token;
    return fetch(path, body === undefined ? {} : { method: 'POST', headers: headers, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.message || r.status); return j; }); });
  }
  function dark() { return $('dark').checked; }
  function module() { return state.modules.find(function (m) { return m.key === current.moduleKey; }); }
  function option(select, value, label) {
    var o = document.createElement('option'); o.value = value; o.textContent = label; select.appendChild(o); return o;
  }
  function field(form, labelText, input) {
    var label = document.createElement('label'); label.textContent = labelText; label.htmlFor = input.id;
    form.appendChild(label); form.appendChild(input);
  }

  function renderUsers() {
    var box = $('users'); box.textContent = '';
    state.users.forEach(function (u) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'radio'; input.name = 'user'; input.value = u.accountId; input.checked = u.accountId === current.accountId;
      input.addEventListener('change', function () { current.accountId = u.accountId; renderContext(); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + u.displayName + (u.admin ? ' (admin)' : '')));
      box.appendChild(label);
    });
  }

  function renderModules() {
    var box = $('modules'); box.textContent = '';
    state.modules.forEach(function (m) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = m.title + ' — ' + m.type + (m.built ? '' : ' (not built)');
      b.setAttribute('aria-current', String(m.key === current.moduleKey));
      b.addEventListener('click', function () { current.moduleKey = m.key; renderModules(); renderContext(); });
      box.appendChild(b);
    });
  }

  function renderContext() {
    var m = module();
    var form = $('context'); form.textContent = '';
    if (!m) return;
    var needsBoard = m.contextKind === 'board' || m.contextKind === 'sprint' || m.optionalBoard;
    if (m.contextKind === 'issue') {
      var input = document.createElement('input'); input.id = 'issueKey'; input.value = current.issueKey;
      input.addEventListener('change', function () { current.issueKey = input.value; });
      field(form, 'Issue key', input);
    }
    var loads = [];
    if (m.contextKind === 'project') {
      var ps = document.createElement('select'); ps.id = 'projectKey';
      field(form, 'Project', ps);
      loads.push(api('/api/projects?as=' + encodeURIComponent(current.accountId)).then(function (projects) {
        projects.forEach(function (p) { option(ps, p.key, p.name + ' (' + p.key + ')'); });
        if (!projects.some(function (p) { return p.key === current.projectKey; }) && projects[0]) current.projectKey = projects[0].key;
        ps.value = current.projectKey;
        ps.addEventListener('change', function () { current.projectKey = ps.value; });
      }));
    }
    if (needsBoard) {
      var bs = document.createElement('select'); bs.id = 'boardId';
      field(form, m.optionalBoard ? 'Board (optional)' : 'Board', bs);
      var ss = null;
      if (m.contextKind === 'sprint') { ss = document.createElement('select'); ss.id = 'sprintId'; field(form, 'Sprint', ss); }
      var loadSprints = function () {
        if (!ss) return Promise.resolve();
        ss.textContent = '';
        if (!current.boardId) return Promise.resolve();
        return api('/api/boards/' + current.boardId + '/sprints?as=' + encodeURIComponent(current.accountId)).then(function (sprints) {
          sprints.forEach(function (s) { option(ss, String(s.id), s.name + ' (' + s.state + ')'); });
          var active = sprints.find(function (s) { return s.state === 'active'; });
          if (!sprints.some(function (s) { return String(s.id) === current.sprintId; })) current.sprintId = active ? String(active.id) : (sprints[0] ? String(sprints[0].id) : '');
          ss.value = current.sprintId;
        });
      };
      loads.push(api('/api/boards?as=' + encodeURIComponent(current.accountId)).then(function (boards) {
        if (m.contextKind === 'sprint') boards = boards.filter(function (b) { return b.type === 'scrum'; });
        if (m.optionalBoard) option(bs, '', '(none)');
        boards.forEach(function (b) { option(bs, String(b.id), b.name + ' (' + b.type + ')'); });
        if (!boards.some(function (b) { return String(b.id) === current.boardId; })) current.boardId = m.optionalBoard ? '' : (boards[0] ? String(boards[0].id) : '');
        bs.value = current.boardId;
        bs.addEventListener('change', function () { current.boardId = bs.value; loadSprints(); });
        return loadSprints();
      }));
      if (ss) ss.addEventListener('change', function () { current.sprintId = ss.value; });
    }
    var open = document.createElement('button'); open.type = 'submit'; open.textContent = 'Open';
    form.appendChild(document.createElement('br'));
    form.appendChild(open);
    Promise.all(loads).then(openFrame, function (e) { message(String(e.message || e)); });
  }

  function openFrame() {
    var m = module();
    if (!m) return;
    var body = { moduleKey: m.key, accountId: current.accountId };
    if (m.contextKind === 'issue') body.issueKey = current.issueKey;
    if (m.contextKind === 'project') body.projectKey = current.projectKey;
    if ((m.contextKind === 'board' || m.contextKind === 'sprint' || m.optionalBoard) && current.boardId) body.boardId = current.boardId;
    if (m.contextKind === 'sprint') body.sprintId = current.sprintId;
    message('');
    api('/api/frames', body).then(function (answer) {
      frameId = answer.frameId;
      var user = state.users.find(function (u) { return u.accountId === current.accountId; });
      $('title').textContent = m.title + ' as ' + (user ? user.displayName : current.accountId);
      // The frame's token goes to its own iframe only, in the fragment (never sent over the wire by the browser).
      $('frame').src = state.surfaceOrigin + answer.src + '&theme=' + (dark() ? 'dark' : 'light') + '&parent=' + encodeURIComponent(location.origin) + '#token=' + encodeURIComponent(answer.token);
      log('opened ' + m.key + ' with ' + JSON.stringify(answer.context.extension));
      if (m.hasLozenge) {
        api('/api/frames/' + frameId + '/lozenge', {}, answer.token).then(function (r) {
          var v = r.value || {};
          var label = v.status && v.status.value && v.status.value.label;
          var span = document.createElement('span'); span.className = 'lozenge'; span.textContent = label || '—';
          // Atlaskit lozenge appearances, roughly.
          var colours = { success: '#dcfff1', removed: '#ffeceb', inprogress: '#e9f2ff', new: '#f3f0ff', moved: '#fff7d6' };
          var appearance = v.status && v.status.value && v.status.value.type;
          if (colours[appearance]) span.style.background = colours[appearance];
          $('title').appendChild(document.createTextNode(' '));
          $('title').appendChild(span);
          log('dynamicProperties: ' + JSON.stringify(v));
        }, function (e) { log('dynamicProperties failed: ' + e.message); });
      }
    }, function (e) { message(e.message); $('frame').removeAttribute('src'); });
  }

  // router.navigate/open({ target: 'module', moduleKey, projectKey }): Jira opens the app's page of that module (a
  // project page or project settings page needs the project's key); here the host page opens that module instead.
  function openModule(p) {
    var m = state.modules.find(function (x) { return x.key === p.moduleKey; });
    if (!m) { message('Jira would refuse to navigate: the app has no page module ' + p.moduleKey + '.'); return; }
    if (m.contextKind === 'project' && !p.projectKey) { message('Jira would refuse to navigate: ' + m.type + ' needs a projectKey.'); return; }
    if (p.projectKey) current.projectKey = p.projectKey;
    current.moduleKey = m.key;
    renderModules();
    renderContext();
    log('navigated to ' + m.key + (p.projectKey ? ' of ' + p.projectKey : '') + ' (Jira would open the app\'s page of that module)');
  }

  function sendToFrames(data) {
    data.source = 'ktlo-local-host';
    var w = $('frame').contentWindow;
    if (w) w.postMessage(data, state.surfaceOrigin);
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== state.surfaceOrigin || e.source !== $('frame').contentWindow || !e.data || e.data.source !== 'ktlo-forge-bridge') return;
    var name = e.data.name, p = e.data.payload;
    log(name + ' ' + JSON.stringify(p));
    if (name === 'refresh' || name === 'reload') { openFrame(); return; }
    if (name === 'close') { message('The surface asked to close (Jira would close the modal or panel).'); return; }
    if (name === 'submit') { message('The surface submitted: ' + JSON.stringify(p)); return; }
    if ((name === 'navigate' || name === 'open') && p && p.target === 'module') { openModule(p); return; }
    if (name === 'navigate' || name === 'open') {
      var target = p && (p.url || (p.target ? JSON.stringify(p) : ''));
      var browse = typeof target === 'string' && /\/browse\/([A-Z][A-Z0-9_]*-\d+)/.exec(target);
      message(browse ? 'Jira would open issue ' + browse[1] + (state.mode === 'demo' ? ' (the demo site has no issue view).' : ' at ' + state.site + '/browse/' + browse[1] + '.') : 'Jira would navigate to ' + target + '.');
      return;
    }
    if (name === 'showFlag') { message('Flag: ' + (p && (p.title || '')) + ' ' + (p && p.description ? p.description : '')); return; }
    if (name === 'emit') { sendToFrames({ type: 'event', event: p && p.event, payload: p && p.payload }); return; }
    if (name === 'unsupported') message('The surface used a bridge call the local host does not implement: ' + (p && p.name));
  });

  $('dark').addEventListener('change', function () {
    document.body.classList.toggle('dark', dark());
    sendToFrames({ type: 'theme', colorMode: dark() ? 'dark' : 'light' });
  });
  $('context').addEventListener('submit', function (e) { e.preventDefault(); openFrame(); });

  api('/api/state').then(function (s) {
    state = s;
    current.accountId = s.users[0] && s.users[0].accountId;
    current.moduleKey = s.modules[0] && s.modules[0].key;
    $('mode').innerHTML = '';
    var mode = document.createElement('p');
    mode.className = s.readOnly ? 'warn' : '';
    mode.textContent = s.readOnly ? 'Reading ' + s.site + ' (read-only: writes are refused)' : 'Demo site on ' + s.site;
    $('mode').appendChild(mode);
    renderUsers(); renderModules(); renderContext();
    pollBridgeLog();
  }, function (e) { message('The host did not answer: ' + e.message); });
})();
