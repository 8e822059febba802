"use client";

import { useId, useRef, useState, useTransition } from "react";

import { updateMediaCropAction } from "@/lib/actions/media";
import type { FieldErrors } from "@/lib/errors";
import type { MediaItem } from "@/lib/media/queries";
import { CROP_PRESETS, cropAround } from "@/lib/media/schemas";
import { FOCAL_RANGE } from "@/lib/media/sentences";
import { FieldError } from "@/components/ui/field-error";

const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5 aria-[invalid=true]:border-[var(--accent)]";
const buttonClass = "rounded border border-[var(--rule)] px-3 py-1.5 text-sm font-semibold disabled:opacity-60";
const primaryButtonClass = "rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60";

type Box = { x: number; y: number; width: number; height: number };

const percent = (fraction: number) => String(Math.round(fraction * 1000) / 10);

/** Which preset a crop is (the whole picture, or a preset's shape to the pixel), else "custom". */
function presetOf(item: MediaItem, crop: Box | null): string {
  if (!crop || (crop.width === item.originalWidth && crop.height === item.originalHeight)) return "whole";
  const match = CROP_PRESETS.find((preset) => preset.ratio !== null && Math.abs(crop.width / crop.height - preset.ratio) < 0.01);
  return match ? match.id : "custom";
}

/**
 * The crop and focal point of one image. The focal point is set by clicking the picture, by the
 * arrow keys on it (Shift for bigger steps) or by typing percentages; the crop by a preset shape,
 * centred on the focal point, or by typing pixels. Saving makes every size again from the original.
 */
export function CropEditor({ item, onSaved, onClose }: { item: MediaItem; onSaved: (item: MediaItem) => void; onClose: () => void }) {
  const id = useId();
  const pictureRef = useRef<HTMLDivElement>(null);
  const [across, setAcross] = useState(percent(item.focal.x));
  const [down, setDown] = useState(percent(item.focal.y));
  const [crop, setCrop] = useState<Record<keyof Box, string>>(() => {
    const box = item.crop ?? { x: 0, y: 0, width: item.originalWidth, height: item.originalHeight };
    return { x: String(box.x), y: String(box.y), width: String(box.width), height: String(box.height) };
  });
  const [preset, setPreset] = useState(() => presetOf(item, item.crop));
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const focalX = Number(across) / 100;
  const focalY = Number(down) / 100;
  const focalValid = across.trim() !== "" && down.trim() !== "" && Number.isFinite(focalX) && Number.isFinite(focalY);
  const shown = {
    x: Number(crop.x),
    y: Number(crop.y),
    width: Number(crop.width),
    height: Number(crop.height),
  };
  const cropShown = Object.values(shown).every((value) => Number.isFinite(value)) && shown.width > 0 && shown.height > 0;

  function applyPreset(presetId: string, fx: number, fy: number) {
    const chosen = CROP_PRESETS.find((candidate) => candidate.id === presetId);
    if (!chosen) return;
    const box = chosen.ratio === null ? { x: 0, y: 0, width: item.originalWidth, height: item.originalHeight } : cropAround(item.originalWidth, item.originalHeight, chosen.ratio, fx, fy);
    setCrop({ x: String(box.x), y: String(box.y), width: String(box.width), height: String(box.height) });
  }

  function setFocal(fx: number, fy: number) {
    const x = Math.min(Math.max(fx, 0), 1);
    const y = Math.min(Math.max(fy, 0), 1);
    setAcross(percent(x));
    setDown(percent(y));
    // A preset crop follows the focal point; a crop typed in pixels stays where it was put.
    if (preset !== "custom" && preset !== "whole") applyPreset(preset, x, y);
  }

  function onPictureClick(event: React.MouseEvent<HTMLDivElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    setFocal((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
  }

  function onPictureKey(event: React.KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 0.1 : 0.01;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const fx = focalValid ? focalX : item.focal.x;
    const fy = focalValid ? focalY : item.focal.y;
    setFocal(fx + move[0], fy + move[1]);
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError("");
    if (!focalValid) {
      setFieldErrors({ focalX: [FOCAL_RANGE] });
      setError(FOCAL_RANGE);
      return;
    }
    const input = {
      crop: preset === "whole" ? null : { x: crop.x, y: crop.y, width: crop.width, height: crop.height },
      focalX,
      focalY,
      version: item.version,
    };
    startTransition(async () => {
      const result = await updateMediaCropAction(item.id, input);
      if (result.ok) {
        setFieldErrors({});
        onSaved(result.data);
        return;
      }
      setError(result.message);
      setFieldErrors(result.fieldErrors ?? {});
    });
  }

  const focalErrors = fieldErrors.focalX ?? fieldErrors.focalY;
  const cropErrors = fieldErrors.crop;
  const describe = `${id}-picture-hint`;
  const pct = (value: number, total: number) => `${(value / total) * 100}%`;

  return (
    <form onSubmit={onSubmit} aria-labelledby={`${id}-title`} className="grid gap-4" noValidate>
      <h2 id={`${id}-title`} className="text-lg font-bold">
        Crop and focal point
      </h2>
      <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div>
          {/* Keyboard: arrow keys move the focal point; the numbers beside do the same. */}
          <div
            ref={pictureRef}
            role="group"
            tabIndex={0}
            aria-label={`Focal point: ${across}% across, ${down}% down`}
            aria-describedby={describe}
            onClick={onPictureClick}
            onKeyDown={onPictureKey}
            className="relative mx-auto w-fit max-w-full cursor-crosshair overflow-hidden rounded outline-offset-2 focus-visible:outline-2 focus-visible:outline-[var(--accent)]"
          >
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={item.fullUrl} alt="" width={item.originalWidth} height={item.originalHeight} className="block h-auto max-h-[55vh] w-auto max-w-full" draggable={false} />
            {preset !== "whole" && cropShown ? (
              <div
                aria-hidden="true"
                data-testid="crop-box"
                className="pointer-events-none absolute border-2 border-white shadow-[0_0_0_9999px_rgba(0,0,0,0.55)]"
                style={{
                  left: pct(shown.x, item.originalWidth),
                  top: pct(shown.y, item.originalHeight),
                  width: pct(shown.width, item.originalWidth),
                  height: pct(shown.height, item.originalHeight),
                }}
              />
            ) : null}
            {focalValid ? (
              <div
                aria-hidden="true"
                className="pointer-events-none absolute size-6 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-black/30 shadow-[0_0_0_2px_black]"
                style={{ left: `${Math.min(Math.max(focalX, 0), 1) * 100}%`, top: `${Math.min(Math.max(focalY, 0), 1) * 100}%` }}
              />
            ) : null}
          </div>
          <p id={describe} className="mt-2 text-sm text-[var(--muted)]">
            Click the picture where the subject is, or focus it and use the arrow keys (Shift for bigger steps). Wherever a page shows
            less of the picture, it keeps this point in view.
          </p>
        </div>

        <div className="grid content-start gap-4">
          <fieldset>
            <legend className="font-semibold">Focal point</legend>
            <div className="mt-1 grid grid-cols-2 gap-3">
              <div>
                <label htmlFor={`${id}-across`} className="text-sm font-semibold">
                  Across (%)
                </label>
                <input
                  id={`${id}-across`}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={100}
                  step={0.1}
                  value={across}
                  onChange={(event) => {
                    setAcross(event.target.value);
                    const value = Number(event.target.value) / 100;
                    if (event.target.value.trim() !== "" && Number.isFinite(value) && preset !== "custom" && preset !== "whole") applyPreset(preset, value, focalY);
                  }}
                  className={inputClass}
                  aria-invalid={focalErrors ? true : undefined}
                  aria-describedby={focalErrors ? `${id}-focal-error` : undefined}
                />
              </div>
              <div>
                <label htmlFor={`${id}-down`} className="text-sm font-semibold">
                  Down (%)
                </label>
                <input
                  id={`${id}-down`}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={100}
                  step={0.1}
                  value={down}
                  onChange={(event) => {
                    setDown(event.target.value);
                    const value = Number(event.target.value) / 100;
                    if (event.target.value.trim() !== "" && Number.isFinite(value) && preset !== "custom" && preset !== "whole") applyPreset(preset, focalX, value);
                  }}
                  className={inputClass}
                  aria-invalid={focalErrors ? true : undefined}
                  aria-describedby={focalErrors ? `${id}-focal-error` : undefined}
                />
              </div>
            </div>
            <FieldError id={`${id}-focal-error`} errors={focalErrors} />
          </fieldset>

          <fieldset>
            <legend className="font-semibold">Crop</legend>
            <div className="mt-1 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
              {CROP_PRESETS.map((choice) => (
                <label key={choice.id} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={`${id}-preset`}
                    value={choice.id}
                    checked={preset === choice.id}
                    onChange={() => {
                      setPreset(choice.id);
                      applyPreset(choice.id, focalValid ? focalX : 0.5, focalValid ? focalY : 0.5);
                    }}
                  />
                  {choice.label}
                </label>
              ))}
              <label className="flex items-center gap-2">
                <input type="radio" name={`${id}-preset`} value="custom" checked={preset === "custom"} onChange={() => setPreset("custom")} />
                Pixels below
              </label>
            </div>
            <div className="mt-2 grid grid-cols-2 gap-3">
              {(
                [
                  ["x", "Left (px)"],
                  ["y", "Top (px)"],
                  ["width", "Width (px)"],
                  ["height", "Height (px)"],
                ] as const
              ).map(([key, label]) => (
                <div key={key}>
                  <label htmlFor={`${id}-crop-${key}`} className="text-sm font-semibold">
                    {label}
                  </label>
                  <input
                    id={`${id}-crop-${key}`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    step={1}
                    value={crop[key]}
                    onChange={(event) => {
                      setCrop((current) => ({ ...current, [key]: event.target.value }));
                      setPreset("custom");
                    }}
                    className={inputClass}
                    aria-invalid={cropErrors ? true : undefined}
                    aria-describedby={cropErrors ? `${id}-crop-error` : `${id}-crop-hint`}
                  />
                </div>
              ))}
            </div>
            <p id={`${id}-crop-hint`} className="mt-1 text-sm text-[var(--muted)]">
              The picture is {item.originalWidth} × {item.originalHeight} pixels.
            </p>
            <FieldError id={`${id}-crop-error`} errors={cropErrors} />
          </fieldset>
        </div>
      </div>
      <div role="alert" className="text-sm font-semibold text-[var(--accent)]">
        {error}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButtonClass} disabled={pending}>
          Save crop and focal point
        </button>
        <button type="button" className={buttonClass} onClick={onClose}>
          Cancel
        </button>
        {/* A new crop means every size is made again from the original: a few seconds for a big photo. */}
        <p role="status" className="text-sm">
          {pending ? "Saving: making every size again from the original…" : null}
        </p>
      </div>
    </form>
  );
}
