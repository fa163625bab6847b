// The widget's JSON codec (src/codec.rs, in its own entry: /test/codec/,
// sandbox mode only) against serde: every golden file the protocol crate
// writes with serde (crates/protocol/tests/golden, rewritten by `cargo test`)
// is read by the codec in the browser and written back. Any drift (a field
// renamed, added or skipped differently on one side) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { pageUrl } from '../helpers.js';

const golden = join(dirname(fileURLToPath(import.meta.url)), '../../../crates/protocol/tests/golden');
const bodies = readdirSync(golden)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.slice(0, -5), samples: JSON.parse(readFileSync(join(golden, f), 'utf8')) }));

/** The codec's round trip of `value` as the body `name` (null: it did not read). */
const roundTrip = (page, name, value) =>
  page.evaluate(([n, text]) => {
    const out = window.hcpCodec(n, text);
    return out === null ? null : JSON.parse(out);
  }, [name, JSON.stringify(value)]);

test.beforeEach(async ({ page }) => {
  await page.goto(pageUrl('/test/codec/', {}));
  await expect(page.getByRole('status')).toHaveText('hcpCodec ready');
});

test('there is a golden file for every body the widget reads or writes', () => {
  expect(bodies.map((b) => b.name).sort()).toEqual(
    ['ApiError', 'HallsResponse', 'MyCaseDetail', 'MyCasesResponse', 'MyGuidesResponse', 'PadEvent',
      'PadHello', 'PadRateRequest', 'SubmitRequest', 'SubmitResponse', 'TagsResponse', 'WidgetConfig'],
  );
});

for (const { name, samples } of bodies) {
  test(`${name}: every serde sample reads and writes back unchanged`, async ({ page }) => {
    expect(samples.length).toBeGreaterThan(1);
    for (const sample of samples) {
      expect(await roundTrip(page, name, sample), `${name} ${JSON.stringify(sample)}`).toEqual(sample);
    }
  });
}

test('what serde refuses, the codec refuses', async ({ page }) => {
  const [request] = bodies.find((b) => b.name === 'SubmitRequest').samples;
  const [response] = bodies.find((b) => b.name === 'SubmitResponse').samples;
  const cases = [
    ['SubmitResponse', { ...response, status: 'sent' }],
    ['SubmitResponse', { evalId: 'x' }],
    ['SubmitResponse', { ...response, cases: [{ status: 'delivered' }] }],
    ['TagsResponse', { tags: [{ id: 1, name: 'x' }] }],
    ['HallsResponse', { halls: [{ hallCode: 'h', name: 'n' }] }],
    ['ApiError', { code: 'x', zh: 'y' }],
    ['WidgetConfig', { allowedOrigins: [] }],
    ['SubmitRequest', { ...request, rating: { ...request.rating, stars: 9 } }],
    ['SubmitRequest', { ...request, rating: { ...request.rating, tags: ['a b'] } }],
    ['MyCasesResponse', { pageNo: 1, pageTotal: 1, total: 1, cases: [{ affairSerialNo: 'x', affairName: 'y', finished: true, status: 'rated' }] }],
    ['MyCasesResponse', { pageNo: 1, pageTotal: 1, total: 1, cases: [{ affairSerialNo: 'x', affairName: 'y', finished: 'yes', status: 'unrated' }] }],
    ['MyCaseDetail', { case: { affairSerialNo: 'x', affairName: 'y', finished: true, status: 'unrated' }, done: { stars: 6, time: 't' } }],
    ['MyGuidesResponse', { pageNo: 1, pageTotal: 1, total: 1, guides: [{ stars: 5 }] }],
  ];
  for (const [name, value] of cases) {
    expect(await roundTrip(page, name, value), `${name} ${JSON.stringify(value)}`).toBeNull();
  }
  // serde's loose reading: stars as a numeric string, absent defaults.
  const loose = { ...request, rating: { stars: '2' } };
  expect(await roundTrip(page, 'SubmitRequest', loose)).toEqual({ ...request, rating: { stars: 2, tags: [], remark: '' } });
});
