import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findExternalRequests, removeExternalRequests } from '../../runner/reports/offline-html';

// The tail of the Allure Awesome index.html as generated (3.18), trimmed.
const ALLURE_TAIL = `<script   src="data:text/javascript;base64,LyohIEZvciBsaWNlbnNl"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', { "report": "awesome" });
    </script>
    <script async>
      window.allureReportDataReady = false;
    </script>`;

describe('offline HTML', () => {
  const cases: Array<{ name: string; in: string; removed: number; keeps: string[]; drops: string[] }> = [
    {
      name: 'removes the analytics tag and its inline script, keeps the report scripts',
      in: ALLURE_TAIL,
      removed: 2,
      keeps: ['data:text/javascript;base64,LyohIEZvciBsaWNlbnNl', 'window.allureReportDataReady = false'],
      drops: ['googletagmanager', 'gtag('],
    },
    {
      name: 'removes remote stylesheets, images, frames and protocol-relative sources',
      in: '<link rel="stylesheet" href="https://fonts.example.com/a.css"><img src="//cdn.example.com/logo.png" alt=""><iframe src="http://tracker.example.com/"></iframe><p>kept</p>',
      removed: 3,
      keeps: ['<p>kept</p>'],
      drops: ['fonts.example.com', 'cdn.example.com', 'tracker.example.com'],
    },
    {
      name: 'keeps links a reader may click and local or inline resources',
      in: '<a href="https://allurereport.org">Allure</a><img src="data:image/png;base64,AAAA"><script src="app.js"></script><svg xmlns="http://www.w3.org/2000/svg"></svg>',
      removed: 0,
      keeps: ['https://allurereport.org', 'data:image/png;base64,AAAA', 'app.js', 'http://www.w3.org/2000/svg'],
      drops: [],
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const { html, removed } = removeExternalRequests(testCase.in);
      assert.equal(removed.length, testCase.removed, removed.join('\n'));
      for (const kept of testCase.keeps) assert.ok(html.includes(kept), `kept ${kept}`);
      for (const dropped of testCase.drops) assert.ok(!html.includes(dropped), `dropped ${dropped}`);
      assert.deepEqual(findExternalRequests(html), []);
    });
  }

  it('finds what would still be fetched', () => {
    assert.equal(findExternalRequests(ALLURE_TAIL).length, 2);
    assert.match(findExternalRequests('<style>body { background: url("https://img.example.com/bg.png") }</style>')[0] ?? '', /img\.example\.com/);
    assert.match(findExternalRequests('<style>@import "//fonts.example.com/x.css";</style>')[0] ?? '', /@import/);
  });
});
