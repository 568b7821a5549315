/** Saving a rendered chart as SVG or PNG from the browser (no server round trip). */
import { standaloneSvg } from '../../../shared/charts/render';
import { saveBlob as download } from '../../api/download';

export function exportSvg(svgMarkup: string, baseName: string): void {
  download(new Blob([standaloneSvg(svgMarkup)], { type: 'image/svg+xml' }), `${baseName}.svg`);
}

/** Rasterises the SVG at `scale`× on a white background (the CSP must allow `img-src blob:`). */
export async function exportPng(svgMarkup: string, baseName: string, scale = 2): Promise<void> {
  const svgUrl = URL.createObjectURL(new Blob([standaloneSvg(svgMarkup)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be rasterised'));
      img.src = svgUrl;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2D canvas');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
    download(png, `${baseName}.png`);
  } finally {
    URL.revokeObjectURL(svgUrl);
  }
}
