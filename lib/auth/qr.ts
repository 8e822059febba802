// The two-factor setup link as a QR code, drawn as SVG on the server (the `qrcode` package), so the
// account page shows it inline with no image request and no script. The SVG holds only paths.

import QRCode from "qrcode";

export async function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
