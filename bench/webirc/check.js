// A conversation between irc-framework (the IRC library under Kiwi IRC), connected to the chat's web door over
// WebSocket as a web IRC client connects, and a member of the line protocol (as netcat): each side's lines reach
// the other, controls neutralised, tags on what the web client receives. Prints each step; exits 0 when all
// passed, 1 at the first that did not, within 20 s.
//
//   node [--experimental-websocket] bench/webirc/check.js WEB_PORT LINE_PORT   (bench/webirc.sh runs it)
'use strict';
const net = require('net');
const IRC = require('irc-framework');
const WebSocketTransport = require('irc-framework/src/transports/websocket');

const [webPort, linePort] = process.argv.slice(2).map(Number);
const steps = [];
const fail = (why) => {
  console.log(steps.join('\n'));
  console.log('FAIL ' + why);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 20000);
const pass = (step) => steps.push('ok   ' + step);

// The line member: its lines, and a queue of waiters for the next one matching.
const line = net.connect(linePort, '127.0.0.1');
let heard = '';
const waiting = [];
line.setEncoding('utf8');
line.on('data', (data) => {
  heard += data;
  for (let i = 0; i < waiting.length; i++) {
    if (waiting[i].pattern.test(heard)) {
      waiting.splice(i--, 1)[0].resolve();
    }
  }
});
const lineHears = (pattern) => new Promise((resolve) => {
  waiting.push({ pattern, resolve });
  line.emit('data', '');
});
const lineSays = (text) => line.write(text + '\n');

const client = new IRC.Client({ auto_reconnect: false });
const got = [];
client.on('message', (event) => got.push(event));
const webHears = (test) => new Promise((resolve) => {
  const look = () => {
    const found = got.find(test);
    if (found) {
      resolve(found);
    } else {
      setTimeout(look, 20);
    }
  };
  look();
});

(async () => {
  await lineHears(/Nickname\?/);
  lineSays('nc');
  await lineHears(/Welcome to the chat, nc!/);
  lineSays('/join #lab');
  await lineHears(/You are in #lab now/);
  pass('line member nc in #lab');

  client.connect({ host: '127.0.0.1', port: webPort, path: '/', nick: 'kiwi', username: 'kiwi', gecos: 'Kiwi',
    transport: WebSocketTransport, websocket_protocol: 'text.ircv3.net' });
  await new Promise((resolve) => client.on('registered', resolve));
  pass('irc-framework registered over WebSocket; capabilities: ' + client.network.cap.enabled.join(' '));
  client.join('#lab');
  await lineHears(/\* kiwi joined/);
  pass('nc sees kiwi join #lab');

  client.say('#lab', 'hello from the web \u00e9\u4e2d <b>bold</b>');
  await lineHears(/<kiwi> hello from the web \u00e9\u4e2d <b>bold<\/b>/);
  pass('nc hears kiwi\'s line, unchanged');
  client.action('#lab', 'waves');
  await lineHears(/\* kiwi waves/);
  pass('nc sees kiwi\'s action');

  lineSays('hi kiwi \u0007\u202e');
  const hi = await webHears((e) => e.nick === 'nc' && e.message.startsWith('hi kiwi'));
  if (hi.message !== 'hi kiwi ??' || hi.target !== '#lab') {
    fail('kiwi got ' + JSON.stringify(hi.message) + ' in ' + hi.target);
  }
  if (!hi.tags.time || !hi.tags.msgid) {
    fail('no time or msgid tag on nc\'s line: ' + JSON.stringify(hi.tags));
  }
  pass('kiwi hears nc, controls neutralised, with tags ' + JSON.stringify(hi.tags));
  lineSays('/msg kiwi psst');
  const psst = await webHears((e) => e.nick === 'nc' && e.message === 'psst');
  if (psst.target !== 'kiwi') {
    fail('the private message went to ' + psst.target);
  }
  pass('kiwi gets nc\'s private message');

  client.quit('bye now');
  await lineHears(/\* kiwi (left|quit)[^\n]*bye now/);
  pass('nc sees kiwi quit');
  console.log(steps.join('\n'));
  console.log('PASS');
  process.exit(0);
})().catch((e) => fail(String(e)));
