// The page's side of the authentication contract and its URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiRoot, apiUrl, authHeaders, errorMessage, isAccessError, rangeOf, tokenOf, viewOf } from '../../plugin/web/api.js';

test('the token of an embed link becomes a Bearer header', () => {
  const href = 'https://lrs.example.com/outcomes/ui/?token=abc.def-ghi#/outcome/x';
  assert.equal(tokenOf(href), 'abc.def-ghi');
  assert.deepEqual(authHeaders('abc.def-ghi'), { Accept: 'application/json', Authorization: 'Bearer abc.def-ghi' });
  assert.equal(tokenOf('https://lrs.example.com/outcomes/ui/'), null);
  assert.equal(tokenOf('https://lrs.example.com/outcomes/ui/?token='), null);
  assert.deepEqual(authHeaders(null), { Accept: 'application/json' }, 'without a token the browser sends its own credentials');
});

test('from, to and bucket pass through from the page URL', () => {
  assert.deepEqual(rangeOf('http://h/outcomes/ui/?token=t&from=2026-01-01&bucket=month&x=1'), { from: '2026-01-01', bucket: 'month' });
  assert.deepEqual(rangeOf('http://h/outcomes/ui/'), {});
});

test('the API root follows the page, also under a path prefix', () => {
  assert.equal(apiRoot('http://127.0.0.1:8080/outcomes/ui/'), 'http://127.0.0.1:8080/outcomes');
  assert.equal(apiRoot('http://127.0.0.1:8080/outcomes/ui/index.html?token=x'), 'http://127.0.0.1:8080/outcomes');
  assert.equal(apiRoot('https://lms.example.com/lrs/outcomes/ui/'), 'https://lms.example.com/lrs/outcomes');
  assert.equal(apiUrl('http://h/outcomes', ''), 'http://h/outcomes');
  assert.equal(apiUrl('http://h/outcomes', '/a/dashboard', { from: '2026-01-01', to: undefined, bucket: 'week' }),
    'http://h/outcomes/a/dashboard?from=2026-01-01&bucket=week');
  assert.equal(apiUrl('http://h/outcomes', '/a?b'), 'http://h/outcomes/a%3Fb', 'ids are encoded');
});

test('access errors show the server message only', () => {
  assert.equal(errorMessage(401, { error: { message: 'This link has expired' } }), 'This link has expired');
  assert.equal(errorMessage(403, { error: { code: 403 } }), 'This link or account does not give access to this view.');
  assert.equal(errorMessage(401, null), 'You are not signed in, or this link is no longer valid.');
  assert.equal(errorMessage(500, 'oops'), 'The server answered 500.');
  assert.ok(isAccessError(401) && isAccessError(403));
  assert.ok(!isAccessError(404) && !isAccessError(500));
});

test('a team or a manager in the page URL becomes the view every call asks for', () => {
  assert.deepEqual(viewOf('http://h/outcomes/ui/?team=assembly-line-1'), { team: 'assembly-line-1' });
  assert.deepEqual(viewOf('http://h/outcomes/ui/?manager=mia%40example.com#/outcome/x'), { manager: 'mia@example.com' });
  assert.deepEqual(viewOf('http://h/outcomes/ui/?team=a&manager=b'), { team: 'a' });
  assert.deepEqual(viewOf('http://h/outcomes/ui/?token=t'), {});
  assert.equal(apiUrl('http://h/outcomes', '/x/dashboard', { from: '2026-01-01', ...viewOf('http://h/?team=n') }),
               'http://h/outcomes/x/dashboard?from=2026-01-01&team=n');
});
