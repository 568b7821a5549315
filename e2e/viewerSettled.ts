/**
 * Waiting for the viewer instead of waiting for time. Each view's shown canvas carries what it rendered and
 * what is on screen (renderer/viewer/vtkSurface.ts, readbackPresenter.ts): data-rendered-seq,
 * data-rendered-slice (0-based), data-rendered-overlays and data-presented-seq. A view has settled when no
 * render is pending (the rendered sequence number holds across two animation frames), the frame on screen is
 * the last one rendered, and that frame's slice is the one the slice label names.
 */
import { expect, type Page } from '@playwright/test';

export type ViewName = 'axial' | 'sagittal' | 'coronal';

export interface ViewFrames {
  renderedSeq: number;
  renderedSlice: number;
  renderedOverlays: number;
  presentedSeq: number;
  /** The slice label's number − 1 (the label counts from 1). */
  labelSlice: number;
}

/** The frame state of a view once it has settled (fails after `timeout` ms, describing what was not). */
export async function waitForSettled(
  page: Page,
  view: ViewName = 'axial',
  timeout = 30_000,
): Promise<ViewFrames> {
  const settled: ViewFrames[] = [];
  await expect
    .poll(
      async () => {
        const got = await page.evaluate(readSettled, view);
        if (typeof got === 'string') return got;
        settled.push(got);
        return 'settled';
      },
      { timeout, message: `the ${view} view did not settle` },
    )
    .toBe('settled');
  return settled[settled.length - 1];
}

/** Runs in the page: the view's frame state if settled, else why not. */
async function readSettled(view: string): Promise<ViewFrames | string> {
  const read = (): ViewFrames | string => {
    const canvas = document.querySelector<HTMLElement>(
      `[data-testid="viewport-${view}"] [data-testid="vtk-canvas"]`,
    );
    const label = document.querySelector(`[data-testid="slice-info-${view}"]`)?.textContent ?? '';
    const slice = /Slice (\d+) \//.exec(label);
    if (!canvas || canvas.dataset.renderedSeq === undefined)
      return `no frame rendered in the ${view} view yet`;
    if (!slice) return `no slice label in the ${view} view ("${label}")`;
    return {
      renderedSeq: Number(canvas.dataset.renderedSeq),
      renderedSlice: Number(canvas.dataset.renderedSlice),
      renderedOverlays: Number(canvas.dataset.renderedOverlays),
      presentedSeq: Number(canvas.dataset.presentedSeq ?? 0),
      labelSlice: Number(slice[1]) - 1,
    };
  };
  const before = read();
  // A draw requested now runs at the next animation frame at the latest.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const now = read();
  if (typeof before === 'string') return before;
  if (typeof now === 'string') return now;
  if (now.renderedSeq !== before.renderedSeq) return `still rendering (frame ${now.renderedSeq})`;
  if (now.presentedSeq !== now.renderedSeq)
    return `frame ${now.renderedSeq} rendered, frame ${now.presentedSeq} on screen`;
  if (now.renderedSlice !== now.labelSlice)
    return `label says slice index ${now.labelSlice}, the frame shows ${now.renderedSlice}`;
  return now;
}

/**
 * Waits until the view has drawn the mask of every ROI ticked visible in the ROI list (masks load after the
 * series; "Go to ROI" waits for its ROI's mask and then goes to its largest slice).
 */
export async function waitForMasksDrawn(
  page: Page,
  view: ViewName = 'axial',
  timeout = 30_000,
): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate((view) => {
          const ticked = document.querySelectorAll(
            'li[data-testid^="roi-"] input[type="checkbox"]:checked',
          ).length;
          const canvas = document.querySelector<HTMLElement>(
            `[data-testid="viewport-${view}"] [data-testid="vtk-canvas"]`,
          );
          const drawn = canvas?.dataset.renderedOverlays;
          return `${drawn ?? 'no'} of ${ticked} ticked ROI masks drawn`;
        }, view),
      { timeout, message: `the ${view} view did not draw the ticked ROIs' masks` },
    )
    .toMatch(/^([1-9]\d*) of \1 /);
}

/**
 * Waits until every view on screen has settled: a screenshot taken then shows in each view the frame its
 * slice label names (taken earlier, it could catch a view whose newest frame was still on its way).
 */
export async function waitForViewsSettled(page: Page, timeout = 30_000): Promise<void> {
  for (const view of ['axial', 'coronal', 'sagittal'] as const)
    if (await page.getByTestId(`viewport-${view}`).count()) await waitForSettled(page, view, timeout);
}
