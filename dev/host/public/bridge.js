/*
 * The host side of @forge/bridge inside a Custom UI iframe of the local Forge host (what Jira's page provides).
 * Loaded by <script src="/host/bridge.js"> before the surface's bundle, so `window.__bridge` exists when @forge/bridge
 * is imported. invoke, getContext and requestJira (fetchProduct) go to the host's endpoints for this frame (the host,
 * not this page, holds the module context and the user, as whom Jira is asked); UI requests (refresh, close, submit,
 * navigate, flags, events) go to the host page.
 */
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var frame = params.get('frame') || '';
  // This frame's token, from the fragment the host page gave this iframe: the host runs nothing for a call without it.
  var token = new URLSearchParams((location.hash || '').replace(/^#/, '')).get('token') || '';
  var colorMode = params.get('theme') === 'dark' ? 'dark' : 'light';
  // The host page's origin (another origin than this frame's, as Jira's page is for a Forge app).
  var parentParam = params.get('parent') || '';
  var parentOrigin = /^https?:\/\/[A-Za-z0-9.\-\[\]:]+$/.test(parentParam) ? parentParam : location.origin;
  var themeAttribute = 'dark:dark light:light spacing:spacing typography:typography shape:shape';
  var themingEnabled = false;
  var listeners = {};

  function post(action, body) {
    return fetch('/api/frames/' + encodeURIComponent(frame) + '/' + action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ktlo-frame-token': token },
      body: JSON.stringify(body === undefined ? {} : body),
    });
  }

  // The host's own refusal of a call (a bad payload, no token, the product unreachable): its JSON { message }.
  function hostError(r) {
    return r
      .json()
      .catch(function () {
        return null;
      })
      .then(function (json) {
        throw new Error(json && json.message ? json.message : 'local host answered ' + r.status);
      });
  }

  function call(action, body) {
    return post(action, body).then(function (r) {
      return r.ok ? r.json() : hostError(r);
    });
  }

  // A product's answer (any status: 200, 404, 429...) comes as the host's 200 with the product's body, its status,
  // statusText, headers and isAttachment as JSON in the x-ktlo-product-answer header (dev/host/local-host.ts
  // writeProductHead). Handed to @forge/bridge as it builds its Response: { status, statusText, headers, body, isAttachment },
  // the body as text (base64 for an attachment), decoded as the host read it (UTF-8, a byte-order mark kept).
  function fetchProduct(payload) {
    return post('fetch', payload).then(function (r) {
      var head = r.headers.get('x-ktlo-product-answer');
      if (!r.ok || head === null) return hostError(r);
      return r.arrayBuffer().then(function (bytes) {
        var answer = JSON.parse(head);
        answer.body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
        return answer;
      });
    });
  }

  function toHost(name, payload) {
    var data;
    try {
      data = JSON.parse(JSON.stringify(payload === undefined ? null : payload));
    } catch (e) {
      data = String(payload);
    }
    window.parent.postMessage({ source: 'ktlo-forge-bridge', frame: frame, name: name, payload: data }, parentOrigin);
  }

  function applyTheme() {
    if (!themingEnabled) return;
    var html = document.documentElement;
    html.setAttribute('data-color-mode', colorMode);
    html.setAttribute('data-theme', themeAttribute);
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== parentOrigin || e.source !== window.parent || !e.data || e.data.source !== 'ktlo-local-host') return;
    if (e.data.type === 'theme') {
      colorMode = e.data.colorMode === 'dark' ? 'dark' : 'light';
      applyTheme();
    } else if (e.data.type === 'event') {
      (listeners[e.data.event] || []).slice().forEach(function (cb) {
        try {
          cb(e.data.payload);
        } catch (err) {
          console.error(err);
        }
      });
    }
  });

  function subscribe(payload) {
    var event = payload && payload.event;
    var callback = payload && payload.callback;
    if (typeof event !== 'string' || typeof callback !== 'function') return Promise.reject(new Error('events.on needs an event and a callback'));
    (listeners[event] = listeners[event] || []).push(callback);
    return Promise.resolve({
      unsubscribe: function () {
        listeners[event] = (listeners[event] || []).filter(function (cb) {
          return cb !== callback;
        });
      },
    });
  }

  function callBridge(name, payload) {
    switch (name) {
      case 'invoke':
        if (!payload || typeof payload.functionKey !== 'string') return Promise.reject(new Error('invoke needs a functionKey'));
        return call('invoke', { functionKey: payload.functionKey, payload: payload.payload === undefined ? {} : payload.payload }).then(function (json) {
          return payload.metadata ? { body: json.value, metadata: {} } : json.value;
        });
      case 'fetchProduct':
        if (!payload || typeof payload.restPath !== 'string') return Promise.reject(new Error('requestJira needs a path'));
        return fetchProduct({ product: payload.product, restPath: payload.restPath, fetchRequestInit: payload.fetchRequestInit || {}, isMultipartFormData: Boolean(payload.isMultipartFormData) });
      case 'getContext':
        return call('context').then(function (context) {
          context.theme = { colorMode: colorMode };
          return context;
        });
      case 'enableTheming':
        themingEnabled = true;
        applyTheme();
        return Promise.resolve();
      case 'on':
      case 'onPublic':
        return subscribe(payload);
      case 'emit':
      case 'emitPublic':
        toHost('emit', payload);
        return Promise.resolve();
      case 'refresh':
      case 'close':
      case 'submit':
      case 'navigate':
      case 'open':
      case 'reload':
      case 'showFlag':
      case 'closeFlag':
      case 'changeWindowTitle':
      case 'openModal':
        toHost(name, payload);
        return Promise.resolve(name === 'showFlag' ? true : undefined);
      case 'onClose':
      case 'emitReadyEvent':
      case 'emitFrontendCustomMetric':
        return Promise.resolve();
      case 'getFrameId':
        return Promise.resolve(frame);
      case 'isRovoEnabled':
        return Promise.resolve(false);
      case 'getCookieConsentPreferences':
        return Promise.resolve(null);
      default:
        toHost('unsupported', { name: name });
        return Promise.reject(new Error("the local Forge host does not implement the bridge call '" + name + "'"));
    }
  }

  window.__bridge = { callBridge: callBridge };
})();
