// The tcpkit chat page: a small IRC client over this server's WebSocket (IRCv3 text.ircv3.net).
// Received text is only ever set as text (textContent), never as HTML.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const CTCP = '\u0001';
  const MOST_LINES = 500;
  const auth = document.body.dataset.auth === 'true';
  /** Views by lower-case name: rooms (#...) and private conversations (a nickname). */
  const views = new Map();
  let socket = null;
  let me = null;
  let current = null;
  let welcomed = false;
  /** The nickname and password given, to come back with after the connection is lost. */
  let login = null;
  /** While the page tries to come back: the wait before the next try, in seconds, and its timer. */
  let retry = null;
  /** The server's last ERROR (why it closed the connection), and whether the user quit. */
  let lastError = '';
  let quitting = false;
  /** The longest wait between two tries to come back, in seconds. */
  const MOST_RETRY_SECONDS = 30;

  if (auth) {
    $('password-row').hidden = false;
    $('create').addEventListener('change', () => {
      $('repeat-row').hidden = !$('create').checked;
    });
  }

  function view(name) {
    const key = name.toLowerCase();
    let v = views.get(key);
    if (!v) {
      v = { name, lines: [], members: new Map(), topic: '', unread: false, joined: false };
      views.set(key, v);
    }
    return v;
  }

  function parse(line) {
    const message = { tags: {}, prefix: '', command: '', params: [] };
    let rest = line;
    if (rest.startsWith('@')) {
      const space = rest.indexOf(' ');
      for (const tag of rest.slice(1, space).split(';')) {
        const eq = tag.indexOf('=');
        message.tags[eq < 0 ? tag : tag.slice(0, eq)] = eq < 0 ? '' : tag.slice(eq + 1);
      }
      rest = rest.slice(space + 1).replace(/^ +/, '');
    }
    if (rest.startsWith(':')) {
      const space = rest.indexOf(' ');
      message.prefix = rest.slice(1, space);
      rest = rest.slice(space + 1).replace(/^ +/, '');
    }
    while (rest.length) {
      if (rest.startsWith(':')) {
        message.params.push(rest.slice(1));
        break;
      }
      const space = rest.indexOf(' ');
      const word = space < 0 ? rest : rest.slice(0, space);
      if (!message.command) {
        message.command = word.toUpperCase();
      } else {
        message.params.push(word);
      }
      rest = space < 0 ? '' : rest.slice(space + 1).replace(/^ +/, '');
    }
    return message;
  }

  const nickOf = (prefix) => prefix.split('!')[0];
  const isRoom = (name) => name.startsWith('#');

  function send(line) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(line);
    }
  }

  function add(name, entry) {
    const v = view(name);
    v.lines.push(entry);
    if (v.lines.length > MOST_LINES) {
      v.lines.shift();
    }
    if (current === v) {
      $('lines').append(render(entry));
      $('lines').lastElementChild.scrollIntoView({ block: 'end' });
    } else {
      v.unread = true;
      renderRooms();
    }
  }

  function say(name, time, nick, text, kind) {
    add(name, { time, nick, text, kind });
  }

  function system(name, text) {
    add(name || (current ? current.name : '#lobby'), { time: new Date(), nick: null, text, kind: 'system' });
  }

  function render(entry) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.dateTime = entry.time.toISOString();
    time.textContent = entry.time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    li.append(time);
    if (entry.kind === 'system') {
      li.className = 'system';
      li.append(entry.text);
    } else if (entry.kind === 'action') {
      li.append('* ' + entry.nick + ' ' + entry.text);
    } else {
      const nick = document.createElement('span');
      nick.className = 'nick';
      nick.textContent = entry.kind === 'notice' ? '-' + entry.nick + '-' : '<' + entry.nick + '>';
      li.append(nick, entry.text);
    }
    if (entry.past) {
      li.classList.add('past');
    }
    return li;
  }

  function show(v) {
    current = v;
    v.unread = false;
    $('view-name').textContent = v.name;
    $('topic').textContent = v.topic;
    $('lines').replaceChildren(...v.lines.map(render));
    if ($('lines').lastElementChild) {
      $('lines').lastElementChild.scrollIntoView({ block: 'end' });
    }
    renderRooms();
    renderMembers();
    $('text').focus();
  }

  function renderRooms() {
    const items = [];
    for (const v of views.values()) {
      if (!v.joined) {
        continue;
      }
      const li = document.createElement('li');
      li.textContent = v.name;
      li.classList.toggle('current', v === current);
      li.classList.toggle('unread', v.unread);
      li.addEventListener('click', () => show(v));
      items.push(li);
    }
    $('room-list').replaceChildren(...items);
  }

  function renderMembers() {
    const items = [];
    if (current && isRoom(current.name)) {
      const names = [...current.members.entries()].sort((a, b) => a[0].localeCompare(b[0]));
      for (const [nick, status] of names) {
        const li = document.createElement('li');
        li.textContent = status + nick;
        li.title = 'Talk with ' + nick;
        li.addEventListener('click', () => {
          const v = view(nick);
          v.joined = true;
          show(v);
        });
        items.push(li);
      }
    }
    $('member-list').replaceChildren(...items);
  }

  function timeOf(message) {
    const t = message.tags.time ? new Date(message.tags.time) : new Date();
    return isNaN(t) ? new Date() : t;
  }

  function member(v, nick, status) {
    v.members.set(nick, status || '');
    v.seen = v.seen || new Set();
    v.seen.add(nick.toLowerCase());
  }

  function forget(v, nick) {
    for (const key of v.members.keys()) {
      if (key.toLowerCase() === nick.toLowerCase()) {
        v.members.delete(key);
      }
    }
    if (v.seen) {
      v.seen.delete(nick.toLowerCase());
    }
  }

  const handlers = {
    PING: (m) => send('PONG :' + (m.params[0] || '')),
    '001': (m) => {
      me = m.params[0];
      welcomed = true;
      $('login').hidden = true;
      $('chat').hidden = false;
      if (retry) {
        cameBack();
      }
    },
    '433': (m) => {
      if (retry && !welcomed) {
        // Coming back while the server still holds the old connection's name: take another.
        send('NICK ' + m.params[1].slice(0, 15) + '_');
      } else {
        refuse('That nickname is taken; try another.');
      }
    },
    '432': (m) => refuse(m.params[m.params.length - 1]),
    '431': () => refuse('Give a nickname.'),
    '464': () => refuse('Wrong account or password.'),
    REGISTER: (m) => {
      if (m.params[0] === 'SUCCESS') {
        send('CAP END');
      }
    },
    ERROR: (m) => {
      lastError = m.params[0] || '';
      if (!welcomed && !retry) {
        refuse(m.params[0]);
      } else {
        system(null, m.params[0]);
      }
    },
    JOIN: (m) => {
      const nick = nickOf(m.prefix);
      const v = view(m.params[0]);
      if (nick === me) {
        v.joined = true;
        v.members.clear();
        show(v);
      } else {
        member(v, nick, '');
        system(v.name, nick + ' joined');
        if (v === current) {
          renderMembers();
        }
      }
    },
    PART: (m) => {
      const nick = nickOf(m.prefix);
      const v = view(m.params[0]);
      if (nick === me) {
        v.joined = false;
        const next = [...views.values()].find((o) => o.joined);
        if (next) {
          show(next);
        } else {
          renderRooms();
        }
      } else {
        forget(v, nick);
        system(v.name, nick + ' left the room' + (m.params[1] ? ' (' + m.params[1] + ')' : ''));
        if (v === current) {
          renderMembers();
        }
      }
    },
    KICK: (m) => {
      const v = view(m.params[0]);
      system(v.name, nickOf(m.prefix) + ' put ' + m.params[1] + ' out (' + (m.params[2] || '') + ')');
      if (m.params[1] === me) {
        v.joined = false;
        renderRooms();
      } else {
        forget(v, m.params[1]);
        renderMembers();
      }
    },
    QUIT: (m) => {
      const nick = nickOf(m.prefix);
      for (const v of views.values()) {
        if ([...v.members.keys()].some((k) => k.toLowerCase() === nick.toLowerCase())) {
          forget(v, nick);
          system(v.name, nick + ' left (' + (m.params[0] || '') + ')');
        }
      }
      renderMembers();
    },
    NICK: (m) => {
      const old = nickOf(m.prefix);
      const now = m.params[0];
      if (old === me) {
        me = now;
      }
      for (const v of views.values()) {
        if ([...v.members.keys()].some((k) => k.toLowerCase() === old.toLowerCase())) {
          const status = v.members.get(old) || '';
          forget(v, old);
          member(v, now, status);
          system(v.name, old + ' is now ' + now);
        }
      }
      renderMembers();
    },
    '353': (m) => {
      const v = view(m.params[2]);
      for (const name of m.params[3].split(' ').filter(Boolean)) {
        const status = name.match(/^[@+]*/)[0];
        member(v, name.slice(status.length).split('!')[0], status);
      }
    },
    '366': (m) => {
      if (current && current.name.toLowerCase() === m.params[1].toLowerCase()) {
        renderMembers();
      }
    },
    '332': (m) => {
      const v = view(m.params[1]);
      v.topic = m.params[2];
      if (v === current) {
        $('topic').textContent = v.topic;
      }
    },
    TOPIC: (m) => {
      const v = view(m.params[0]);
      v.topic = m.params[1];
      system(v.name, nickOf(m.prefix) + ' set the topic: ' + v.topic);
      if (v === current) {
        $('topic').textContent = v.topic;
      }
    },
    '321': () => $('all-rooms').replaceChildren(),
    '322': (m) => {
      const li = document.createElement('li');
      li.textContent = m.params[1] + ' (' + m.params[2] + ')' + (m.params[3] ? ' ' + m.params[3] : '');
      li.addEventListener('click', () => send('JOIN ' + m.params[1]));
      $('all-rooms').append(li);
    },
    PRIVMSG: (m) => message(m, 'message'),
    NOTICE: (m) => message(m, 'notice'),
  };

  function message(m, kind) {
    const from = nickOf(m.prefix);
    let text = m.params[1] || '';
    if (!m.prefix.includes('!') && !m.prefix.includes('@')) {
      // The server's own notices, and history lines from a nickname alone.
      if (m.prefix.includes('.') || m.prefix === '' || !isRoom(m.params[0])) {
        system(current ? current.name : null, text);
        return;
      }
    }
    if (text.startsWith(CTCP + 'ACTION ')) {
      text = text.slice(8).replace(/\u0001$/, '');
      kind = 'action';
    } else if (text.startsWith(CTCP)) {
      return;
    }
    const target = m.params[0];
    const where = isRoom(target) ? target : (from === me ? target : from);
    const v = view(where);
    if (!isRoom(where)) {
      v.joined = true;
      renderRooms();
    }
    const entry = { time: timeOf(m), nick: from, text, kind };
    entry.past = m.tags.time && Date.now() - entry.time.getTime() > 60000;
    add(where, entry);
  }

  /**
   * Whether the page tries to come back after losing the connection: when it broke, or the server stopped
   * (to restart, say) or stopped hearing from the page; not when the user quit or was put out.
   */
  function comesBack() {
    return !quitting && (lastError === '' || /shutting down|ping timeout/.test(lastError));
  }

  /** The connection is lost: tries again after a wait that doubles up to MOST_RETRY_SECONDS. */
  function retryLater() {
    const wait = retry ? Math.min(retry.wait * 2, MOST_RETRY_SECONDS) : 1;
    system(null, 'Disconnected from the chat; trying again in ' + wait + ' s.');
    retry = { wait, timer: setTimeout(() => connect(login.nick, login.password), wait * 1000) };
  }

  /** Back in the chat after a lost connection: the rooms are joined again and fill with their recent lines. */
  function cameBack() {
    retry = null;
    const rooms = [];
    for (const v of views.values()) {
      if (isRoom(v.name) && v.joined) {
        v.lines = [];
        v.members.clear();
        v.joined = false;
        if (v.name.toLowerCase() !== '#lobby') {
          rooms.push(v.name);
        }
      }
    }
    system(null, 'Back in the chat.');
    if (rooms.length) {
      send('JOIN ' + rooms.join(','));
    }
  }

  function refuse(text) {
    if (retry) {
      clearTimeout(retry.timer);
      retry = null;
    }
    $('login-error').textContent = text;
    $('login').hidden = false;
    $('chat').hidden = true;
    if (socket) {
      socket.onclose = null;
      socket.close();
      socket = null;
    }
  }

  function receive(line) {
    const m = parse(line);
    const handler = handlers[m.command];
    if (handler) {
      handler(m);
    } else if (/^[45]\d\d$/.test(m.command)) {
      system(null, m.params.slice(1).join(' '));
    } else if (m.command === 'FAIL' && m.params[0] === 'REGISTER' && !welcomed) {
      refuse(m.params[m.params.length - 1]);
    } else if (m.command === 'FAIL') {
      system(null, m.params[m.params.length - 1]);
    }
  }

  /** Connects as nick; with create, makes the account first (IRCv3 REGISTER), then logs in to it. */
  function connect(nick, password, create) {
    login = { nick, password };
    lastError = '';
    $('login-error').textContent = '';
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/', ['text.ircv3.net']);
    socket.onopen = () => {
      send('CAP LS 302');
      send('CAP REQ :server-time echo-message multi-prefix');
      if (!create) {
        send('CAP END');
        if (password) {
          send('PASS :' + password);
        }
      }
      send('NICK ' + nick);
      send('USER ' + nick.replace(/[^A-Za-z0-9]/g, '').slice(0, 10) + 'web 0 * :' + nick + ' on the web');
      if (create) {
        // Registration waits for CAP END, sent once the account is made (REGISTER SUCCESS).
        send('REGISTER * * :' + password);
      }
    };
    socket.onmessage = (event) => {
      for (const line of String(event.data).split(/\r?\n/)) {
        if (line) {
          receive(line);
        }
      }
    };
    socket.onclose = () => {
      socket = null;
      if ((welcomed || retry) && comesBack()) {
        welcomed = false;
        retryLater();
      } else if (welcomed) {
        welcomed = false;
        system(null, 'Disconnected from the chat. Reload the page to come back.');
      } else {
        refuse($('login-error').textContent || 'Could not reach the chat.');
      }
    };
  }

  function command(text) {
    if (!current) {
      return;
    }
    if (!text.startsWith('/') || text.startsWith('//')) {
      send('PRIVMSG ' + current.name + ' :' + (text.startsWith('//') ? text.slice(1) : text));
      return;
    }
    const space = text.indexOf(' ');
    const verb = (space < 0 ? text : text.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : text.slice(space + 1).trim();
    if (verb === '/me' && rest) {
      send('PRIVMSG ' + current.name + ' :' + CTCP + 'ACTION ' + rest + CTCP);
    } else if ((verb === '/msg' || verb === '/query') && rest.includes(' ')) {
      const to = rest.slice(0, rest.indexOf(' '));
      send('PRIVMSG ' + to + ' :' + rest.slice(rest.indexOf(' ') + 1));
      const v = view(to);
      v.joined = true;
      show(v);
    } else if (verb === '/join' && rest) {
      send('JOIN ' + (rest.startsWith('#') ? rest : '#' + rest));
    } else if (verb === '/part' || verb === '/leave') {
      if (isRoom(current.name)) {
        send('PART ' + current.name + (rest ? ' :' + rest : ''));
      } else {
        current.joined = false;
        renderRooms();
      }
    } else if (verb === '/nick' && rest) {
      send('NICK ' + rest);
    } else if (verb === '/topic') {
      send('TOPIC ' + current.name + (rest ? ' :' + rest : ''));
    } else if (verb === '/list') {
      send('LIST');
    } else if (verb === '/quit') {
      quitting = true;
      send('QUIT :' + (rest || 'bye'));
    } else {
      system(null, 'Commands: /me ACTION, /msg NICK TEXT, /join #ROOM, /part, /nick NAME, /topic TEXT, /list, /quit');
    }
  }

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    const create = auth && $('create').checked;
    if (create && $('password').value !== $('repeat').value) {
      $('login-error').textContent = 'The two passwords differ.';
      return;
    }
    connect($('nick').value.trim(), auth ? $('password').value : '', create);
  });
  $('say').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value;
    if (text.trim()) {
      command(text);
    }
    $('text').value = '';
  });
  $('join').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('join-name').value.trim();
    if (name) {
      send('JOIN ' + (name.startsWith('#') ? name : '#' + name));
    }
    $('join-name').value = '';
  });
  $('list').addEventListener('click', () => send('LIST'));
})();
