/**
 * Layout checks of a drawn chart, measured by Chromium: legends never cover a data mark, the λ labels never
 * overlap each other, and no text is cut off at the edge of its SVG.
 */
import type { Locator } from '@playwright/test';

/** What is wrong with the chart's layout inside `figure` (empty when nothing is). */
export async function chartLayoutProblems(figure: Locator): Promise<string[]> {
  return figure.evaluate((el) => {
    const problems: string[] = [];
    const svg = el.querySelector('svg');
    if (!svg) return ['no <svg>'];
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const slack = 1.5 * scale;
    const overlap = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - slack &&
      b.left < a.right - slack &&
      a.top < b.bottom - slack &&
      b.top < a.bottom - slack;
    const texts = [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '');
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      if (
        r.left < box.left - slack ||
        r.right > box.right + slack ||
        r.top < box.top - slack ||
        r.bottom > box.bottom + slack
      )
        problems.push(`text "${t.textContent}" is cut off at the edge of the chart`);
    }
    // Data marks and rules (a line's box is its whole extent: a legend clear of it is clear of the line).
    const marks = [
      ...svg.querySelectorAll(
        'g[aria-label="dot"] circle, g[aria-label="dot"] path, g[aria-label="bar"] rect, g[aria-label="line"] path, g[aria-label="rule"] line',
      ),
    ]
      .map((m) => m.getBoundingClientRect())
      .filter((r) => r.width > 0 || r.height > 0);
    for (const t of texts.filter((x) => /^(■|━━|●|╍╍) /.test(x.textContent ?? ''))) {
      const r = t.getBoundingClientRect();
      if (marks.some((m) => overlap(r, m))) problems.push(`legend "${t.textContent}" covers a data mark`);
    }
    const lambda = texts
      .filter((t) => /^λ (min|1se)$/.test(t.textContent ?? ''))
      .map((t) => t.getBoundingClientRect());
    if (lambda.length === 2 && overlap(lambda[0], lambda[1]))
      problems.push('the λ min and λ 1se labels overlap');
    return problems;
  });
}
