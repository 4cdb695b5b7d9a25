import { strict as assert } from 'node:assert';
import { checkApiUrl, checkFileUrl, checkWebUrl, DEFAULT_API_URL, isLoopbackHost, tesultsWebLink } from '../../src/util/url';

describe('link policy (util/url)', () => {
  it('isLoopbackHost: literal loopback and localhost itself, nothing resolved through DNS', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '127.255.255.255', '[::1]', '::1', 'localhost', 'LOCALHOST', '::ffff:7f00:1', '[::ffff:7f00:1]']) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of ['app.localhost', 'localhost.', 'LOCALHOST.', 'a.b.localhost', 'localhost.evil.com', '128.0.0.1', '127.0.0.1.nip.io', '10.0.0.1', '::2', '', '1270.0.0.1', '127.0.0.256', ' localhost']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });

  it('checkApiUrl: https anywhere, http only to loopback, never credentials or other schemes', () => {
    for (const ok of [DEFAULT_API_URL, 'http://127.0.0.1:8080/api', 'http://[::1]:8080/api', 'http://localhost/api', ' https://proxy.example/api ']) {
      assert.equal(checkApiUrl(ok).ok, true, ok);
    }
    const bad = checkApiUrl('http://www.tesults.com/api');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.reason, /https:\/\/.*www\.tesults\.com/);
    for (const no of ['http://app.localhost/api', 'http://localhost./api', 'https://u:p@www.tesults.com/api', 'file:///etc/passwd', '::::', '', 'javascript:alert(1)']) {
      assert.equal(checkApiUrl(no).ok, false, no);
    }
  });

  it('checkWebUrl refuses plain http to *.localhost and localhost. (Node resolves them through DNS)', () => {
    assert.equal(checkWebUrl('http://localhost:3000/x').ok, true);
    for (const no of ['http://app.localhost/x', 'http://localhost./x', 'http://evil.localhost:8080/']) {
      const c = checkWebUrl(no);
      assert.equal(c.ok, false, no);
      if (!c.ok) assert.ok(c.reason.includes(no), c.reason);
    }
  });

  describe('tesultsWebLink ("Open in Tesults")', () => {
    const refused = (candidate: unknown, api = DEFAULT_API_URL): string => {
      const c = tesultsWebLink(candidate, api);
      assert.equal(c.ok, false, `${String(candidate)} should be refused`);
      return c.ok ? '' : c.reason;
    };

    it('opens links on the Tesults web origin of the default API URL', () => {
      const c = tesultsWebLink('https://www.tesults.com/results/rsp/view/results/target/abc?run=1', DEFAULT_API_URL);
      assert.ok(c.ok);
      assert.equal(c.url.href, 'https://www.tesults.com/results/rsp/view/results/target/abc?run=1');
    });

    it('opens links on the origin of a configured (local) API', () => {
      const c = tesultsWebLink('http://127.0.0.1:4010/results/x', 'http://127.0.0.1:4010/api');
      assert.ok(c.ok);
    });

    it('refuses look-alike hosts, showing the URL', () => {
      const url = 'https://tesults.com.evil.example/login';
      const reason = refused(url);
      assert.ok(reason.includes(url), reason);
      assert.ok(reason.includes('https://www.tesults.com'), reason);
      refused('https://www.tesults.com.evil.example/x');
      refused('https://evil.example/?https://www.tesults.com/');
      refused('https://www.tesults.com@evil.example/');
      refused('https://tesults.com/x'); // another origin, even if it is the same company
      refused('https://www.tesults.com:8443/x');
    });

    it('refuses other schemes and plain http (except on the loopback API origin)', () => {
      for (const u of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'http://www.tesults.com/x', 'vbscript:x', '/relative', '', 42, null]) refused(u);
      refused('http://127.0.0.1:4011/x', 'http://127.0.0.1:4010/api'); // another port: another origin
      refused('http://app.localhost:4010/x', 'http://localhost:4010/api');
    });

    it('keeps a hostile URL out of the reason as more than one clipped line', () => {
      const reason = refused(`https://evil.example/${'a'.repeat(5000)}\nforged line`);
      assert.ok(!reason.includes('\n'));
      assert.ok(reason.length < 400, String(reason.length));
    });

    it('refuses everything when the API URL itself is unusable', () => {
      refused('https://www.tesults.com/x', 'http://www.tesults.com/api');
    });
  });

  it('checkFileUrl: only the API origin', () => {
    const api = new URL('http://127.0.0.1:4010/api');
    assert.equal(checkFileUrl('http://127.0.0.1:4010/files/a.png', api).ok, true);
    for (const no of ['http://127.0.0.1:4011/files/a.png', 'http://127.0.0.2:4010/files/a.png', 'http://localhost:4010/files/a.png', 'https://evil.example/a.png', 'http://u:p@127.0.0.1:4010/a']) {
      assert.equal(checkFileUrl(no, api).ok, false, no);
    }
  });
});
