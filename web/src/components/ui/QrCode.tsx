import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/**
 * A QR code of `value` as an SVG drawn from the code's modules (no HTML strings are injected).
 * Kept out of `index.tsx` so only the pages that show one load the encoder.
 */
export function QrCode({ value, size = 200, label }: { value: string; size?: number; label: string }) {
  const path = useMemo(() => {
    const code = qrcode(0, 'M');
    code.addData(value);
    code.make();
    const count = code.getModuleCount();
    let d = '';
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (code.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
      }
    }
    return { d, count };
  }, [value]);
  const extent = path.count + 8; // four modules of quiet zone on each side
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${extent} ${extent}`} shapeRendering="crispEdges">
      <rect width={extent} height={extent} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
